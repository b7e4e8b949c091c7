"""The program's dialogs: new return, signing key, export and sign, public key."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton


def enter_does(dialog: QDialog, main: QPushButton) -> None:
    """Enter anywhere in ``dialog`` presses ``main`` (its main action), never Close,
    Cancel or Browse… Call once the dialog's layout holds every button: buttons in a
    button box are not the dialog's children until the box is laid out."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)        # no button takes Enter just because it had focus
        button.setDefault(False)
    main.setDefault(True)
