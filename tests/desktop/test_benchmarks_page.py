"""The Benchmarks page: every comparator and commitment, with value, target, status and chart."""
from __future__ import annotations

from decimal import Decimal

from forms.schema.metrics import compute
from forms.schema.model import Return
from validators.engine import check

from desktop.pages.benchmarks import BenchmarksPage


def _page(qtbot, ret, previous_metrics=None):
    page = BenchmarksPage()
    qtbot.addWidget(page)
    report = check(ret)
    page.set_data(report, compute(ret), previous_metrics, ret)
    page.resize(1100, 700)
    page.show()
    return page, report


def test_every_benchmark_of_the_sample_shows_title_value_target_due_and_status(qtbot, sample_return):
    page, report = _page(qtbot, sample_return)
    assert len(report.benchmarks) == 5
    assert [r.key for r in page.rows] == [f.key for f in report.benchmarks]
    by_key = {r.key: r for r in page.rows}
    hr = by_key["CMP-HR-RATIO"]
    assert hr.title.text() == "HR staffing ratio"   # the rule's title from the pack
    assert hr.value.text() == "55.0 : 1"
    assert hr.target.text() == "at least 77 : 1"
    assert hr.status_text.text() == "Short"
    assert hr.status_icon.pixmap() is not None and not hr.status_icon.pixmap().isNull()
    collab = by_key["DCSF-COLLAB-80"]
    assert collab.title.text() == "DCSF 80 % collaborative procurement before March 2011"
    assert collab.value.text() == "71.1 %"
    assert collab.due.text() == "2010-11"
    # The chart says in words what it draws, for screen readers.
    assert "71.1 %" in collab.chart.accessibleDescription()
    assert "80 %" in collab.chart.accessibleDescription()
    assert "5 benchmarks" in page.summary.text()


def test_choosing_the_action_for_a_shortfall_emits_action_chosen(qtbot, sample_return):
    page, _ = _page(qtbot, sample_return)
    row = next(r for r in page.rows if r.key == "CMP-HR-RATIO")
    assert row.action.isVisible()
    assert row.action.currentData() == sample_return.benchmark_actions["CMP-HR-RATIO"]
    with qtbot.waitSignal(page.action_chosen) as sig:
        row.action.setCurrentIndex(row.action.findData("3"))
    assert sig.args == ["CMP-HR-RATIO", "3"]
    with qtbot.waitSignal(page.action_chosen) as sig:
        row.action.setCurrentIndex(0)
    assert sig.args == ["CMP-HR-RATIO", ""]


def test_refreshing_after_an_edit_keeps_the_same_widgets_and_emits_nothing(qtbot, sample_return):
    page, report = _page(qtbot, sample_return)
    before = [r.action for r in page.rows]
    page.rows[0].action.setFocus()
    sample_return.headcount.function_fte.hr = Decimal("100")
    with qtbot.assertNotEmitted(page.action_chosen):
        page.set_data(check(sample_return), compute(sample_return), None, sample_return)
    assert [r.action for r in page.rows] == before
    assert page.rows[0].value.text() != "55.0 : 1"


def test_last_years_value_is_charted_when_a_previous_return_was_imported(qtbot, sample_return):
    last_year = sample_return.model_copy(deep=True)
    last_year.headcount.function_fte.hr = Decimal("120")
    page, _ = _page(qtbot, sample_return, compute(last_year))
    hr = next(r for r in page.rows if r.key == "CMP-HR-RATIO")
    assert hr.chart.show_previous
    assert "last year" in hr.chart.accessibleDescription()
    assert hr.chart.sizeHint().height() > page.rows[0].chart.fontMetrics().height() * 2
    page.grab()   # paints without error


def test_a_blank_return_shows_benchmarks_not_available_without_action_boxes(qtbot):
    ret = Return()
    ret.envelope.organisation = "DCSF"
    ret.envelope.financial_year = "2009-10"
    page, report = _page(qtbot, ret)
    assert report.benchmarks
    for row in page.rows:
        assert row.status_text.text() == "Not available"
        assert not row.action.isVisible()
        assert row.value.text() == "—"
    page.grab()


def test_an_action_removed_from_the_plan_stays_visible_as_the_choice(qtbot, sample_return):
    sample_return.benchmark_actions["CMP-HR-RATIO"] = "9"
    page, _ = _page(qtbot, sample_return)
    row = next(r for r in page.rows if r.key == "CMP-HR-RATIO")
    assert row.action.currentData() == "9"
    assert "no longer in the action plan" in row.action.currentText()


def test_every_action_box_has_an_accessible_name(qtbot, sample_return):
    page, _ = _page(qtbot, sample_return)
    for row in page.rows:
        assert row.action.accessibleName().startswith("Action addressing")


def test_going_to_a_benchmark_puts_the_focus_on_its_action_box(qtbot, sample_return):
    page, _ = _page(qtbot, sample_return)
    page.activateWindow()
    assert page.focus_path("metrics.collaborative_pct")
    row = next(r for r in page.rows if r.key == "DCSF-COLLAB-80")
    qtbot.waitUntil(lambda: page.focusWidget() is row.action, timeout=2000)
    assert page.first_input() is page.rows[0].action
    assert page.focus_path("benchmark_actions")
    assert not page.focus_path("metrics.total_nia_m2")
