"""The Baselines page shows the table of baselines, and a missing one takes the officer there."""
from decimal import Decimal

from desktop.pages import PAGES
from forms.schema.model import Baseline


def test_the_baselines_page_shows_the_table_and_a_missing_baseline_leads_there(sample_window):
    w = sample_window
    w.doc.set_value("envelope.organisation", "CO")
    w.doc.replace_rows("baselines", [Baseline(commitment="CO-LEGAL-35", year="2008-09")],
                       "Add baseline")
    w.doc.check_now()
    [q] = [f for f in w.doc.report.queries if f.key == "CO-LEGAL-35@baseline"]
    assert w.go_to_finding(q.paths)
    assert w.current_page() == "commitments"
    panel = w.pages["commitments"].tables["baselines"]
    assert panel.model.rowCount() == 1
    assert ("commitments", "Commitments", "commitments") in PAGES
    w.doc.set_value("baselines[0].figure", Decimal(3100000))
    w.doc.set_value("baselines[0].source", "2008-09 accounts")
    w.doc.check_now()
    assert not [f for f in w.doc.report.queries if f.rule_id == "CO-LEGAL-35"]
    assert any(f.rule_id == "CO-LEGAL-35" for f in w.doc.report.benchmarks)


def test_importing_the_baseline_years_return_fills_blank_baselines_in_one_undo_step(
        sample_window, tmp_path):
    from forms.drafts.store import save_draft
    from validators.baselines import prefill
    w = sample_window
    ret = w.doc.ret.model_copy(deep=True)
    ret.envelope.organisation = "CO"
    prefill(ret)
    w.load_return(ret, None)
    last = ret.model_copy(deep=True)
    last.envelope.financial_year = "2008-09"
    last.spend.function_cost.legal = Decimal(3100000)
    save_draft(last, tmp_path / "co-2008-09.json")
    assert w.import_previous_path(tmp_path / "co-2008-09.json")
    legal = next(b for b in w.doc.ret.baselines if b.commitment == "CO-LEGAL-35")
    assert (legal.figure, legal.source) == (Decimal(3100000),
                                           "Return for 2008-09 (co-2008-09.json)")
    assert any("Baselines filled in: CO-LEGAL-35, CO-SPACE-2" in m for m in [
        w.statusBar().currentMessage()])
    w.doc.undo.undo()
    assert all(b.figure is None for b in w.doc.ret.baselines)
