"""The Organisation box offers the reference list as the officer types, like the New dialog."""
from PySide6.QtCore import Qt


def test_typing_part_of_a_name_offers_it_and_choosing_it_stores_the_code(window, qtbot):
    page = window.go_to_page("details")
    box = page.fields["envelope.organisation"].widget
    assert box.placeholderText().startswith("Type a name or code")
    comp = box.completer()
    comp.setCompletionPrefix("children")
    assert comp.currentCompletion() == "Department for Children, Schools and Families (DCSF)"
    box.setFocus()
    box.setText(comp.currentCompletion())
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.doc.ret.envelope.organisation == "DCSF"
    assert box.text() == "DCSF"


def test_the_new_return_dialog_takes_the_offered_label(app, qtbot):
    from desktop.dialogs.new_return import NewReturnDialog
    dlg = NewReturnDialog()
    qtbot.addWidget(dlg)
    dlg.org.setEditText("Department for Transport (DfT)")
    dlg.year.setText("2009-10")
    dlg.accept()
    assert dlg.result_return is not None
    assert dlg.result_return.envelope.organisation == "DfT"
