"""Once last year's return is imported, each figure shows last year's beside it."""
from decimal import Decimal

from forms.drafts.store import save_draft


def test_each_input_shows_last_years_figure_once_imported(sample_window, tmp_path):
    w = sample_window
    last = w.doc.ret.model_copy(deep=True)
    last.envelope.financial_year = "2008-09"
    last.headcount.employees_fte = Decimal("2600.0")
    last.spend.function_cost.legal = None
    save_draft(last, tmp_path / "last.json")
    page = w.go_to_page("headcount")
    label = page.fields["headcount.employees_fte"].last_year
    assert not label.isVisibleTo(page)
    assert w.import_previous_path(tmp_path / "last.json")
    assert label.isVisibleTo(page) and label.text() == "2008-09: 2,600.0 FTE"
    spend = w.go_to_page("spend")
    assert spend.fields["spend.function_cost.legal"].last_year.text() == "2008-09: blank"
    assert spend.fields["spend.running_costs_gbp"].last_year.text() == "2008-09: £251,400,000"
    assert any(f.rule_id == "YOY-SAME" for f in w.doc.report.queries)   # copied figures
