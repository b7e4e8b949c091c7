"""Choosing an organisation from the completer's popup with the keyboard."""
from PySide6.QtCore import Qt


def _choose_from_popup(window, qtbot, typed: str):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    page = window.go_to_page("details")
    box = page.fields["envelope.organisation"].widget
    box.setFocus()
    qtbot.keyClicks(box, typed)
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(20)
    return box


def test_after_choosing_from_the_popup_the_box_shows_what_was_stored(window, qtbot):
    box = _choose_from_popup(window, qtbot, "children")
    assert window.doc.ret.envelope.organisation == "DCSF"
    # The completer writes its label into the box after the commit: the box then shows
    # the label of what was stored (as the New dialog's box does), ready for Ctrl+Z.
    assert box.text() == "Department for Children, Schools and Families (DCSF)"
    assert box.clean_text == box.text()


def test_ctrl_z_right_after_choosing_undoes_the_choice(window, qtbot):
    # The box sends Ctrl+Z to the document only when it shows the stored text.
    box = _choose_from_popup(window, qtbot, "children")
    assert window.doc.ret.envelope.organisation == "DCSF"
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert window.doc.ret.envelope.organisation == ""
