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
