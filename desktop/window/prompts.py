"""Prompts and messages: methods, so tests answer them without a dialog."""
from __future__ import annotations

from pathlib import Path

from desktop.files.autosave import Recovery
from desktop.words import for_the_window

APP_TITLE = "Back Office Return"
DRAFT_FILTER = "Returns (*.json *.xlsx);;Drafts (*.json);;Signed workbooks (*.xlsx)"


class PromptsMixin:
    """``notify`` (status bar), ``inform`` (a message box) and the questions the window asks."""

    def notify(self, message: str) -> None:
        self.statusBar().showMessage(for_the_window(message), 15000)

    def inform(self, title: str, text: str, warning: bool = True) -> None:
        """A calm one-line message; tests replace this method."""
        from PySide6.QtWidgets import QMessageBox   # dialogs: not needed to start
        box = QMessageBox.warning if warning else QMessageBox.information
        box(self, title, for_the_window(text))

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
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes",
                          f"Back Office Return did not close properly last time. Unsaved "
                          f"changes to {rec.title} were kept {_when(rec.saved_at)}. "
                          "Recover them?", parent=self)
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


def _when(timestamp: float, today=None) -> str:
    """"today at 19:10", "yesterday at 09:05", "on 4 December 2026 at 19:10": as a
    person says it (strftime's day has a leading zero, and no portable way round it)."""
    import datetime as dt
    at = dt.datetime.fromtimestamp(timestamp)
    today = today or dt.date.today()
    clock = f"at {at:%H:%M}"
    if at.date() == today:
        return f"today {clock}"
    if at.date() == today - dt.timedelta(days=1):
        return f"yesterday {clock}"
    return f"on {at.day} {at:%B %Y} {clock}"
