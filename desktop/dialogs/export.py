"""Export and sign: choose a key, type its passphrase, choose where to save.

When errors or unexplained queries remain the dialog lists them instead, and
each one jumps to its field. The export itself runs on a worker thread, so
the window keeps responding; afterwards the workbook is verified and the
result shown with the key's fingerprint.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from forms.schema.errors import UserError
from forms.schema.model import Return
from forms.schema.wording import plural

from desktop.dialogs import enter_does
from desktop.dialogs import export_worker as W
from desktop.tasks import runner
from desktop.crash import setup_logging
from desktop.dialogs.key import KEY_SUFFIX, KeyDialog
from desktop.widgets.field_state import mark_invalid

LAST_KEY = "export/last_key"
ERROR_STYLE = "color: #b00020;"


def default_export_path(ret: Return, draft_path: Path | None = None) -> Path:
    """DCSF-2009-10-return.xlsx beside the draft, else in Documents; never in the
    program's own folder (the sample opened from there is a read-only template)."""
    from desktop.files.program_folder import documents_folder, inside_program
    env = ret.envelope
    stem = "-".join(x for x in (env.organisation, env.financial_year) if x) or "back-office"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem)
    if draft_path is not None and not inside_program(draft_path):
        folder = Path(draft_path).parent
    else:
        folder = documents_folder()
    return folder / f"{stem}-return.xlsx"


def _button(text: str, name: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


def _label(text: str, buddy: QWidget) -> QLabel:
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab


def jump_target(paths) -> str:
    """The field a finding is about: a metric's finding names its inputs after the metric."""
    real = [p for p in paths if not p.startswith("metrics.")]
    return real[0] if real else (paths[0] if paths else "")


def _stack(*items) -> QVBoxLayout:
    """A field with its note or message beneath; a hidden message takes no room."""
    box = QVBoxLayout()
    box.setSpacing(2)
    for item in items:
        if isinstance(item, QWidget):
            box.addWidget(item)
        else:
            box.addLayout(item)
    return box


def _message_label() -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setStyleSheet(ERROR_STYLE)
    lab.hide()
    return lab


class ExportDialog(QDialog):
    """Emits jump_to(field path) when a blocking finding is chosen, exported(ExportResult)."""

    jump_to = Signal(str)
    exported = Signal(object)

    def __init__(self, parent: QWidget | None, ret: Return, previous: Return | None,
                 default_path: Path):
        super().__init__(parent)
        setup_logging()
        self.ret, self.previous = ret, previous
        self.outcome: W.ExportOutcome | None = None
        self._focus_after: QLineEdit | None = None
        self._busy = False
        env = ret.envelope
        self.setWindowTitle("Export and sign")
        layout = QVBoxLayout(self)
        heading = QLabel(f"Export the signed return for {env.organisation or 'your organisation'} "
                         f"{env.financial_year}".strip())
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        layout.addWidget(heading)

        self.blocked_intro = QLabel()
        self.blocked_intro.setWordWrap(True)
        self.blocked_list = QListWidget()
        self.blocked_list.setAccessibleName("Problems that stop export")
        self.blocked_list.itemActivated.connect(self._jump)
        self.blocked_list.setWordWrap(True)
        layout.addWidget(self.blocked_intro)
        layout.addWidget(self.blocked_list, 1)

        form = QFormLayout()
        self.key = QLineEdit()
        self.key.setPlaceholderText("Choose your organisation's signing key file")
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(_button("&Browse…", "Browse for a signing key", self._browse_key))
        row.addWidget(_button("C&reate key…", "Create a new signing key", self._create_key))
        self.key_info = QLabel()
        self.key_info.setWordWrap(True)
        form.addRow(_label("Signing &key file:", self.key), _stack(row, self.key_info))

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_error = _message_label()
        form.addRow(_label("&Passphrase:", self.passphrase),
                    _stack(self.passphrase, self.passphrase_error))

        self.out = QLineEdit(str(default_path))
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(_button("Bro&wse…", "Browse for where to save the workbook", self._browse_out))
        form.addRow(_label("Save &as:", self.out), row)
        for w, name, help in (
                (self.key, "Signing key file", "The key file that signs the workbook."),
                (self.passphrase, "Passphrase", "The passphrase you chose when the key was created."),
                (self.out, "Save as", "Where the signed workbook is written.")):
            w.setAccessibleName(name)
            w.setToolTip(help)
            w.setStatusTip(help)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)          # busy: the export gives no percentages
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Exporting")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = _message_label()
        layout.addWidget(self.message)

        self.result_box = QFrame()
        self.result_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.result_box)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.result_label.setAccessibleName("Export result")
        box.addWidget(self.result_label)
        self.open_folder = QPushButton("&Open folder")
        self.open_folder.clicked.connect(self._open_folder)
        box.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        self.result_box.hide()
        layout.addWidget(self.result_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Enter in any box exports (start_export ignores a second press while running).
        enter_does(self, self.export_button)

        self.key.textChanged.connect(self._show_key_info)
        last = QSettings().value(LAST_KEY, "")
        if isinstance(last, str) and last and Path(last).is_file():
            self.key.setText(last)
        self._show_key_info()
        self.blocking = self._list_blocking()
        self.setMinimumWidth(640)
        (self.blocked_list if self.blocking else
         self.passphrase if self.key.text() else self.key).setFocus()

    # -- what blocks export ---------------------------------------------------------
    def _list_blocking(self) -> list:
        from validators.engine import check
        try:
            report = check(self.ret, previous=self.previous)
        except UserError as e:   # e.g. the return names a rule pack that is not installed
            self._fail(W.ExportFailure(W.OUTPUT, str(e)))
            self.export_button.setEnabled(False)
            return []
        self.show_blocking(report.blocking, report)
        return report.blocking

    def show_blocking(self, findings, report=None) -> None:
        self.blocked_list.clear()
        blocked = bool(findings)
        self.blocked_intro.setVisible(blocked)
        self.blocked_list.setVisible(blocked)
        self.export_button.setEnabled(not blocked)
        if not blocked:
            return
        n_err = sum(1 for f in findings if f.severity == "error")
        n_q = len(findings) - n_err
        self.blocked_intro.setText(
            f"This return cannot be exported yet: {plural(n_err, 'error')} to fix and "
            f"{plural(n_q, 'query', 'queries')} to fix or explain. Choose one (Enter or double-click) to go to it.")
        from desktop.widgets.field_state import icon_for   # the same icons as the main window's
        for f in findings:
            is_error = f.severity == "error"
            text = f"{'Error' if is_error else 'Query, not explained'}: {f.message}"
            item = QListWidgetItem(icon_for("error" if is_error else "query"), text)
            item.setData(Qt.ItemDataRole.UserRole, jump_target(f.paths))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setToolTip(f.message)
            self.blocked_list.addItem(item)
        self.blocked_list.setCurrentRow(0)

    def _jump(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.jump_to.emit(path)
        self.reject()

    # -- key ------------------------------------------------------------------------
    def _show_key_info(self) -> None:
        text = self.key.text().strip()
        self.key_info.setStyleSheet("")
        if not text:
            self.key_info.setText("No key chosen. Choose your key file, or create one "
                                  "if your organisation has none yet.")
            return
        try:
            from forms.signing.keys import read_key_info
            info = read_key_info(Path(text))
        except (UserError, OSError, ValueError) as e:
            self.key_info.setText(f"{e}" if isinstance(e, UserError) else
                                  f"{Path(text).name} cannot be read as a signing key.")
            self.key_info.setStyleSheet(ERROR_STYLE)
            return
        note = f"Key for {info.organisation}, fingerprint {info.fingerprint}."
        org = self.ret.envelope.organisation
        if org and info.organisation and info.organisation.casefold() != org.casefold():
            note += f" This key is not {org}'s: choose {org}'s key."
            self.key_info.setStyleSheet(ERROR_STYLE)
        self.key_info.setText(note)
        self.key.setAccessibleDescription(note)

    def _browse_key(self) -> None:
        start = self.key.text() or str(_keys_folder())
        name, _ = QFileDialog.getOpenFileName(self, "Choose your signing key", start,
                                              f"Signing key (*{KEY_SUFFIX});;All files (*)")
        if name:
            self.key.setText(name)
            self.passphrase.setFocus()

    def _create_key(self) -> None:
        dlg = KeyDialog(self, self.ret.envelope.organisation)
        try:
            dlg.exec()
            self.use_key(dlg.key_path)      # None unless a key was created (Done or Esc after)
        finally:
            # Deleted now, not at quit: a dialog left for PySide's clean-up at exit, after
            # its parent had gone, crashed the program on quit (issue 14 §3).
            dlg.deleteLater()

    def use_key(self, path: Path | None) -> None:
        if path is None:
            return
        self.key.setText(str(path))
        QSettings().setValue(LAST_KEY, str(path))
        self.passphrase.setFocus()

    # -- output ---------------------------------------------------------------------
    def _browse_out(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the signed return as", self.out.text(),
                                              "Excel workbook (*.xlsx)")
        if name:
            self.out.setText(name)

    def _out_path(self) -> Path | None:
        text = self.out.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _open_folder(self) -> None:
        if self.outcome is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.outcome.result.path).parent)))

    # -- export ---------------------------------------------------------------------
    def start_export(self) -> None:
        if self.running() or self.blocking:
            return
        self._clear_messages()
        key = Path(self.key.text().strip()) if self.key.text().strip() else None
        out = self._out_path()
        if key is None or not key.is_file():
            return self._fail(W.ExportFailure(W.KEY, "Choose your signing key file, or create one."
                                              if key is None else f"There is no key file at {key}."))
        if not self.passphrase.text():
            return self._fail(W.ExportFailure(W.PASSPHRASE, "Type the key's passphrase."))
        if out is None:
            return self._fail(W.ExportFailure(W.OUTPUT, "Choose where to save the workbook."))
        if not out.parent.is_dir():
            return self._fail(W.ExportFailure(W.OUTPUT, f"The folder {out.parent} does not exist."))
        if out.exists() and not self._confirm_replace(out):
            return
        self.out.setText(str(out))
        worker = W.ExportWorker(self.ret, self.previous, key, self.passphrase.text(), out)
        self._set_busy(True)
        runner().run(worker.outcome, on_done=self._worker_done, owner=self, label="export")

    def _worker_done(self, result: W.ExportOutcome | W.ExportFailure) -> None:
        if isinstance(result, W.ExportFailure):
            self._fail(result)
        else:
            self._succeeded(result)
        self._finished()

    def _confirm_replace(self, out: Path) -> bool:
        answer = QMessageBox.question(self, "Replace the workbook?",
                                      f"{out.name} already exists in {out.parent}. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    def running(self) -> bool:
        """From Export until the task's result has been shown here."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for w in (self.key, self.passphrase, self.out, self.export_button,
                  self.buttons.button(QDialogButtonBox.StandardButton.Close)):
            w.setEnabled(not busy)
        for b in self.findChildren(QPushButton):
            if b is not self.open_folder:
                b.setEnabled(not busy)
        if busy:
            self.result_box.hide()

    def _finished(self) -> None:
        self._set_busy(False)
        self.export_button.setEnabled(not self.blocking)
        if self._focus_after is not None:
            self._focus(self._focus_after)
            self._focus_after = None

    @staticmethod
    def _focus(field: QLineEdit) -> None:
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _succeeded(self, outcome: W.ExportOutcome) -> None:
        self.outcome = outcome
        res, ver = outcome.result, outcome.verification
        self.passphrase.clear()
        QSettings().setValue(LAST_KEY, self.key.text().strip())
        cells = getattr(ver, "cells_checked", None)
        if ver.ok:
            first = "Verified: signature valid, " + (f"{cells:,} cells checked." if cells else
                                                       "every cell matches the signed data.")
            self.result_label.setStyleSheet("")
        else:
            first = ("Written, but the check of the written file failed: "
                     + "; ".join(ver.problems[:3]) + " Export again before sending it.")
            self.result_label.setStyleSheet(ERROR_STYLE)
        self.result_label.setText(f"{first}\nKey fingerprint: {res.fingerprint}\n"
                            f"Submission: {res.submission_id}\nSaved to: {res.path}")
        self.result_label.setAccessibleDescription(self.result_label.text())
        self.result_box.show()
        self.open_folder.setFocus()
        self.exported.emit(res)

    def _fail(self, failure: W.ExportFailure) -> None:
        if failure.kind == W.BLOCKED:
            self.blocking = list(failure.findings)
            self.show_blocking(self.blocking)
            return
        target = {W.PASSPHRASE: (self.passphrase_error, self.passphrase),
                  W.KEY: (self.message, self.key),
                  W.OUTPUT: (self.message, self.out)}.get(failure.kind, (self.message, None))
        label, field = target
        label.setText(failure.message)
        label.show()
        if field is not None:
            mark_invalid(field, True)
            field.setAccessibleDescription(failure.message)
            if self.running():   # focus once _finished re-enables the field
                self._focus_after = field
            else:
                self._focus(field)

    def _clear_messages(self) -> None:
        for lab in (self.passphrase_error, self.message):
            lab.hide()
            lab.clear()
        self.passphrase.setAccessibleDescription("")
        for field in (self.key, self.passphrase, self.out):
            mark_invalid(field, False)

    # -- closing ----------------------------------------------------------------------
    def reject(self) -> None:
        if self.running():   # the workbook is half written: wait for the worker to finish
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running():
            event.ignore()
            return
        super().closeEvent(event)


def _keys_folder() -> Path:
    from desktop.dialogs.key import default_key_dir
    return default_key_dir()
