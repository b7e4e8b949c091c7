"""Alt with a letter or digit that is no shortcut types nothing (desktop/widgets/alt_letters.py).

Before, Alt+Q in the consolidation window's keyring box typed "q" (seen under X
with xdotool), and Alt+1 in a number box typed "1"."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QSpinBox

ALT, CTRL, SHIFT = (Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier,
                    Qt.KeyboardModifier.ShiftModifier)


def test_alt_with_a_letter_or_digit_types_nothing_in_any_kind_of_box(app, qtbot):
    for box in (QLineEdit(), QPlainTextEdit(), QSpinBox()):
        qtbot.addWidget(box)
        box.show()
        box.setFocus()
        box.clear()
        QTest.keyClick(box, Qt.Key.Key_Z, ALT)
        QTest.keyClick(box, Qt.Key.Key_1, ALT)
        QTest.keyClick(box, Qt.Key.Key_Y, ALT | SHIFT)
        QTest.keyClick(box, Qt.Key.Key_7)                 # plain typing still types
        text = box.toPlainText() if isinstance(box, QPlainTextEdit) else \
            box.lineEdit().text() if isinstance(box, QSpinBox) else box.text()
        assert text == "7", type(box).__name__


def test_altgr_and_keypad_codes_still_type(app, qtbot):
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    # AltGr on Windows comes as Ctrl+Alt: AltGr+4 is € on a UK keyboard
    QApplication.sendEvent(box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_4, CTRL | ALT, "€"))
    QTest.keyClick(box, Qt.Key.Key_1, ALT | Qt.KeyboardModifier.KeypadModifier)
    assert "€" in box.text() and box.text().endswith("1")


def test_a_mnemonic_still_acts_and_types_nothing(app, qtbot):
    from desktop.consolidate.window import ConsolidateWindow
    w = ConsolidateWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()             # the offscreen platform activates no window by itself
    qtbot.waitUntil(w.isActiveWindow)
    w.filter.setFocus()
    QTest.keyClick(w.filter, Qt.Key.Key_K, ALT)          # "&Keyring:" takes the focus
    assert w.focusWidget() is w.keyring
    w.keyring.clear()
    QTest.keyClick(w.keyring, Qt.Key.Key_Q, ALT)          # no "Q" mnemonic in this window
    assert w.keyring.text() == "" and w.filter.text() == ""
