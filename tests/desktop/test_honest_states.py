"""States that tell the truth (issue 14 §1): refused text is an error like any other, the
Benchmarks summary counts down as actions are chosen, the rule pack is a choice, and the
window never gives command-line advice."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from desktop.document import REFUSED
from validators.packs import shipped_packs


def refuse_in_a_box(w, qtbot, path="headcount.function_fte.hr", text="1.234,5"):
    page = w.go_to_page(w.pages.key_of(path) if hasattr(w.pages, "key_of") else "headcount")
    box = page.fields[path].widget
    box.setFocus()
    box.setText(text)
    box.commit() if hasattr(box, "commit") else page.fields[path].commit()
    w.doc.check_now()
    return page, box


def test_refused_text_in_a_box_is_counted_listed_and_reached(sample_window, qtbot):
    w = sample_window
    assert w.doc.report.can_submit
    page, box = refuse_in_a_box(w, qtbot)
    refused = [f for f in w.doc.report.errors if f.rule_id == REFUSED]
    assert [f.paths for f in refused] == [("headcount.function_fte.hr",)]
    assert "1.234,5" in refused[0].message
    assert "Not ready: 1 error" in w.header.text()
    row = [k for k, _, _ in __import__("desktop.pages.registry").pages.registry.PAGES].index(
        "headcount")
    assert "1 error" in w.sidebar.item(row).text()
    assert "Errors (1)" in w.findings.tree.topLevelItem(0).text(0)
    assert "Nothing blocks" not in w.findings.summary.text()
    w.go_to_page("details")
    w.next_finding()                                  # F8 goes to it
    assert w.focusWidget() is box or box.hasFocus()
    box.setText("12.5")                               # corrected
    page.fields["headcount.function_fte.hr"].commit()
    w.doc.check_now()
    assert not [f for f in w.doc.report.errors if f.rule_id == REFUSED]
    assert w.doc.report.can_submit and "Ready to export" in w.header.text()
    assert w.statusBar().currentMessage() == ""       # its message went with it


def test_refused_text_in_a_cell_is_an_error_until_corrected(sample_window):
    w = sample_window
    w.go_to_page("floor_space")
    m = w.pages["floor_space"].tables["floor_space.buildings"].model
    nia = [d.name for d in m.columns].index("nia_m2")
    m.setData(m.index(1, nia), "12e3")
    w.doc.check_now()
    (f,) = [f for f in w.doc.report.errors if f.rule_id == REFUSED]
    assert f.paths == ("floor_space.buildings[1].nia_m2",) and "row 2" in f.message
    assert "Not ready" in w.header.text()
    m.setData(m.index(1, nia), "5,300")
    w.doc.check_now()
    assert w.doc.report.can_submit


def test_the_benchmarks_summary_counts_down_as_actions_are_chosen(sample_window):
    w = sample_window
    page = w.go_to_page("benchmarks")
    short = [f for f in w.doc.report.benchmarks if f.status == "short"]
    assert len(short) >= 2
    for f in short:
        w.doc.set_benchmark_action(f.key, "")
    w.doc.check_now()
    before = page.summary.text()
    assert f"{len(short)} still need an action" in before
    w.doc.set_benchmark_action(short[0].key, "1")
    w.doc.check_now()
    assert f"{len(short) - 1} still need" in page.summary.text() and "(1 chosen)" in page.summary.text()
    for f in short:
        w.doc.set_benchmark_action(f.key, "1")
    w.doc.check_now()
    assert "still need" not in page.summary.text()


def test_the_rule_pack_is_a_choice_among_the_shipped_packs(sample_window):
    w = sample_window
    page = w.go_to_page("details")
    box = page.fields["envelope.rule_pack"].widget
    assert isinstance(box, QComboBox) and not box.isEditable()
    assert [box.itemData(i) for i in range(box.count())] == shipped_packs()
    assert box.currentData() == w.doc.ret.envelope.rule_pack


def test_no_command_line_advice_in_the_window(sample_window):
    w = sample_window
    page = w.go_to_page("details")
    field = page.fields["envelope.organisation"]
    field.widget.setText("Ministry of Silly Walks")
    field.commit()
    said = w.statusBar().currentMessage() + field.refused
    assert "No organisation" in said
    assert "backoffice" not in said and "choose it from the list" in said
