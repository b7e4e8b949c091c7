"""A new, blank return is "to do", not a wall of errors (issue 14 §1, the GOV.UK pattern).

A blank required answer is neutral progress until the officer has worked on its
page and left it, or tries to export; a wrong answer is an error at once."""
from __future__ import annotations

import pytest

from tests.desktop.conftest import SAMPLE

from desktop.pages.registry import PAGE_KEYS
from desktop.widgets.field_state import icon_for, ok_icon


@pytest.fixture
def blank(window):
    from forms.drafts.new_return import new_return
    from validators.baselines import prefill
    ret = new_return("DCSF", "2009-10", "", "outturn")
    prefill(ret)                                 # as the New dialog does
    window.load_return(ret, None)
    window.go_to_page("details")
    return window


def row(w, key):
    return w.sidebar.item(PAGE_KEYS.index(key))


def status(w) -> str:
    return w.header.text().rpartition("<b>")[2]


def typed(w, page_key, path, text):
    page = w.go_to_page(page_key, focus=False)
    field = page.fields[path]
    field.widget.setFocus()
    field.widget.setText(text)
    field.commit()
    w.doc.check_now()
    return field


def same_icon(a, b) -> bool:
    return a.pixmap(16, 16).toImage() == b.pixmap(16, 16).toImage()


def test_a_blank_new_return_shows_no_errors_but_the_answers_to_go(blank):
    w = blank
    report = w.doc.report
    assert report.errors and all(f.blank for f in report.errors)   # the checks still count them
    assert status(w).startswith(f"{report.to_go} of {report.answers} answers to go")
    assert report.to_go == 24 and report.answers == 31
    assert "error" not in w.header.text().lower() and "Not ready" not in w.header.text()
    assert w.findings.tree.topLevelItem(0).text(0) == "Errors (0)"
    assert "To do (24)" in [w.findings.tree.topLevelItem(i).text(0)
                            for i in range(w.findings.tree.topLevelItemCount())]
    assert "error" not in w.findings.summary.text()
    page = w.go_to_page("headcount")
    field = page.fields["headcount.employees_fte"]
    assert field.state[0] == "todo"
    assert field.widget.styleSheet() == ""                       # no red border
    assert field.marker.accessibleName().startswith("To do: Employees (FTE) is required")
    assert "To do" in field.widget.toolTip() and field.desc.help in field.widget.toolTip()


def test_the_sidebar_marks_pages_to_do_neither_red_nor_ticked(blank):
    w = blank
    item = row(w, "headcount")
    assert item.text() == "Headcount\n8 to do"
    assert same_icon(item.icon(), icon_for("todo"))
    assert not same_icon(item.icon(), icon_for("error"))
    assert not same_icon(item.icon(), ok_icon())
    assert same_icon(row(w, "savings").icon(), ok_icon())       # filled in for them: complete
    assert "8 to do" in item.toolTip()


def test_a_wrong_answer_is_an_error_at_once(blank):
    w = blank
    typed(w, "headcount", "headcount.employees_headcount", "100")
    field = typed(w, "headcount", "headcount.employees_fte", "200")    # FTE above headcount
    assert field.state[0] == "error" and "cannot exceed" in " ".join(field.state[1])
    assert "red" in field.widget.styleSheet() or "#b3261e" in field.widget.styleSheet()
    assert status(w).startswith("Not ready: 1 error")
    assert row(w, "headcount").text() == "Headcount\n1 error, 6 to do"
    refused = typed(w, "headcount", "headcount.function_fte.hr", "1.234,5")
    assert refused.widget.property("state") == "invalid"
    assert "Not ready: 2 errors" in w.header.text()
    # Still on the page: the blanks beside them are still to do.
    assert w.pages["headcount"].fields["headcount.payroll_fte"].state[0] == "todo"


def test_leaving_a_page_worked_on_turns_its_blanks_into_errors_there_only(blank):
    w = blank
    typed(w, "headcount", "headcount.employees_fte", "1200")
    assert w.pages["headcount"].fields["headcount.payroll_fte"].state[0] == "todo"
    w.go_to_page("spend")                       # not a check: leaving the page does it
    hc = w.pages["headcount"].fields["headcount.payroll_fte"]
    assert hc.state[0] == "error" and hc.widget.styleSheet()
    assert row(w, "headcount").text() == "Headcount\n7 errors"
    assert row(w, "spend").text() == "Spend\n7 to do"
    assert w.pages["spend"].fields["spend.running_costs_gbp"].state[0] == "todo"
    assert row(w, "details").text() == "Return details\n2 to do"   # visited, not worked on
    assert status(w) == "Not ready: 7 errors · 23 of 31 answers to go</b>"
    w.go_to_page("headcount")                   # coming back: still errors
    assert row(w, "headcount").text() == "Headcount\n7 errors"


def test_a_box_committed_as_the_page_changes_counts_for_its_page(blank, qtbot):
    w = blank
    page = w.go_to_page("headcount")
    box = page.fields["headcount.employees_fte"].widget
    box.setFocus()
    qtbot.keyClicks(box, "1200")
    w.go_to_page("spend")                       # Ctrl+4: the box commits after the change
    w.doc.check_now()
    assert w.doc.ret.headcount.employees_fte is not None
    assert row(w, "headcount").text() == "Headcount\n7 errors"
    assert row(w, "spend").text() == "Spend\n7 to do"


def test_trying_to_export_turns_every_to_do_into_an_error_and_is_refused(blank, monkeypatch):
    from desktop.dialogs.export import ExportDialog
    w = blank
    shown = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(
        (self.blocked_intro.text(), self.export_button.isEnabled())) or 0)
    w.export()
    (intro, can_export), = shown
    assert "cannot be exported yet: 24 errors to fix" in intro and not can_export
    assert status(w).startswith("Not ready: 24 errors · 24 of 31 answers to go")
    assert row(w, "spend").text() == "Spend\n7 errors"
    assert w.findings.tree.topLevelItem(0).text(0) == "Errors (24)"
    # Another return starts afresh.
    w.load_return(w.doc.ret.model_copy(deep=True), None)
    assert row(w, "spend").text() == "Spend\n7 to do"


def test_f8_reaches_the_answers_to_do(blank):
    w = blank
    w.go_to_page("details")
    w.next_finding()
    assert w.focusWidget() is w.pages["details"].fields["envelope.preparer.name"].widget


def test_f8_goes_to_errors_before_answers_to_do(blank):
    w = blank
    typed(w, "headcount", "headcount.employees_headcount", "100")
    typed(w, "headcount", "headcount.employees_fte", "200")
    w.pages["headcount"].fields["headcount.payroll_fte"].widget.setFocus()   # still on the page
    w.next_finding()
    assert w.focusWidget() is w.pages["headcount"].fields["headcount.employees_fte"].widget


def test_a_reopened_draft_shows_errors_on_pages_partly_filled_only(blank, tmp_path):
    w = blank
    typed(w, "headcount", "headcount.employees_fte", "1200")   # and still on the page
    path = tmp_path / "half.json"
    assert w.save_to(path)
    w.open_path(path, ask=False)
    assert row(w, "headcount").text() == "Headcount\n7 errors"
    assert row(w, "spend").text() == "Spend\n7 to do"
    assert row(w, "details").text() == "Return details\n2 to do"   # as the New dialog left it
    assert row(w, "commitments").text() == "Commitments\n6 to do"


def test_importing_last_year_does_not_count_as_work_on_the_commitments_page(window, tmp_path):
    from decimal import Decimal

    from forms.drafts.new_return import new_return
    from forms.drafts.store import load_draft, save_draft
    from validators.baselines import prefill
    ret = new_return("CO", "2009-10", "", "outturn")
    prefill(ret)
    window.load_return(ret, None)
    last = load_draft(SAMPLE)
    last.envelope.organisation, last.envelope.financial_year = "CO", "2008-09"
    last.spend.function_cost.legal = Decimal(3100000)
    save_draft(last, tmp_path / "co-2008-09.json")
    assert row(window, "commitments").text().endswith("6 to do")
    assert window.import_previous_path(tmp_path / "co-2008-09.json")
    assert any(b.figure is not None for b in window.doc.ret.baselines)   # filled in for them
    window.go_to_page("headcount")
    window.go_to_page("spend")
    assert row(window, "commitments").text() == "Commitments\n6 to do"


def test_the_checks_still_count_blank_answers_as_errors():
    """The CLI's validate has no pages: a blank required answer stays an error there."""
    from forms.drafts.new_return import new_return
    from validators.engine import check
    report = check(new_return("DCSF", "2009-10", "", "outturn"))
    assert len(report.errors) == 24 and not report.can_submit


def test_a_complete_return_has_no_to_do_group_and_no_answers_to_go(sample_window):
    w = sample_window
    groups = {w.findings.tree.topLevelItem(i).text(0).split(" (")[0]: w.findings.tree.topLevelItem(i)
              for i in range(w.findings.tree.topLevelItemCount())}
    assert groups["To do"].isHidden() and not groups["Errors"].isHidden()
    assert status(w).startswith("Ready to export") and "to go" not in w.header.text()


def test_the_checks_page_lists_errors_first_then_answers_to_do(blank):
    w = blank
    typed(w, "headcount", "headcount.employees_headcount", "100")
    typed(w, "headcount", "headcount.employees_fte", "200")
    page = w.go_to_page("checks")
    words = [page.cards[k].message.text().split("</b>")[0] for k in page._order]
    assert words == sorted(words)          # "<b>Error." before "<b>To do."
    assert words[0] == "<b>Error." and words[-1] == "<b>To do."
    # Leaving Headcount made its six blanks errors too; Spend's are still to do.
    assert page.summary.text().startswith("7 errors to fix; ")
    assert "answers still to give (To do)" in page.summary.text()
