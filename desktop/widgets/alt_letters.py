"""Alt with a letter or digit that is no shortcut types nothing.

Qt treats Alt+Z like Z in a text box when no menu or button answers to it, so
a mistyped mnemonic (Alt+Q for Alt+A, a shortcut of another window) put a "q"
into the keyring folder or a "1" into a number of staff, silently. Windows
programs and Excel type nothing then; so does this one.

Only Alt alone (with or without Shift): Ctrl+Alt is AltGr on Windows and types
characters (€ on a UK keyboard), and Alt with the keypad's digits enters a
character by its code. On macOS Option types accents, so nothing changes there.
Shortcuts and mnemonics are matched before the key reaches a box, so they are
not affected.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

_TEXT_BOXES = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)
_M = Qt.KeyboardModifier
_TYPED = (set(range(Qt.Key.Key_A.value, Qt.Key.Key_Z.value + 1))
          | set(range(Qt.Key.Key_0.value, Qt.Key.Key_9.value + 1)))


class AltLetters(QObject):
    """Installed on the application: eats Alt+letter and Alt+digit in text boxes."""

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, _TEXT_BOXES):
            return False
        mods = event.modifiers()
        return bool(mods & _M.AltModifier) and not mods & (_M.ControlModifier
                                                         | _M.MetaModifier
                                                         | _M.KeypadModifier) \
            and event.key() in _TYPED


def install(app: QApplication) -> None:
    """Once per application (make_app may run more than once)."""
    if sys.platform == "darwin" or app.property("backoffice_alt_letters") is not None:
        return
    keys = AltLetters(app)
    app.installEventFilter(keys)
    app.setProperty("backoffice_alt_letters", keys)
