"""The Organisation box on Return details completes exactly as the New dialog's does
(issue 14 §1): one component, driven the same way in both, gives the same."""
import pytest
from PySide6.QtCore import Qt

DCSF = "Department for Children, Schools and Families (DCSF)"


def test_typing_part_of_a_name_offers_it_and_choosing_it_stores_the_code(window, qtbot):
    page = window.go_to_page("details")
    box = page.fields["envelope.organisation"].widget
    assert box.placeholderText().startswith("Type a name or code")
    comp = box.completer()
    comp.setCompletionPrefix("children")
    assert comp.currentCompletion() == DCSF
    box.setFocus()
    box.setText(comp.currentCompletion())
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.doc.ret.envelope.organisation == "DCSF"
    assert box.text() == DCSF              # the label of what was stored


def test_the_new_return_dialog_takes_the_offered_label(app, qtbot):
    from desktop.dialogs.new_return import NewReturnDialog
    dlg = NewReturnDialog()
    qtbot.addWidget(dlg)
    dlg.org.setText("Department for Transport (DfT)")
    dlg.year.setText("2009-10")
    dlg.accept()
    assert dlg.result_return is not None
    assert dlg.result_return.envelope.organisation == "DfT"


@pytest.fixture
def both(window, qtbot):
    """(name, box, the code it accepted) for Return details and the New dialog."""
    from desktop.dialogs.new_return import NewReturnDialog
    from forms.schema.errors import UserError
    from forms.schema.organisations import find_organisation
    field = window.go_to_page("details").fields["envelope.organisation"]
    dlg = NewReturnDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()

    def details_code():
        return "refused" if field.refused else window.doc.ret.envelope.organisation

    def dialog_code():
        try:
            return find_organisation(dlg.org_query()).code if dlg.org_query() else ""
        except UserError:
            return "refused"

    return [("details", field.widget, window, details_code),
            ("dialog", dlg.org, dlg, dialog_code)]


def _drive(qtbot, box, top, typed: str, choose: bool):
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow, timeout=2000)
    edit = getattr(box, "lineEdit", lambda: box)()   # (so it can tell an editable combo too)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if typed:
        qtbot.keyClicks(edit, typed)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Down)    # the list by keyboard, in an empty box
    comp, popup = box.completer(), box.completer().popup()
    qtbot.wait(20)
    shown = popup.isVisible()
    offered = [comp.completionModel().index(i, 0).data()
               for i in range(comp.completionModel().rowCount())] if shown else []
    if choose and shown:
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    elif shown:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    edit.clearFocus()                            # the officer leaves the box
    qtbot.wait(20)
    return shown, offered, edit.text()


@pytest.mark.parametrize("typed, choose", [("children", True), ("DCSF", True), ("dft", True),
                                           ("schools and", True), ("depart", False),
                                           ("", False), ("dcsf", False), ("xyz", False)])
def test_both_organisation_boxes_complete_and_accept_alike(both, qtbot, typed, choose):
    seen = []
    for name, box, top, code in both:
        shown, offered, text = _drive(qtbot, box, top, typed, choose)
        seen.append((shown, offered, text, code()))
    assert seen[0] == seen[1], f"Return details {seen[0]} but the New dialog {seen[1]}"
    shown, offered, text, code = seen[0]
    if typed == "":
        assert shown and len(offered) > 20          # everything, as a drop-down would
    if typed in ("children", "dcsf", "DCSF"):
        assert text == DCSF and code == "DCSF"      # "dcsf" and Tab: the same label
    if typed in ("depart", "xyz"):
        assert code == "refused" and text == typed  # left as typed, to be corrected


def _press_enter_on_the_list(qtbot, box, top, typed: str) -> str:
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow, timeout=2000)
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, typed)
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)        # nothing highlighted in the list
    return box.text()


def test_enter_or_leaving_takes_the_one_organisation_the_text_can_mean(both, qtbot):
    """'work and pen' offers one suggestion: Enter takes it (the list used to close and
    leave the words, and a second Enter refused them); so does leaving the box.
    Words that several organisations share are left as typed, to be chosen."""
    dwp = "Department for Work and Pensions (DWP)"
    for name, box, top, code in both:
        assert _press_enter_on_the_list(qtbot, box, top, "work and pen") == dwp, name
        assert code() == "DWP" or name == "details"
        box.setFocus()
        box.setText("pensions")
        box.clearFocus()                            # leaving the box with it typed
        qtbot.wait(20)
        assert box.text() == dwp, name
        assert _press_enter_on_the_list(qtbot, box, top, "department for") \
            == "department for", name              # many: still the officer's to choose
