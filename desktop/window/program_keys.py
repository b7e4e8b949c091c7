"""The program's own shortcuts win wherever the focus is.

A text box claims some keys for itself before any menu sees them: on Linux a
QLineEdit takes Ctrl+E as "end of line", so Export and sign did nothing while
the officer was typing. This filter answers the box's claim (the
ShortcutOverride event) for the window's menu shortcuts, so the menu acts;
the editing keys every box needs (undo, cut, copy, paste, select all, delete)
stay with the box.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

K = QKeySequence.StandardKey
EDITING = (K.Undo, K.Redo, K.Cut, K.Copy, K.Paste, K.SelectAll, K.Delete, K.Backspace)


def _editing_keys() -> set[str]:
    return {s.toString() for key in EDITING for s in QKeySequence.keyBindings(key)}


class ProgramKeys(QObject):
    """Installed on the application; acts only for widgets inside ``window``."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.keys: set[str] = set()
        self.refresh()

    def refresh(self) -> None:
        """Take the shortcuts of the window's own actions (menus), not of its children's."""
        editing = _editing_keys()
        # Direct children only: a search of the whole tree wraps every box's own
        # actions for Python, 4 ms just after the first paint, only to drop them.
        own = self.window.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
        self.keys = {s.toString() for a in own for s in a.shortcuts()
                     if not s.isEmpty() and s.toString() not in editing}

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(obj, QWidget):
            return False
        if obj.window() is not self.window:
            return False                         # dialogs keep their boxes' keys
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(mods, Qt.Key(event.key()))).toString()
        if pressed in self.keys:
            event.ignore()                        # not the box's: the menu's shortcut runs
            return True
        return False
