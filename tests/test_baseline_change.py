"""Commitments that are changes: this year's figure against a baseline from a named year."""
from decimal import Decimal as D

import pytest

from forms.drafts.new_return import new_return
from forms.schema.model import Baseline, Return
from validators.baselines import prefill
from validators.engine import check
from validators.findings import MEETS, NOT_AVAILABLE, SHORT, WITHIN
from validators.packs import RulePackError, load_pack, parse_pack

LEGAL = '''id = "LEGAL"
kind = "baseline_change"
severity = "benchmark"
title = "Legal spend −35 %"
message = "Legal spend is {change} on {baseline_year}; the commitment is {target} by {due} ({status})."
due = "2010-11"
params = { path = "spend.function_cost.legal", baseline_year = "2008-09", change = "percent", target = "-35" }'''


def pack(rule_toml: str):
    return parse_pack(f'[pack]\nid = "t"\nversion = "1"\n\n[[rule]]\n{rule_toml}'.encode(),
                      "test.toml")


def a_return(year="2009-10", legal="1560000", base="2000000", base_year="2008-09",
             source="2008-09 resource accounts", commitment="LEGAL"):
    r = Return()
    r.envelope.financial_year = year
    r.spend.function_cost.legal = None if legal is None else D(legal)
    if base is not False:
        r.baselines = [Baseline(commitment=commitment, year=base_year,
                                figure=None if base is None else D(base), source=source)]
    return r


def findings(ret, rule=LEGAL):
    return check(ret, pack(rule)).findings


def test_the_finding_reports_baseline_figure_change_and_target():
    [f] = findings(a_return())
    assert f.message == ("Legal spend is down 22 % on 2008-09; the commitment is 35 % by "
                         "2010-11 (short).")
    assert (f.status, f.value, f.target, f.unit, f.due) == (SHORT, D(-22), D(-35), "%", "2010-11")
    assert f.paths == ("spend.function_cost.legal", "baselines[0].figure")


@pytest.mark.parametrize("now, status", [("1300000", MEETS), ("1000000", MEETS),
                                         ("1340000", WITHIN), ("1400000", SHORT),
                                         ("2100000", SHORT)])
def test_a_cut_meets_only_when_it_is_as_deep_as_promised(now, status):
    [f] = findings(a_return(legal=now))
    assert f.status == status, f.message


def test_the_default_message_names_both_figures():
    rule = LEGAL.replace('message = "Legal spend is {change} on {baseline_year}; the commitment '
                         'is {target} by {due} ({status})."\n', "")
    [f] = findings(a_return(legal="2100000"), rule)
    assert f.message == ("Legal (Cost by function) is up 5 % on 2008-09 (£2,000,000 then, "
                         "£2,100,000 now); the commitment is 35 % by 2010-11 (short).")


def test_a_missing_baseline_is_a_query_naming_the_figure_and_the_year():
    report = check(a_return(base=False), pack(LEGAL))
    [q] = report.queries
    assert q.message == ("Baseline needed for Legal spend −35 %: Legal (Cost by function) in "
                         "2008-09. Enter it on the Baselines page with its source, or import the "
                         "2008-09 return to fill it in.")
    assert q.paths == ("baselines",) and q.key == "LEGAL@baseline"
    assert q in report.blocking
    [b] = report.benchmarks
    assert b.status == NOT_AVAILABLE
    assert b.message == "Legal spend −35 % cannot be measured without its 2008-09 baseline."


def test_a_baseline_row_without_its_figure_points_at_the_figure():
    [q] = check(a_return(base=None), pack(LEGAL)).queries
    assert q.paths == ("baselines[0].figure",) and "in 2008-09" in q.message


def test_a_baseline_for_another_year_is_a_query():
    [q] = check(a_return(base_year="2007-08"), pack(LEGAL)).queries
    assert q.message.startswith("The baseline for Legal spend −35 % is for 2007-08, but the "
                                "commitment is measured from 2008-09")
    assert q.paths == ("baselines[0].year",)


def test_a_typed_baseline_needs_its_source_but_is_still_measured():
    report = check(a_return(source=" "), pack(LEGAL))
    [q] = report.queries
    assert "has no source" in q.message and q.paths == ("baselines[0].source",)
    assert report.benchmarks[0].status == SHORT


def test_nothing_is_measured_in_the_baseline_year_itself():
    assert findings(a_return(year="2008-09", base=False)) == []


def test_this_years_figure_missing_or_a_zero_baseline_is_not_available():
    [f] = findings(a_return(legal=None))
    assert f.status == NOT_AVAILABLE and "fill in Legal (Cost by function)" in f.message
    [f] = findings(a_return(base="0"))
    assert f.status == NOT_AVAILABLE and "baseline is zero" in f.message


def test_an_amount_and_a_level():
    space = ('id = "SPACE"\nkind = "baseline_change"\nseverity = "benchmark"\n'
             'params = { path = "spend.function_cost.legal", baseline_year = "2008-09", '
             'change = "amount", target = "-500000" }')
    [f] = findings(a_return(commitment="SPACE", legal="1400000"), space)
    assert (f.status, f.value, f.unit) == (MEETS, D(-600000), "£")
    assert "down £600,000 on 2008-09" in f.message and "commitment is £500,000" in f.message
    level = space.replace('"amount"', '"level"').replace('"-500000"', '"1500000"')
    [f] = findings(a_return(commitment="SPACE", legal="1600000"), level)
    assert (f.status, f.value, f.target) == (WITHIN, D(1600000), D(1500000))


@pytest.mark.parametrize("change, expect", [
    ('severity = "query"', "baseline_change rules are benchmarks"),
    ('path = "savings[*].planned_gbp"', "names a table column"),
    ('baseline_year = ""', "give the year the change is measured from")])
def test_a_broken_change_rule_is_refused(change, expect):
    rule = LEGAL.replace('severity = "benchmark"', change) if "severity" in change else \
        LEGAL.replace('path = "spend.function_cost.legal"', change) if "path" in change else \
        LEGAL.replace('baseline_year = "2008-09"', change)
    with pytest.raises(RulePackError, match=expect):
        pack(rule)


# --- the Baselines rows a return needs ------------------------------------------------

def test_a_new_return_gets_a_row_for_each_change_commitment():
    ret = new_return("CO", "2009-10")
    assert prefill(ret) == []
    assert [(b.commitment, b.measure, b.year, b.figure) for b in ret.baselines] == [
        ("CO-LEGAL-35", "Legal (Cost by function), in £", "2008-09", None),
        ("CO-SPACE-2", "Office space per FTE, in m²", "2008-09", None)]
    assert prefill(ret) == [] and len(ret.baselines) == 2        # never twice


def test_a_baseline_the_commitment_states_is_filled_in_with_its_source():
    ret = new_return("DES", "2009-10")
    assert prefill(ret) == ["MOD-DES-PROCUREMENT-20000"]
    [b] = ret.baselines
    assert b.figure == D(27500) and b.source.startswith("Table A (December 2009)")


def test_an_earlier_return_of_the_same_body_fills_its_years_baselines(sample):
    earlier = sample.model_copy(deep=True)
    earlier.envelope.organisation, earlier.envelope.financial_year = "CO", "2008-09"
    ret = new_return("CO", "2010-11")
    other = earlier.model_copy(deep=True)
    other.envelope.organisation = "DWP"
    assert prefill(ret, earlier=[(other, "DWP")]) == []               # not another body's
    assert prefill(ret, earlier=[(earlier, "Signed return for 2008-09")]) == \
        ["CO-LEGAL-35", "CO-SPACE-2"]
    legal, space = ret.baselines
    assert (legal.figure, legal.source) == (D(2410000), "Signed return for 2008-09")
    assert space.figure == D("13.6092")          # the metric, to the places a figure holds
    legal.figure = D(3000000)
    earlier.spend.function_cost.legal = D(1)
    prefill(ret, earlier=[(earlier, "again")])
    assert ret.baselines[0].figure == D(3000000)                      # typed: kept


def test_every_change_rule_of_the_shipped_pack_is_prefilled_for_its_body():
    pack = load_pack()
    for rule in pack.rules:
        if rule.spec.kind != "baseline_change":
            continue
        for code in rule.spec.applies_to:
            ret = new_return(code, "2014-15")
            prefill(ret, pack)
            assert rule.id in [b.commitment for b in ret.baselines], (rule.id, code)
