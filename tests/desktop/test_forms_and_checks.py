"""The officer fills pages built from the field descriptions; checks follow every edit."""
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from forms.schema.fields import describe
from forms.schema.model import Headcount
from desktop.widgets.number_input import NumberEdit
from forms.schema.numbers import parse_number


def field(win, path):
    for page in win.pages.values():
        f = getattr(page, "fields", {}).get(path)
        if f is not None:
            return f
    raise KeyError(path)


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)
    widget.editingFinished.emit()


def test_pages_show_label_unit_and_help_from_the_field_descriptions(window):
    page = window.pages["headcount"]
    for name in ("employees_headcount", "employees_fte", "payroll_fte"):
        d = describe(Headcount, name)
        f = page.fields[f"headcount.{name}"]
        assert d.help in f.widget.toolTip() and f.widget.statusTip() == d.help
        labels = [lb for lb in page.findChildren(QLabel) if lb.buddy() is f.widget]
        assert labels and labels[0].text().replace("&", "") == d.label
        units = [lb.text() for lb in page.findChildren(QLabel)]
        assert d.unit in units
    # blank in a new return: an answer to do, not an invalid entry
    assert field(window, "spend.running_costs_gbp").widget.accessibleName().endswith("in £")


def test_typed_figure_reaches_the_return_and_the_findings_update(window, qtbot):
    f = field(window, "headcount.employees_headcount")
    before = len(window.doc.report.errors)
    type_into(qtbot, f.widget, "2,871")
    assert window.doc.ret.headcount.employees_headcount == Decimal("2871")
    qtbot.waitUntil(lambda: len(window.doc.report.errors) == before - 1, timeout=2000)
    assert "Errors (" in window.findings.tree.topLevelItem(0).text(0)
    assert window.doc.dirty


def test_ambiguous_figure_is_kept_marked_and_never_written(window, qtbot):
    f = field(window, "spend.running_costs_gbp")
    type_into(qtbot, f.widget, "1,23")
    assert window.doc.ret.spend.running_costs_gbp is None
    assert f.widget.text() == "1,23"                       # what was typed stays
    assert "ambiguous" in f.widget.toolTip()
    assert "ambiguous" in f.widget.accessibleDescription()
    assert not f.marker.pixmap().isNull()                  # an icon, not colour alone
    assert "ambiguous" in window.statusBar().currentMessage()
    type_into(qtbot, f.widget, "1,230")
    assert window.doc.ret.spend.running_costs_gbp == Decimal("1230")
    assert "ambiguous" not in f.widget.toolTip()


def test_a_figure_is_shown_with_separators_only_after_leaving_the_box(window, qtbot):
    f = field(window, "spend.running_costs_gbp")
    type_into(qtbot, f.widget, "251400000")
    assert f.widget.text() == "251400000"                  # still in the box: as typed
    field(window, "spend.consultancy_gbp").widget.setFocus()
    QApplication.processEvents()
    if not f.widget.hasFocus():
        assert f.widget.text() == "251,400,000"


def test_fields_with_errors_say_so_in_words(sample_window, qtbot):
    w = sample_window
    f = field(w, "headcount.function_fte.hr")
    type_into(qtbot, f.widget, "")
    w.doc.check_now()
    assert "Error:" in f.widget.toolTip() and "required" in f.widget.accessibleDescription()
    item = w.sidebar.item(1)
    assert "1 error" in item.text()
    assert "error" in item.data(Qt.ItemDataRole.AccessibleTextRole)


def test_activating_a_finding_moves_focus_to_its_field(sample_window, qtbot):
    w = sample_window
    w.doc.set_value("headcount.function_fte.ict", None)
    w.doc.check_now()
    errors = w.findings.tree.topLevelItem(0)
    item = errors.child(0)
    w.go_to_page("spend")
    w.findings.tree.itemActivated.emit(item, 0)
    assert w.current_page() == "headcount"
    assert QApplication.focusWidget() is field(w, "headcount.function_fte.ict").widget


def test_activating_a_finding_on_a_table_row_focuses_its_cell(sample_window, qtbot):
    w = sample_window
    queries = w.findings.tree.topLevelItem(1)
    w.findings.tree.itemActivated.emit(queries.child(0), 0)   # Row 3 delivered > planned
    assert w.current_page() == "savings"
    view = w.pages["savings"].tables["savings"].view
    assert view.hasFocus()
    assert view.currentIndex().row() == 2
    assert view.model().columns[view.currentIndex().column()].name == "delivered_gbp"


def test_a_query_explained_on_the_checks_page_is_stored_and_no_longer_blocks(sample_window, qtbot):
    w = sample_window
    key = w.doc.report.queries[0].key
    w.doc.set_explanation(key, "")
    w.doc.check_now()
    assert not w.doc.report.can_submit
    w.go_to_page("checks")
    card = w.pages["checks"].cards[key]
    card.box.setFocus()
    qtbot.keyClicks(card.box, "Two contracts were let early.")
    w.findings.tree.setFocus()                               # leaving the box stores it
    assert w.doc.ret.explanations[key] == "Two contracts were let early."
    w.doc.check_now()
    assert w.doc.report.can_submit
    w.doc.undo.undo()
    assert key not in w.doc.ret.explanations


def test_text_the_model_refuses_is_marked_and_kept(window, qtbot):
    f = field(window, "envelope.preparer.email")
    type_into(qtbot, f.widget, "not an email")
    assert f.widget.text() == "not an email"
    assert window.doc.ret.envelope.preparer.email == ""
    assert "Not accepted" in f.widget.toolTip()


def test_random_text_into_every_numeric_input_never_raises(sample_window, qtbot):
    from hypothesis import given, settings, strategies as st
    w = sample_window
    edits = [f for p in w.pages.values() for f in getattr(p, "fields", {}).values()
             if isinstance(f.widget, NumberEdit)]
    assert len(edits) > 20
    nasty = ["", " ", "-", "1e999", "NaN", "∞", "1,23", "£", "%", "(", "٣", "0x1F", "1_000",
             "9" * 60, "1.2.3", "'", "\x00", "12 000", "£1,234.56", "1,234.5"]

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(edits), st.one_of(st.sampled_from(nasty), st.text(max_size=20)))
    def prop(f, text):
        f.widget.setText(text)
        f.widget.commit()
        v = w.doc.value(f.path)
        assert v is None or isinstance(v, Decimal)
        if f.widget.problem:
            assert f.widget.text() == text             # refused text is kept as typed
        else:
            assert parse_number(f.widget.text(), f.widget.rules) == v

    prop()
    w.doc.check_now()
    for sev in ("error", "query"):
        assert isinstance(w.doc.report.of(sev), list)
