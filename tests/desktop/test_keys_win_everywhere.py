"""The program's shortcuts work wherever the focus is, and Enter does each dialog's main
action (issue 14 §2)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from desktop.dialogs.export import ExportDialog
from desktop.dialogs.key import KeyDialog
from desktop.dialogs.new_return import NewReturnDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def focus_box(w, path="envelope.body_name") -> QLineEdit:
    w.go_to_page("details")
    box = w.pages["details"].fields[path].widget
    box.setFocus()
    assert box.hasFocus()
    return box


def test_ctrl_e_in_a_text_box_opens_export(sample_window, qtbot, monkeypatch):
    w = sample_window
    opened = []

    class Stub:
        jump_to = exported = type("S", (), {"connect": lambda self, f: None})()

        def exec(self):
            opened.append(1)

        def deleteLater(self):
            pass

    monkeypatch.setattr(w, "make_export_dialog", lambda default: Stub())
    box = focus_box(w)
    box.setText("Schools Directorate")
    box.setCursorPosition(0)
    qtbot.keyClick(box, Qt.Key.Key_E, CTRL)
    assert opened == [1]
    assert box.cursorPosition() == 0           # the box did not take it as end-of-line


def test_page_keys_and_f8_work_from_a_text_box(sample_window, qtbot):
    w = sample_window
    box = focus_box(w)
    qtbot.keyClick(box, Qt.Key.Key_3, CTRL)
    assert w.current_page() == "floor_space"
    box = focus_box(w)
    qtbot.keyClick(box, Qt.Key.Key_L, CTRL)
    assert w.sidebar.hasFocus()


def test_editing_keys_stay_with_the_box(sample_window, qtbot):
    w = sample_window
    box = focus_box(w)
    box.setText("abc")
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_X, CTRL)        # cut: the box's, not the window's
    assert box.text() == ""


def default_of(dlg) -> QPushButton:
    (b,) = [b for b in dlg.findChildren(QPushButton) if b.isDefault()]
    assert not [x for x in dlg.findChildren(QPushButton) if x.autoDefault()]
    return b


def test_enter_with_no_passphrase_in_export_asks_for_it(qtbot, sample_return, tmp_path,
                                                         fast_keys):
    key = tmp_path / "k.key"
    fast_keys.generate_keyfile("DCSF", "correct horse battery staple", key)
    dlg = ExportDialog(None, sample_return, None, tmp_path / "o.xlsx")
    qtbot.addWidget(dlg)
    dlg.key.setText(str(key))
    dlg.show()
    assert default_of(dlg) is dlg.export_button
    for box in (dlg.passphrase, dlg.out, dlg.key):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert dlg.isVisible()
        assert dlg.passphrase_error.text() == "Type the key's passphrase."


def test_enter_in_the_key_dialog_creates_the_key_not_browse(qtbot, tmp_path, fast_keys,
                                                            monkeypatch):
    import desktop.dialogs.key as K
    browsed = []
    monkeypatch.setattr(K.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (browsed.append(1), ("", ""))[1])
    dlg = KeyDialog(None, "DCSF")
    qtbot.addWidget(dlg)
    dlg.show()
    assert default_of(dlg) is dlg.create_button
    dlg.passphrase.setText("correct horse battery staple")
    dlg.confirm.setText("correct horse battery staple")
    dlg.path.setText(str(tmp_path / "dcsf.key"))
    dlg.path.setFocus()
    qtbot.keyClick(dlg.path, Qt.Key.Key_Return)
    assert browsed == [] and dlg.info is not None


def test_enter_in_the_new_dialog_creates(qtbot):
    dlg = NewReturnDialog(None)
    qtbot.addWidget(dlg)
    dlg.show()
    assert default_of(dlg).text() == "Create"
