"""The consolidation window: folders and keyring in, a table of returns and league tables out."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QMainWindow, QMessageBox, QProgressBar,
                               QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from forms.schema.wording import plural

from desktop.consolidate.chart import LeagueChart, unit_after
from desktop.consolidate.models import RowsModel, SortFilter
from desktop.consolidate.worker import ConsolidateWorker, SaveWorker, start
from desktop.files.program_folder import documents_folder


class ConsolidateWindow(QMainWindow):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Consolidate returns — Back Office Return")
        self.resize(1100, 700)
        self.outcome = None
        self.worker = None
        root = QWidget()
        lay = QVBoxLayout(root)
        top = QHBoxLayout()
        self.folders = QListWidget()
        self.folders.setMaximumHeight(70)
        self.folders.setAccessibleName("Folders of received returns")
        # The folders of the last run, where they still are: returns arrive over days.
        for folder in QSettings().value("consolidate/folders", [], list) or []:
            if isinstance(folder, str) and Path(folder).is_dir():
                self.folders.addItem(folder)
        buttons = QVBoxLayout()
        self.add_button = QPushButton("&Add folder…")
        self.add_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_folder)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        top.addWidget(QLabel("Returns in:"))
        top.addWidget(self.folders, 1)
        top.addLayout(buttons)
        lay.addLayout(top)
        ring = QHBoxLayout()
        self.keyring = QLineEdit(QSettings().value("consolidate/keyring", "", str))
        self.keyring.setPlaceholderText("Folder of the public keys filed per organisation")
        self.keyring.setAccessibleName("Keyring folder")
        choose = QPushButton("C&hoose…")
        choose.clicked.connect(self.choose_keyring)
        self.run_button = QPushButton("&Consolidate")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Ca&ncel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        for w in (QLabel("&Keyring:"), self.keyring, choose, self.run_button, self.cancel_button):
            ring.addWidget(w, 1 if w is self.keyring else 0)
        ring.itemAt(0).widget().setBuddy(self.keyring)
        lay.addLayout(ring)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(
            "The folders and keyring of the last run: Consolidate to verify them again, or "
            "add and remove folders first." if self.folders.count() and self.keyring.text()
            else "Add the folders of returns received, choose the keyring, then Consolidate.")
        self.status.setWordWrap(True)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        # Returns
        page = QWidget()
        pl = QVBoxLayout(page)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: any text in a row (organisation, status, year…)")
        self.filter.setAccessibleName("Filter returns")
        self.proxy = SortFilter(self)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = self._view(self.proxy)
        self.table.doubleClicked.connect(self.show_reasons)
        hint = QLabel("Double-click a rejected, unreadable or superseded file (or press Enter) "
                      "to see why.")
        pl.addWidget(self.filter)
        pl.addWidget(self.table, 1)
        pl.addWidget(hint)
        self.tabs.addTab(page, "&Returns")
        # League tables
        page = QWidget()
        pl = QVBoxLayout(page)
        self.rule = QComboBox()
        self.rule.setAccessibleName("Comparator or commitment")
        self.rule.currentIndexChanged.connect(self.show_league)
        self.league_proxy = SortFilter(self)
        self.league_table = self._view(self.league_proxy)
        self.chart = LeagueChart()
        split = QSplitter()
        split.addWidget(self.league_table)
        split.addWidget(self.chart)
        split.setSizes([560, 440])
        pl.addWidget(self.rule)
        pl.addWidget(split, 1)
        self.tabs.addTab(page, "&League tables")
        self.export_button = QPushButton("&Export consolidated workbook…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        # Once written, the workbook opens from here (in Excel, or whatever opens .xlsx).
        self.written: Path | None = None
        self.open_button = QPushButton("&Open workbook")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_written)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.export_button)
        lay.addLayout(bottom)
        self.setCentralWidget(root)
        guide = QAction("Help", self)          # F1: the user guide, at the Treasury's section
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self.show_help)
        self.addAction(guide)

    def show_help(self):
        from desktop.dialogs.help import show_guide
        return show_guide(self, "For the Treasury")

    def keyPressEvent(self, event) -> None:
        # A window, not a dialog: Qt gives its default button no Enter. Enter in the list
        # of folders or the keyring box consolidates, as a dialog's default button does
        # (in the table of returns, Enter opens a file's reasons instead).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.focusWidget() in (self.folders, self.keyring) \
                and self.run_button.isEnabled():
            self.run()
            return
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and isinstance(focus, QPushButton) and focus.isEnabled():
            focus.animateClick()        # as in a dialog: Enter presses the button in focus
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                and self.focusWidget() is self.folders:
            self.remove_folder()        # as in any list of files
            return
        super().keyPressEvent(event)

    def _view(self, proxy) -> QTableView:
        view = QTableView()
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        # Read, not typed in: rows as close as the text allows, so that more of 200 show.
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.activated.connect(lambda i: self.show_reasons(i) if view is self.table else None)
        from desktop.consolidate.copy_rows import install
        install(view, self.status.setText)      # Ctrl+C: the chosen rows, for Excel or email
        return view

    # ------------------------------------------------------------ inputs
    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of received returns",
                                                  str(self._start_folder()))
        if folder:
            self.folders.addItem(folder)
            QSettings().setValue("consolidate/last_folder", str(Path(folder).parent))

    def remove_folder(self) -> None:
        row = self.folders.currentRow()
        if row < 0:
            self.status.setText("Choose the folder to remove in the list first "
                                "(Tab to the list, then the arrow keys).")
            return
        self.folders.takeItem(row)

    def choose_keyring(self) -> None:
        typed = self.keyring.text().strip()
        start = Path(typed) if typed and Path(typed).is_dir() else self._start_folder()
        folder = QFileDialog.getExistingDirectory(self, "Keyring: the public keys filed",
                                                  str(start))
        if folder:
            self.keyring.setText(folder)

    @staticmethod
    def _start_folder() -> Path:
        """Where the last folder of returns was chosen from, else Documents: never the
        current folder, which is the program's own when started from a shortcut."""
        last = Path(QSettings().value("consolidate/last_folder", "", str) or ".")
        return last if last.is_absolute() and last.is_dir() else documents_folder()

    def paths(self) -> list[Path]:
        return [Path(self.folders.item(i).text()) for i in range(self.folders.count())]

    # ------------------------------------------------------------ running
    def run(self, jobs: int | None = None) -> None:
        if not self.paths():
            self.status.setText("Add at least one folder of returns first.")
            return
        ring = self.keyring.text().strip()
        if not ring or not Path(ring).is_dir():
            why = "" if not ring else (f"{ring} is a file, not a folder. " if Path(ring).exists()
                                       else f"There is no folder {ring}. ")
            self.status.setText(f"{why}Choose the keyring folder: without the public keys "
                                "filed, no return can be trusted.")
            self.keyring.setFocus()
            return
        QSettings().setValue("consolidate/keyring", ring)
        QSettings().setValue("consolidate/folders", [str(p) for p in self.paths()])
        self.worker = ConsolidateWorker(self.paths(), Path(ring), jobs or None)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Verifying the returns…")
        start(self.worker, self)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.stop.set()
            self.status.setText("Cancelling: finishing the returns being read…")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(f"Verified {done:,} of {total:,} returns…")

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.worker = None

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)

    def _finished(self, outcome) -> None:
        self._idle()
        self.outcome = outcome
        c = outcome.consolidation
        n = c.counts
        self.status.setText(
            ("Cancelled: only part of the files were read. " if c.cancelled else "")
            + "".join(f"{caution} " for caution in c.cautions)
            + f"{plural(n['received'], 'file')}: {n['valid']:,} valid, {n['superseded']:,} "
            f"superseded, {n['rejected']:,} rejected, {n['unreadable']:,} unreadable."
            + (f" {c.not_returned(most=12)}" if c.missing else ""))
        self.proxy.setSourceModel(RowsModel(outcome.columns, outcome.rows, outcome.raw, self))
        # The consolidation's own order (valid by organisation, body and year, then the
        # superseded, rejected and unreadable), not Qt's default of the first column descending.
        self.proxy.sort(-1)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.rule.blockSignals(True)
        self.rule.clear()
        for rule, (info, _rows) in outcome.leagues.items():
            self.rule.addItem(f"{'Commitment' if info.commitment else 'Comparator'}: "
                              f"{info.title}", rule)
        self.rule.blockSignals(False)
        self.show_league()
        self.export_button.setEnabled(True)
        self.written = None                 # a new consolidation: not yet written
        self.open_button.setVisible(False)

    def _write_failed(self, message: str) -> None:
        self.status.setText(message)
        self.export_button.setEnabled(True)

    def _written(self, path: str) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(f"Wrote {path}.")
        self.written = Path(path)
        self.open_button.setVisible(True)
        self.open_button.setFocus()       # Enter opens what was just written

    def open_written(self) -> None:
        if self.written is None:
            return
        if not self.written.exists():
            self.status.setText(f"{self.written} is no longer there: export it again.")
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written))):
            self.status.setText(f"No program on this computer opens .xlsx workbooks; the "
                                f"workbook is at {self.written}.")

    # ------------------------------------------------------------ views
    def show_league(self) -> None:
        if self.outcome is None or self.rule.currentIndex() < 0:
            return
        info, rows = self.outcome.leagues[self.rule.currentData()]
        from forms.consolidate.analysis import value_headings   # as the workbook heads them
        value, target = value_headings(info.metric)
        cols = [("rank", "Rank"), ("who", "Organisation – body"), ("financial_year", "Year"),
                ("return_kind", "Kind"), ("value", value), ("target", target),
                ("status", "Status")]
        from desktop.consolidate.worker import _text, figure_text
        from forms.schema.metrics import METRICS
        m = METRICS.get(info.metric)
        places = m.places if m else None
        text = [[figure_text(r.get(c), places) if c in ("value", "target") else _text(r.get(c))
                 for c, _ in cols] for r in rows]
        self.league_proxy.setSourceModel(RowsModel(cols, text, rows, self))
        self.league_proxy.sort(-1)              # the league's own order: best first per year
        self.league_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.league_table.resizeColumnsToContents()
        from forms.consolidate.analysis import chart_block   # as the workbook charts it
        block = chart_block([r["financial_year"] for r in rows], [r["return_kind"] for r in rows])
        now = [r for r in rows if (r["financial_year"], r["return_kind"]) == block]
        target = next((float(r["target"]) for r in now if r.get("target") is not None), None)
        title = f"{info.title}: {block[0]} {block[1]}" if block else info.title
        self.chart.set_rows([(r["who"], None if r["value"] is None else float(r["value"]),
                              r["status"]) for r in now], target, title, unit_after(info.metric))

    def reasons_for(self, row: int) -> str:
        model = self.proxy.sourceModel()
        return self.outcome.details.get(model.value(row, "file"), "") if model else ""

    def show_reasons(self, index) -> None:
        if self.outcome is None or not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        text = self.reasons_for(source.row())
        if not text:
            return
        name = Path(self.proxy.sourceModel().value(source.row(), "file")).name
        box = QMessageBox(QMessageBox.Icon.Information, name, text.split("\n\n")[0], parent=self)
        box.setDetailedText(text)
        box.setInformativeText("\n\n".join(text.split("\n\n")[1:2]))
        box.open()

    def export(self) -> None:
        if self.outcome is None:
            return
        # In the folder last exported to, else Documents: a bare name would start in the
        # current folder, the program's own when it is started from a shortcut.
        last = Path(QSettings().value("consolidate/last_export", "", str) or ".")
        folder = last if last.is_absolute() and last.is_dir() else documents_folder()
        path, _ = QFileDialog.getSaveFileName(self, "Save the consolidated workbook",
                                              str(folder / "consolidated.xlsx"),
                                              "Excel workbook (*.xlsx)")
        if path:
            QSettings().setValue("consolidate/last_export", str(Path(path).parent))
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        saver = SaveWorker(self.outcome.consolidation, path)
        # The window's own methods, so each runs on the GUI thread, in the order sent (a
        # lambda ran where the signal was sent: on the worker's thread).
        saver.finished.connect(self._written)
        saver.failed.connect(self._write_failed)
        self.export_button.setEnabled(False)
        self.status.setText(f"Writing {path.name}…")
        self._saver = saver
        start(saver, self)
