"""The main window: header, page sidebar with states, pages, findings panel, menus.

The window wires the document (return + undo + live checks) to the pages; it
owns files (new, open, save, import last year's, export), autosave and
recovery, and never lets an error the officer can cause become a traceback.
Prompts are methods (``ask_save_changes``, ``ask_recover``, ``inform``,
``choose_open_path``...) so tests can answer them without a dialog.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMainWindow, QStackedWidget,
                               QVBoxLayout, QWidget)

from forms.schema import paths as P
from forms.drafts.store import read_draft, save_draft
from forms.schema.errors import NotAReturn, UserError
from forms.schema.organisations import find_organisation

from .autosave import Autosaver, Recovery, pending_recoveries
from .document import Document
from .field_state import RANK, icon_for, ok_icon
from .findings_panel import FindingsPanel, finding_state
from .pages import (FORM_PAGES, PAGE_KEYS, PAGES, TOTALS, Pages, page_of, real_path,
                    table_paths)
from .pdf_export import save_pdf
from .public_key import export_public_key
from .program_folder import documents_folder, inside_program
from .recent import add_recent, recent_files, remove_recent

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from forms.schema.model import Return

log = logging.getLogger("backoffice")
APP_TITLE = "Back Office Return"
FINISH_START_LATEST_MS = 1000
DRAFT_FILTER = "Returns (*.json *.xlsx);;Drafts (*.json);;Signed workbooks (*.xlsx)"


class MainWindow(QMainWindow):
    def __init__(self, autosave_ms: int | None = None, *, defer_checks: bool = False):
        """``defer_checks``: the start-up path. The window is drawn first and the
        models, rule pack and checks load right after its first paint (finish_start)."""
        super().__init__()
        self.doc = Document(self)
        self.setWindowTitle(APP_TITLE)
        self.resize(1180, 780)
        self._build_pages()
        self._build_layout()
        self._build_menus()
        kwargs = {} if autosave_ms is None else {"interval_ms": autosave_ms}
        self.autosaver = Autosaver(self.doc, parent=self, **kwargs)
        self.autosaver.failed.connect(self._on_autosave_failed)
        self.autosaver.recovered.connect(self._on_autosave_recovered)
        d = self.doc
        d.checked.connect(self._on_checked)
        d.file_changed.connect(self._update_title)
        d.dirty_changed.connect(lambda _d: self._update_title())
        d.changed.connect(self._on_changed)
        d.reveal.connect(self.go_to_path)
        d.load_failed.connect(self._on_load_failed)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)
        self._closing = False
        self._autosave_warning: QLabel | None = None
        self._autosave_told = False
        self._started = not defer_checks
        if defer_checks:
            self.header.installEventFilter(self)     # its first paint: see eventFilter
            # Should nothing be painted (a window opened minimised), start anyway.
            QTimer.singleShot(FINISH_START_LATEST_MS, self, self.finish_start)
        else:
            d.check_now()
        self._update_title()
        self.statusBar().showMessage("File › New (Ctrl+N) starts a return for your "
                                     "organisation; File › Open (Ctrl+O) opens a draft or a "
                                     "signed workbook.")
        self.go_to_page("details", focus=False)

    # ------------------------------------------------------------- start-up
    def eventFilter(self, obj, event) -> bool:
        if obj is self.header and event.type() == QEvent.Type.Paint:
            self.header.removeEventFilter(self)
            # After this paint reaches the screen, not inside it.
            QTimer.singleShot(0, self, self.finish_start)
        return super().eventFilter(obj, event)

    def finish_start(self) -> None:
        """Validate the return shown at start-up and run the checks (once)."""
        if self._started:
            return
        self._started = True
        self.doc.finish_loading()

    def _on_load_failed(self, message: str, path: str) -> None:
        if path:
            remove_recent(Path(path))     # as if it had never opened
        self.notify(f"Could not open {Path(path).name}." if path else "Could not open the draft.")
        generation = self.doc.generation

        def tell() -> None:
            still = self.doc.generation == generation   # nothing else opened meanwhile
            self.inform("Cannot open", message + (" A blank return is shown instead; your "
                                                  "file is unchanged." if still else ""))
        # Reported from wherever the return was first needed: shown once that is over.
        QTimer.singleShot(0, self, tell)     # not if the window is gone

    # ------------------------------------------------------------- building
    def _build_pages(self) -> None:
        self.pages = Pages(self._build_page)
        self._bench = None
        # the latest field, cell and table states, for pages built after the check
        self._marks: tuple[dict, dict, dict] = ({}, {}, {})

    def _build_page(self, key: str) -> QWidget:
        d, n = self.doc, self.notify
        title = next(t for k, t, _ in PAGES if k == key)
        page: QWidget
        if key in FORM_PAGES:
            from .form_page import FormPage
            model, prefix, names, totals = FORM_PAGES[key]
            page = FormPage(d, key, title, prefix, model, n, names=names,
                            totals={p: TOTALS[t] for p, t in totals.items()})
            page.set_states(*self._marks)
        elif key == "checks":
            from .checks_page import ChecksPage
            page = ChecksPage(d, n)
            page.go.connect(self.go_to_finding)
            page.refresh()
        else:
            page = self._benchmarks_page()
            self._update_benchmarks()
        self.stack.addWidget(page)
        return page

    def _benchmarks_page(self) -> QWidget:
        from .benchmarks_page import BenchmarksPage
        page = BenchmarksPage()
        page.action_chosen.connect(self._choose_action)
        self._bench = page
        return page

    def _update_benchmarks(self) -> None:
        if self._bench is not None:
            try:
                self._bench.set_data(self.doc.report, self.doc.metrics,
                                     self.doc.previous_metrics, self.doc.ret)
            except Exception:   # a chart problem must never stop the checks
                log.exception("benchmarks page failed to update")

    def _build_layout(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setAccessibleName("Return status")
        self.header.setContentsMargins(8, 6, 8, 6)
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setAccessibleDescription("The pages of the return and their state.")
        for key, title, _ in PAGES:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        # Titles on one line, a page's state on a second line beneath: the list is only
        # as wide as its words need, and never changes width as findings come and go.
        fm = self.sidebar.fontMetrics()
        icon = max(16, fm.height())
        self.sidebar.setIconSize(QSize(icon, icon))
        self.sidebar.setSpacing(1)
        self.sidebar.setWordWrap(True)     # "23 errors, 14 queries" takes a third line
        words = [t for _, t, _ in PAGES] + ["12 errors, 3 queries"]
        self.sidebar.setFixedWidth(max(fm.horizontalAdvance(w) for w in words) + icon
                                   + 4 * fm.horizontalAdvance("n") + 8)
        self.stack = QStackedWidget()     # pages join it as they are built
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(6, 0, 6, 0)
        col.addWidget(self.header)
        col.addWidget(body, 1)
        self.setCentralWidget(central)
        self.findings = FindingsPanel()
        self.findings.activated.connect(self.go_to_finding)
        self.dock = QDockWidget("Findings", self)
        self.dock.setObjectName("findings")
        self.dock.setWidget(self.findings)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        # Small by default (a summary line and a few findings): the page keeps the room.
        # The officer can drag it taller; closeEvent saves the size with the window state.
        self.resizeDocks([self.dock], [self.fontMetrics().height() * 8], Qt.Orientation.Vertical)

    def _action(self, menu, text: str, slot: Callable, keys=None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if keys is not None:
            act.setShortcut(QKeySequence(keys))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: self._guard(slot))
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        K = QKeySequence.StandardKey
        f = mb.addMenu("&File")
        self._action(f, "&New return…", self.new_return, K.New,
                     "Start a return for your organisation, pre-filled with its commitments.")
        self._action(f, "&Open…", self.open_file, K.Open, "Open a draft (.json) or a signed "
                     "workbook (.xlsx).")
        self.recent_menu = f.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, "&Import last year's return…", self.import_previous, None,
                     "Last year's figures give year-on-year checks and the Benchmarks chart.")
        f.addSeparator()
        self._action(f, "&Save", self.save, K.Save)
        self._action(f, "Save &as…", self.save_as, K.SaveAs)
        f.addSeparator()
        self._action(f, "E&xport and sign…", self.export, "Ctrl+E",
                     "Write the signed workbook for the Treasury.")
        self._action(f, "&Print / Save as PDF…", lambda: save_pdf(self), K.Print,
                     "The whole return with its checks, for the senior officer who approves it.")
        self._action(f, "Save p&ublic key for HM Treasury…", lambda: export_public_key(self), None,
                     "Save a signing key's public key (.pem) to file with HM Treasury.")
        self._action(f, "&Consolidate returns…", lambda: open_consolidation(self), None,
                     "Verify a folder of received returns and build the consolidated tables.")
        f.addSeparator()
        quit_ = self._action(f, "&Quit", self.close, K.Quit)
        if quit_.shortcut().isEmpty():
            quit_.setShortcut(QKeySequence("Ctrl+Q"))
        e = mb.addMenu("&Edit")
        undo = self.doc.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(K.Undo)
        redo = self.doc.undo.createRedoAction(self, "&Redo")
        redo.setShortcuts(QKeySequence.keyBindings(K.Redo) + [QKeySequence("Ctrl+Y")])
        e.addAction(undo)
        e.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        g = mb.addMenu("&Go")
        for i, (key, title, _) in enumerate(PAGES):
            self._action(g, f"&{i + 1} {title}", lambda k=key: self.go_to_page(k), f"Ctrl+{i + 1}")
        g.addSeparator()
        self._action(g, "&Next finding", self.next_finding, "F8",
                     "Go to the field of the next error or query.")
        self._action(g, "Findings &panel", self._focus_findings, "F6")
        self._action(g, "Page &list", lambda: self.sidebar.setFocus(), "Ctrl+L")
        h = mb.addMenu("&Help")
        self._action(h, "&Keyboard shortcuts", self._show_keys, K.HelpContents)
        self._action(h, "&About", self._about)

    # ------------------------------------------------------------ messages
    def notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    def inform(self, title: str, text: str, warning: bool = True) -> None:
        """A calm one-line message; tests replace this method."""
        from PySide6.QtWidgets import QMessageBox   # dialogs: not needed to start
        box = QMessageBox.warning if warning else QMessageBox.information
        box(self, title, text)

    def ask_save_changes(self) -> str:
        """'save', 'discard' or 'cancel' for a return with unsaved changes."""
        from PySide6.QtWidgets import QMessageBox
        B = QMessageBox.StandardButton
        r = QMessageBox.question(self, APP_TITLE,
                                 f"{self.doc.title()} has changes that are not saved. Save them?",
                                 B.Save | B.Discard | B.Cancel, B.Save)
        return {B.Save: "save", B.Discard: "discard"}.get(r, "cancel")

    def ask_drop_refused(self, labels: list[str]) -> str:
        """'discard' or 'back' when boxes hold text that is not a valid entry."""
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                          f"The text in {', '.join(labels)} is not a valid entry, so it cannot "
                          "be kept. Go back and correct it, or discard it?", parent=self)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        drop = box.addButton("&Discard the text", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.exec()
        return "discard" if box.clickedButton() is drop else "back"

    def ask_recover(self, rec: Recovery) -> str:
        """'recover', 'discard' or 'later' for an autosave left by a crash."""
        from PySide6.QtWidgets import QMessageBox
        import datetime as dt
        when = dt.datetime.fromtimestamp(rec.saved_at).strftime("%d %b %Y at %H:%M")
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE,
                          f"Back Office Return did not close properly last time. Unsaved "
                          f"changes to {rec.title} were kept on {when}. Recover them?", parent=self)
        rec_b = box.addButton("&Recover", QMessageBox.ButtonRole.AcceptRole)
        dis_b = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Ask me &later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(rec_b)
        box.exec()
        return "recover" if box.clickedButton() is rec_b else (
            "discard" if box.clickedButton() is dis_b else "later")

    def choose_open_path(self, title: str = "Open a return") -> Path | None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, title, str(self._folder()), DRAFT_FILTER)
        return Path(path) if path else None

    def choose_save_path(self) -> Path | None:
        from PySide6.QtWidgets import QFileDialog
        suggested = self._folder() / self._suggested_name(".json")
        path, _ = QFileDialog.getSaveFileName(self, "Save the draft", str(suggested),
                                              "Drafts (*.json)")
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == ".json" else p.with_suffix(p.suffix + ".json")

    def _folder(self) -> Path:
        """Where Save as and Export start: the draft's folder, else the last, else Documents;
        never the program's own folder (a template opened from there starts in Documents)."""
        if self.doc.path and not inside_program(self.doc.path):
            return self.doc.path.parent
        if not self.doc.template:
            last = QSettings().value("last_folder", "")
            if last and Path(str(last)).is_dir() and not inside_program(str(last)):
                return Path(str(last))
        return documents_folder()

    def _suggested_name(self, suffix: str) -> str:
        """DCSF-2009-10-draft.json for a draft, DCSF-2009-10-return.xlsx for a workbook."""
        env = self.doc.ret.envelope
        kind = "draft" if suffix == ".json" else "return"
        parts = [p for p in (env.organisation, env.financial_year, kind) if p]
        return "-".join(parts).replace("/", "-").replace("\\", "-") + suffix

    def _guard(self, slot: Callable) -> None:
        """Errors an officer can cause become a message; anything else goes to the crash hook."""
        try:
            slot()
        except UserError as e:
            self.inform(APP_TITLE, str(e))

    # --------------------------------------------------------- navigation
    def _on_sidebar(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.stack.setCurrentWidget(self.pages[PAGES[row][0]])

    def current_page(self) -> str:
        shown = self.stack.currentWidget()
        return next((k for k, p in self.pages.built.items() if p is shown), PAGES[0][0])

    def go_to_page(self, key: str, focus: bool = True) -> QWidget:
        page = self.pages[key]
        self.sidebar.setCurrentRow(PAGE_KEYS.index(key))
        self.stack.setCurrentWidget(page)
        if focus:
            first = getattr(page, "first_input", lambda: None)()
            (first or page).setFocus(Qt.FocusReason.ShortcutFocusReason)
        return page

    def go_to_path(self, path: str) -> bool:
        """Show the page holding ``path`` and put the focus on its input or cell."""
        if not path:
            return False
        key = page_of(path)
        page = self.go_to_page(key, focus=False)
        if path.startswith("explanations:"):
            return page.focus_explanation(path.split(":", 1)[1])
        focus = getattr(page, "focus_path", None)
        if focus is not None and focus(path):
            return True
        first = getattr(page, "first_input", lambda: None)()
        (first or page).setFocus()
        return False

    def go_to_finding(self, paths: tuple) -> bool:
        target = real_path(tuple(paths))
        if not target:
            self.go_to_page("benchmarks")
            return False
        return self.go_to_path(target)

    def next_finding(self) -> None:
        blocking = self.doc.report.blocking
        if not blocking:
            self.notify("Nothing blocks export: no errors or unexplained queries.")
            return
        self._finding_cursor = (getattr(self, "_finding_cursor", -1) + 1) % len(blocking)
        f = blocking[self._finding_cursor]
        self.go_to_finding(f.paths)
        self.notify(f.message)

    def _focus_findings(self) -> None:
        self.dock.show()
        self.findings.tree.setFocus()
        if not self.findings.tree.currentItem():
            self.findings.tree.setCurrentItem(self.findings.tree.topLevelItem(0))

    # ------------------------------------------------------ checks -> views
    def _on_changed(self, path: str) -> None:
        if path == "" or path.startswith("envelope"):
            self._update_header()

    def _on_checked(self) -> None:
        report = self.doc.report
        self.findings.update_report(report)
        fields: dict[str, tuple[str, list[str]]] = {}
        cells: dict[str, dict] = {}
        tables: dict[str, tuple[str, list[str]]] = {}
        counts = {k: [0, 0] for k, _, _ in PAGES}
        tables_shown = table_paths()

        def mark(store: dict, key, state: str, msg: str) -> None:
            old = store.get(key)
            if old is None or RANK[state] < RANK[old[0]]:
                store[key] = (state, [msg] + (old[1] if old else []))
            elif msg not in old[1]:
                old[1].append(msg)

        for f in report.findings:
            if f.severity == "benchmark":
                continue
            state = finding_state(report, f)
            first = real_path(f.paths)
            if first and state != "explained":
                counts[page_of(first)][0 if state == "error" else 1] += 1
            for p in f.paths:
                if p.startswith("metrics."):
                    continue
                split = P.split_row(p)
                if split and split[2] and split[0] in tables_shown:
                    mark(cells.setdefault(split[0], {}), (split[1], split[2]), state, f.message)
                elif p in tables_shown:
                    mark(tables, p, state, f.message)
                else:
                    mark(fields, p, state, f.message)
        self._marks = (fields, cells, tables)
        for page in self.pages.built.values():
            set_states = getattr(page, "set_states", None)
            if set_states is not None:
                set_states(fields, cells, tables)
        open_q = sum(1 for f in report.queries if not report.explained(f))
        counts["checks"] = [len(report.errors), open_q]
        for row, (key, title, _) in enumerate(PAGES):
            errs, qs = counts[key]
            item = self.sidebar.item(row)
            bits = []
            if errs:
                bits.append(f"{errs} error{'s' if errs != 1 else ''}")
            if qs:
                bits.append(f"{qs} quer{'ies' if qs != 1 else 'y'}")
            if key == "benchmarks":
                short = sum(1 for f in report.benchmarks if f.status == "short")
                bits = [f"{short} short"] if short else []
                state = "query" if short else ""
            else:
                state = "error" if errs else ("query" if qs else "")
            text = f"{title}\n{', '.join(bits)}" if bits else title
            words = ", ".join(bits) if bits else "complete"
            item.setText(text)
            item.setIcon(icon_for(state) if state else ok_icon())
            item.setToolTip(f"{title}: {words}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {words}")
        self._update_benchmarks()
        self._update_header()

    def _update_header(self) -> None:
        v = self.doc.value        # the values shown, validated or not yet
        organisation, body = v("envelope.organisation") or "", v("envelope.body_name") or ""
        try:
            org = find_organisation(organisation).label if organisation else ""
        except UserError:
            org = organisation
        who = org or "No organisation chosen yet"
        if body:
            who += f" — {body}"
        year = v("envelope.financial_year") or "year not set"
        report = self.doc.report
        errs = len(report.errors)
        open_q = sum(1 for f in report.queries if not report.explained(f))
        if not self.doc.checked_once:
            status = "Checking…"
        elif report.can_submit:
            status = "Ready to export"
        else:
            bits = []
            if errs:
                bits.append(f"{errs} error{'s' if errs != 1 else ''}")
            if open_q:
                bits.append(f"{open_q} unexplained quer{'ies' if open_q != 1 else 'y'}")
            status = "Not ready: " + ", ".join(bits)
        prev = ""
        if self.doc.previous is not None:
            prev = f" · compared with {self.doc.previous.envelope.financial_year or 'last year'}"
        self.header.setText(f"<span style='font-size:120%'><b>{who}</b></span><br>"
                            f"{year} · {v('envelope.return_kind')} · <b>{status}</b>{prev}")

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.title()}[*] — {APP_TITLE}")
        self.setWindowModified(self.doc.dirty)

    def _choose_action(self, key: str, number: str) -> None:
        try:
            self.doc.set_benchmark_action(key, number, reveal="benchmark_actions")
        except UserError as e:
            self.notify(str(e))

    # ----------------------------------------------------------- editing
    def commit_pending(self) -> list[str]:
        """Write what is typed in every box to the return; labels of refused boxes."""
        # Boxes drawn before the return was validated hold the draft's own text:
        # validate first, so a draft that fails is replaced before any box writes to it.
        self.finish_start()
        bad: list[str] = []
        for page in self.pages.built.values():     # a page never built holds no typing
            commit = getattr(page, "commit_pending", None)
            if commit is not None:
                bad += commit()
        return bad

    # ------------------------------------------------------------- files
    def maybe_save(self) -> bool:
        """True when it is safe to replace or close the return."""
        refused = self.commit_pending()
        if refused and self.ask_drop_refused(refused) != "discard":
            self.notify(f"Correct the text in {', '.join(refused)}: it is not a valid entry.")
            return False
        if not self.doc.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_return(self) -> None:
        if not self.maybe_save():
            return
        from .new_dialog import NewReturnDialog
        dlg = NewReturnDialog(self)
        if dlg.exec() and dlg.result_return is not None:
            self.load_return(dlg.result_return, None)
            self.notify("New return created. Fill in each page; the checks run as you type.")
            self.go_to_page("details")

    def load_return(self, ret: Return, path: Path | None, *, source: str = "",
                    dirty: bool = False, template: bool = False) -> None:
        self.autosaver.discard()
        self.doc.set_previous(None, check=False)   # the load below checks once
        self._started = True                       # and nothing is left to finish
        self.doc.load(ret, path, dirty=dirty, source_name=source, template=template)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True, *, defer: bool = False) -> bool:
        """Open a draft or a signed workbook; False (with a message) if it cannot be read.

        ``defer`` (start-up): a draft's values are shown at once and validated
        after the window's first paint (finish_start)."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        is_draft = path.suffix.lower() == ".json"
        defer = defer and is_draft and not self._started
        try:
            if defer:
                data = read_draft(path)
            else:
                from forms.workbook.any_file import load_any   # lazy: a workbook pulls in openpyxl
                ret = load_any(path)
        except UserError as e:
            if path.exists():
                self.inform("Cannot open", str(e))
            else:
                remove_recent(path)
                self.inform("Cannot open", f"{path.name} is no longer in {path.parent}: it was "
                            "moved, renamed or deleted. Use File › Open to find it.")
            return False
        # The sample and anything else in the program's folder is a read-only template:
        # opened as untitled, so Save asks where to keep the officer's copy.
        template = inside_program(path)
        keep_path = is_draft and not template
        where, source = (path if keep_path else None), ("" if keep_path else path.name)
        if defer:
            self.autosaver.discard()
            self.doc.set_previous(None, check=False)
            self.doc.load_data(data, where, source_name=source, template=template)
        else:
            self.load_return(ret, where, source=source, template=template)
        settings = QSettings()          # one write to the settings file for both
        add_recent(path, settings)
        if not template:
            settings.setValue("last_folder", str(path.parent))
        if template:
            self.notify(f"Opened {path.name} from the program's folder, as a template: "
                        "Save (Ctrl+S) asks where to keep your copy.")
        else:
            self.notify(f"Opened {path.name}." if is_draft else
                        f"Opened the return inside {path.name}. Save it as a draft (Ctrl+S) "
                        "to keep working on it.")
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        if not files:
            a = self.recent_menu.addAction("(none yet)")
            a.setEnabled(False)
        for i, p in enumerate(files):
            act = self.recent_menu.addAction(f"&{i + 1} {p.name}   ({p.parent})")
            act.triggered.connect(lambda _c=False, p=p: self.open_path(p))

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.choose_save_path()
        return self.save_to(path) if path is not None else False

    def save_to(self, path: Path) -> bool:
        if inside_program(path):
            self.inform("Not saved", f"{Path(path).parent} is the program's own folder, which "
                        "is read-only. Save the draft in your Documents folder instead "
                        "(File › Save as).")
            return False
        refused = self.commit_pending()
        try:
            save_draft(self.doc.ret, path)
        except OSError as e:
            self.inform("Not saved", f"Cannot write {path}: {e.strerror or e}. Choose another "
                        "folder (File › Save as).")
            return False
        self.doc.mark_saved(Path(path))
        add_recent(Path(path))
        QSettings().setValue("last_folder", str(Path(path).parent))
        if refused:
            self.notify(f"Saved {Path(path).name}, but not the text in {', '.join(refused)}: "
                        "it is not a valid entry. Correct it and save again.")
        else:
            self.notify(f"Saved {Path(path).name}.")
        return True

    def import_previous(self) -> None:
        path = self.choose_open_path("Import last year's return")
        if path is not None:
            self.import_previous_path(path)

    def import_previous_path(self, path: Path) -> bool:
        from forms.workbook.any_file import load_any
        try:
            prev = load_any(Path(path))
        except UserError as e:
            self.inform("Cannot import", str(e))
            return False
        from forms.drafts.next_year import check_previous
        try:
            check_previous(self.doc.ret, prev, Path(path).name)
        except UserError as e:
            self.inform("Not imported", str(e))
            return False
        penv = prev.envelope
        filled = self._fill_baselines(prev, Path(path))
        self.doc.set_previous(prev, Path(path))
        self.notify(f"Compared with {penv.financial_year or 'last year'} from {Path(path).name}: "
                    "year-on-year checks and the Benchmarks chart now use it."
                    + (f" Baselines filled in: {', '.join(filled)}." if filled else ""))
        return True

    def _fill_baselines(self, earlier: Return, path: Path) -> list[str]:
        """Blank baselines for the imported return's year take its figures (one undo step)."""
        from validators.baselines import prefill
        trial = self.doc.ret.model_copy(deep=True)
        filled = prefill(trial, earlier=[(earlier, f"Return for {earlier.envelope.financial_year}"
                                                   f" ({path.name})")])
        if trial.baselines != self.doc.ret.baselines:
            self.doc.replace_rows("baselines", list(trial.baselines), "Fill in baselines")
        return filled

    # ------------------------------------------------------------ export
    def make_export_dialog(self, default: Path):
        from .export_dialog import ExportDialog
        return ExportDialog(self, self.doc.ret, self.doc.previous, default)

    def export(self) -> None:
        refused = self.commit_pending()
        if refused:
            self.inform("Not exported", f"Correct the text in {', '.join(refused)} first: it is "
                        "not a valid entry.")
            return
        self.doc.check_now()
        default = self._folder() / self._suggested_name(".xlsx")
        dlg = self.make_export_dialog(default)
        dlg.jump_to.connect(self._jump_from_export)
        dlg.exported.connect(lambda r: self.notify(
            f"Exported {Path(r.path).name}, signed with key {r.fingerprint}."))
        dlg.exec()

    def _jump_from_export(self, path: str) -> None:
        QTimer.singleShot(0, self, lambda: self.go_to_finding((path,)) if path else None)

    # ------------------------------------------------------- autosave/close
    def _on_autosave_failed(self, message: str) -> None:
        # Not only a passing status message: a warning that stays until autosave
        # works again, and once per session a dialog the officer must see.
        if self._autosave_warning is None:
            self._autosave_warning = QLabel()
            self._autosave_warning.setStyleSheet("color: #9C0006; font-weight: bold")
            self._autosave_warning.setAccessibleName("Autosave warning")
            self.statusBar().addPermanentWidget(self._autosave_warning)
        self._autosave_warning.setText("⚠ Autosave is not working: save your work (Ctrl+S)")
        self._autosave_warning.setToolTip(message)
        self._autosave_warning.show()
        self.notify(message)
        if not self._autosave_told:
            self._autosave_told = True
            QTimer.singleShot(0, self, lambda: self.inform("Autosave is not working", message))

    def _on_autosave_recovered(self) -> None:
        if self._autosave_warning is not None:
            self._autosave_warning.hide()
        self.notify("Autosave is working again.")

    def _on_app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive and not self._closing:
            self.autosave_now()

    def autosave_now(self) -> bool:
        self.commit_pending()
        return self.autosaver.save_now()

    def emergency_save(self) -> Path | None:
        """Called by the crash hook before its message: where the figures were kept."""
        if not self.doc.dirty:
            return None
        if self.autosaver.save_now():
            return self.autosaver.draft
        raise OSError("the autosave folder cannot be written")

    def offer_recovery(self) -> bool:
        """At start: offer each autosave a crashed session left. True if one was recovered."""
        for rec in pending_recoveries():
            answer = self.ask_recover(rec)
            if answer == "recover":
                try:
                    ret = rec.load()
                except NotAReturn as e:
                    self.inform("Cannot recover", f"The kept copy cannot be read ({e}).")
                    rec.discard()
                    continue
                original = rec.original if (rec.original and rec.original.suffix == ".json"
                                            and not inside_program(rec.original)) else None
                self.load_return(ret, original, source=rec.title, dirty=True)
                rec.discard()
                self.autosaver.save_now()
                self.notify("Recovered your unsaved changes. Save (Ctrl+S) to keep them.")
                return True
            if answer == "discard":
                rec.discard()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._closing = True
        self.autosaver.close()
        QSettings().setValue("window/geometry", self.saveGeometry())
        QSettings().setValue("window/state", self.saveState())
        event.accept()

    def restore_geometry(self) -> None:
        geo = QSettings().value("window/geometry")
        state = QSettings().value("window/state")
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)

    # -------------------------------------------------------------- help
    def _show_keys(self) -> None:
        self.inform("Keyboard shortcuts", (
            "Ctrl+1 … Ctrl+8 go to a page; Tab moves through a page; Alt+underlined letter "
            "jumps to a field. F8 goes to the next error or query; F6 to the findings panel "
            "(Enter on a finding goes to its field). Tables: type to edit, Ctrl+V pastes a "
            "block from Excel, Ctrl+Shift+= adds a row, Ctrl+minus removes rows, Ctrl+D "
            "duplicates, Alt+Up/Down moves. Ctrl+Z undo, Ctrl+Y redo, Ctrl+S save, "
            "Ctrl+E export and sign, Ctrl+P print or save as PDF."), warning=False)

    def _about(self) -> None:
        from .crash import log_path
        where = f" Log file: {log_path()}"
        from forms.schema.version import VERSION
        self.inform("About", f"{APP_TITLE} {VERSION}: the annual back-office benchmarking return for "
                    f"HM Treasury. Works entirely offline.{where}", warning=False)


def open_consolidation(win) -> None:
    """The Treasury's window; imported when asked for, so pandas never loads at start-up."""
    from .consolidate import open_window
    open_window(win)
