"""Create a signing key: organisation, passphrase twice, where to keep it.

The key file goes into the user's profile by default (never beside the
program). An existing key is never overwritten: losing a key means the
Treasury cannot match next year's returns to this one.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from forms.schema.errors import UserError

from desktop.dialogs import enter_does
from desktop.widgets.field_state import mark_invalid
from desktop.words import for_the_window

KEY_SUFFIX = ".key"   # what forms.signing.keys writes and the CLI's messages name


def default_key_dir() -> Path:
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return (Path(loc) if loc else Path.home() / ".backoffice-return") / "keys"


def default_key_path(organisation: str) -> Path:
    """keys/DCSF-signing.key, or DCSF-signing-2.key when that is taken."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", organisation.strip()).strip("-") or "organisation"
    folder = default_key_dir()
    path = folder / f"{stem}-signing{KEY_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-signing-{n}{KEY_SUFFIX}"
        n += 1
    return path


def strength(passphrase: str) -> tuple[bool, str]:
    """(long enough to accept, a hint in words) for a passphrase being typed."""
    from forms.signing.keys import MIN_PASSPHRASE   # the core's rule, so CLI and GUI agree
    n = len(passphrase)
    if n == 0:
        return False, f"Use at least {MIN_PASSPHRASE} characters; a few unrelated words are easy to remember."
    if n < MIN_PASSPHRASE:
        return False, f"Too short: {n} of at least {MIN_PASSPHRASE} characters."
    kinds = sum(bool(re.search(p, passphrase)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z\d]"))
    words = len(passphrase.split())
    if n >= 20 or (words >= 4 and n >= 16) or (n >= 14 and kinds >= 3):
        return True, "Strong passphrase."
    return True, "Acceptable; longer is stronger (four or more words, or mix in digits and symbols)."


class KeyDialog(QDialog):
    """Emits created(KeyInfo) once the key file is written; key_path says where."""

    created = Signal(object)

    def __init__(self, parent: QWidget | None, organisation: str):
        super().__init__(parent)
        self.setWindowTitle("Create a signing key")
        self.key_path: Path | None = None
        self.info = None
        layout = QVBoxLayout(self)
        intro = QLabel("The key signs your organisation's returns so the Treasury can tell they "
                       "came from you. Keep the passphrase safe: nobody can recover it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.organisation = QLineEdit(organisation)
        self.organisation.setMaxLength(20)
        self.passphrase = self._secret()
        self.confirm = self._secret()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.path = QLineEdit(str(default_key_path(organisation)))
        browse = QPushButton("B&rowse…")
        browse.clicked.connect(self._browse)
        browse.setAccessibleName("Browse for where to save the key")
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        for text, w, help in (
                ("&Organisation:", self.organisation, "Code of the organisation the key signs for."),
                ("&Passphrase:", self.passphrase, "Protects the key file; asked for at each export."),
                ("Con&firm passphrase:", self.confirm, "Type the passphrase again."),
                ("Save &to:", self.path, "Where the key file is kept; your profile by default.")):
            w.setAccessibleName(text.replace("&", "").rstrip(":"))
            w.setToolTip(help)
            w.setStatusTip(help)
            if w is self.path:
                form.addRow(self._label(text, w), where)
            elif w is self.confirm:
                below = QVBoxLayout()
                below.setSpacing(2)
                below.addWidget(w)
                below.addWidget(self.hint)
                form.addRow(self._label(text, w), below)
            else:
                form.addRow(self._label(text, w), w)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.result.hide()
        layout.addWidget(self.result)
        from desktop.dialogs.public_key import public_key_button
        self.public_button = public_key_button(self, lambda: self.key_path.parent)
        layout.addWidget(self.public_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create &key",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.create_key)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        enter_does(self, self.create_button)      # Create key, then Done; never Browse…
        self.passphrase.textChanged.connect(self._update_hint)
        self.confirm.textChanged.connect(self._update_hint)
        self._update_hint()
        self.setMinimumWidth(620)
        self.passphrase.setFocus() if organisation else self.organisation.setFocus()

    @staticmethod
    def _secret() -> QLineEdit:
        e = QLineEdit()
        e.setEchoMode(QLineEdit.EchoMode.Password)
        # Once the key's text shows, the dialog is short of room and would squeeze the box to a sliver.
        e.setMinimumHeight(e.sizeHint().height())
        return e

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text)
        lab.setBuddy(buddy)
        return lab

    def _update_hint(self) -> None:
        _, hint = strength(self.passphrase.text())
        if self.confirm.text() and self.confirm.text() != self.passphrase.text():
            hint += " The two passphrases do not match yet."
        self.hint.setText(hint)
        self.passphrase.setAccessibleDescription(hint)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the signing key as", self.path.text(),
                                              f"Signing key (*{KEY_SUFFIX});;All files (*)")
        if name:
            self.path.setText(name)

    def _fail(self, message: str, field: QLineEdit) -> None:
        message = for_the_window(message)
        self.error.setText(message)
        self.error.show()
        for w in (self.organisation, self.passphrase, self.confirm, self.path):
            mark_invalid(w, w is field)
        field.setAccessibleDescription(message)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def create_key(self) -> None:
        if self.info is not None:   # already created: the button now closes
            self.accept()
            return
        org = self.organisation.text().strip()
        phrase = self.passphrase.text()
        ok, hint = strength(phrase)
        path_text = self.path.text().strip()
        if not org:
            return self._fail("Enter the organisation code the key signs for.", self.organisation)
        from forms.schema.organisations import find_organisation
        try:
            org = find_organisation(org).code
        except UserError as e:
            return self._fail(str(e), self.organisation)
        if not ok:
            return self._fail(hint, self.passphrase)
        if phrase != self.confirm.text():
            return self._fail("The two passphrases differ: type the same one in both boxes.",
                              self.confirm)
        if not path_text:
            return self._fail("Choose where to save the key.", self.path)
        path = Path(path_text).expanduser()
        if path.exists():
            return self._fail(f"{path} already exists. Keys are never overwritten: "
                              "choose another file name.", self.path)
        self.error.hide()
        for w in (self.organisation, self.passphrase, self.confirm, self.path):
            mark_invalid(w, False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from forms.signing.keys import generate_keyfile

            from desktop.tasks import runner
            path.parent.mkdir(parents=True, exist_ok=True)
            # scrypt takes a third of a second or more: off the GUI thread, which keeps painting.
            info = runner().run_and_wait(lambda: generate_keyfile(org, phrase, path), "create key")
        except UserError as e:   # passphrase and organisation were checked: the file it is
            return self._fail(str(e), self.path)
        except OSError as e:
            return self._fail(f"Cannot save the key to {path}: {e.strerror or e}. "
                              "Choose a folder you can write to.", self.path)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.key_path, self.info = path, info
        from desktop.dialogs.public_key import what_to_file
        self.result.setText(what_to_file(info, path))
        self.public_button.show()
        self.result.setAccessibleName("Key created")
        self.result.setAccessibleDescription(self.result.text())
        self.result.show()
        for w in (self.organisation, self.passphrase, self.confirm, self.path):
            w.setEnabled(False)
        self.passphrase.clear()
        self.confirm.clear()
        self.create_button.setText("&Done")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.create_button.setFocus()
        self.created.emit(info)
