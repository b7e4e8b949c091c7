"""Every rule of smarter-government-2009 has a case that passes and one that fails."""
from decimal import Decimal as D

import pytest

from validators.engine import check
from validators.findings import MEETS, SHORT
from validators.packs import load_pack

PACK = load_pack("smarter-government-2009")


def setp(**changes):
    """A mutation setting dotted attributes, e.g. setp(**{'spend.running_costs_gbp': None})."""
    def apply(ret):
        for path, value in changes.items():
            obj = ret
            *parents, last = path.split(".")
            for part in parents:
                obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
            setattr(obj, last, value)
    return apply


def org(code, year="2009-10"):
    return setp(**{"envelope.organisation": code, "envelope.financial_year": year})


def both(*fns):
    def apply(ret):
        for fn in fns:
            fn(ret)
    return apply


def scale_buildings(field, factor):
    def apply(ret):
        for b in ret.floor_space.buildings:
            setattr(b, field, (getattr(b, field) * factor).quantize(D(1)))
    return apply


def noop(ret):
    pass


def baseline(rule, figure, year):
    """The return's Baselines row for a change commitment, typed with its source."""
    def apply(ret):
        from forms.schema.model import Baseline
        ret.baselines = [Baseline(commitment=rule, year=year, figure=D(figure),
                                  source="Annual report and accounts")]
    return apply


def _reported(status):
    from forms.schema.model import Commitment
    return Commitment(commitment="Move to a smaller building in Sheffield in 2010", due="2010",
                      status=status, date="2010-03-31", evidence="Lease surrendered")


def change(rule, code, year, meets, short, this_year="2009-10"):
    """(pass, fail) for a change commitment: the same figure now against two baselines."""
    return (both(org(code, this_year), baseline(rule, meets, year)),
            both(org(code, this_year), baseline(rule, short, year)))


HR = "headcount.function_fte.hr"
FIN = "spend.function_cost.finance"
ORC = D("251400000")

# rule id -> (make it pass, make it fail); the sample is DCSF 2009-10.
CASES = {
    "REQ-ENVELOPE": (noop, setp(**{"envelope.preparer.name": ""})),
    "REQ-HEADCOUNT": (noop, setp(**{"headcount.employees_fte": None})),
    "REQ-SPEND": (noop, setp(**{"spend.running_costs_gbp": None})),
    "REQ-BUILDING": (noop, setp(**{"floor_space.buildings.0.nia_m2": None})),
    "REQ-SAVINGS": (noop, setp(**{"savings.0.planned_gbp": None})),
    "REQ-BUILDINGS-ANY": (noop, setp(**{"floor_space.buildings": []})),
    "FTE-LE-HEADCOUNT": (noop, setp(**{"headcount.employees_fte": D(3000)})),
    "FUNCTION-FTE-LE-TOTAL": (noop, setp(**{HR: D(2600)})),
    "EMPLOYEES-LE-STAFF": (noop, setp(**{"headcount.employees_fte": D(2850)})),
    "PAYROLL-LE-FTE": (noop, setp(**{"headcount.payroll_fte": D(2700)})),
    **{f"{f.upper()}-COST-LE-ORC": (noop, setp(**{f"spend.function_cost.{f}": ORC + 1}))
       for f in ("hr", "finance", "procurement", "ict", "estates", "legal")},
    "COMMS-COST-LE-ORC": (noop, setp(**{"spend.function_cost.communications": ORC + 1})),
    "COLLABORATIVE-LE-ADDRESSABLE": (noop, setp(**{"spend.collaborative_spend_gbp": D("118600001")})),
    "BUILDING-NIA-POSITIVE": (noop, setp(**{"floor_space.buildings.0.nia_m2": D(0)})),
    "BUILDING-FTE-ADDS-UP": (noop, setp(**{"floor_space.buildings.0.fte": D(100)})),
    "BUILDING-FTE-LE-DESKS-SPACE": (noop, setp(**{"floor_space.buildings.1.fte": D(2700)})),
    "DELIVERED-LE-PLANNED": (setp(**{"savings.2.delivered_gbp": D("2400000")}), noop),
    "TARGET-AFTER-BASELINE": (noop, setp(**{"savings.0.target_year": "2008-09"})),
    "ACTION-SAVINGS-EXIST": (noop, setp(**{"action_plan.actions.0.savings_refs": ["S1", "S99"]})),
    "SHORTFALL-ACTION-EXISTS": (noop, setp(**{"benchmark_actions": {"CMP-HR-RATIO": "99"}})),
    "PLAUS-M2-PER-FTE": (noop, scale_buildings("nia_m2", 3)),
    "PLAUS-COST-PER-M2": (noop, scale_buildings("annual_cost_gbp", 10)),
    "PLAUS-FTE-PER-WORKSTATION": (noop, scale_buildings("workstations", D("0.1"))),
    "PLAUS-HR-RATIO": (noop, setp(**{HR: D(5)})),
    # YOY-CHANGE and YOY-SAME are covered below and in test_last_year: they need last year's.
    "CMP-HR-RATIO": (setp(**{HR: D(30)}), noop),
    "CMP-FINANCE-COST": (setp(**{FIN: D(2000000)}), noop),
    "CMP-OFFICE-SPACE": (scale_buildings("nia_m2", D("0.7")), noop),
    "CO-HR-44": (org("CO"), both(org("CO"), setp(**{HR: D(80)}))),
    "CLG-HR-65": (both(org("CLG"), setp(**{HR: D(40)})), org("CLG")),
    "CLG-HR-77": (both(org("CLG", "2011-12"), setp(**{HR: D(30)})), org("CLG", "2011-12")),
    "DCSF-SPACE-11": (scale_buildings("nia_m2", D("0.7")), noop),
    "DCSF-COLLAB-80": (setp(**{"spend.collaborative_spend_gbp": D(100000000)}), noop),
    "DH-SPACE-10": (both(org("DH"), scale_buildings("nia_m2", D("0.7"))), org("DH")),
    "DWP-SPACE-10.5": (both(org("DWP"), scale_buildings("nia_m2", D("0.7"))), org("DWP")),
    "DECC-SHARED-60": (both(org("DECC"), setp(**{"spend.shared_services_pct": D(65)})), org("DECC")),
    "DECC-DESK-0.72": (both(org("DECC"), scale_buildings("workstations", D("0.6"))), org("DECC")),
    "AGO-CPS-FINANCE-0.7": (both(org("AGO"), setp(**{FIN: D(1500000)})), org("AGO")),
    "AGO-HR-77": (both(org("CPS"), setp(**{HR: D(30)})), org("CPS")),
    "MOD-FINANCE-0.7": (both(org("MOD"), setp(**{FIN: D(1500000)})), org("MOD")),
    "MOD-HR-77": (both(org("MOD"), setp(**{HR: D(30)})), org("MOD")),
    "DWP-HR-77": (both(org("DWP"), setp(**{HR: D(30)})), org("DWP")),
    "REQ-COMMITMENTS": (setp(**{"commitments": [_reported("met")]}),
                        setp(**{"commitments": [_reported("")]})),
    # Changes from a baseline; the sample has legal £2,410,000, ICT £14,820,000,
    # consultancy £6,240,000, 13.6 m² per FTE, finance 61.5 FTE, back office £32,630,000.
    "CO-LEGAL-35": change("CO-LEGAL-35", "CO", "2008-09", "4000000", "2500000"),
    "CO-SPACE-2": change("CO-SPACE-2", "CO", "2008-09", "16", "14.5"),
    "DECC-CONSULTANCY-40": change("DECC-CONSULTANCY-40", "DECC", "2008-09", "11000000",
                                  "7000000"),
    "HMRC-ICT-10": change("HMRC-ICT-10", "HMRC", "2009-10", "16500000", "15000000",
                          "2010-11"),
    "DWP-ICT-24": change("DWP-ICT-24", "DWP", "2007-08", "20000000", "16000000"),
    "AGO-CPS-ICT-20": change("AGO-CPS-ICT-20", "CPS", "2009-10", "19000000", "15000000",
                             "2010-11"),
    "MOD-DES-PROCUREMENT-20000": (both(org("DES"), baseline("MOD-DES-PROCUREMENT-20000", "27500",
                                                            "2007-08")),
                                  both(org("DES"), baseline("MOD-DES-PROCUREMENT-20000", "27500",
                                                            "2007-08"),
                                       setp(**{"headcount.function_fte.procurement": D(24000)}))),
    "CLG-FINANCE-FTE-20": change("CLG-FINANCE-FTE-20", "CLG", "2007-08", "80", "65"),
    "DH-CORPORATE-17": change("DH-CORPORATE-17", "DH", "2007-08", "40000000", "34000000"),
    "DEFRA-ICT-50M": (both(org("Defra"), baseline("DEFRA-ICT-50M", "65000000", "2007-08"),
                           setp(**{"spend.function_cost.ict": D(14820000)})),
                      both(org("Defra"), baseline("DEFRA-ICT-50M", "30000000", "2007-08"))),
}


def findings_of(ret, rule_id, previous=None):
    return [f for f in check(ret, PACK, previous).findings if f.rule_id == rule_id]


def test_every_shipped_rule_has_cases():
    assert set(CASES) | {"YOY-CHANGE", "YOY-SAME"} == {r.id for r in PACK.rules}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(sample, rule_id):
    make_pass, make_fail = CASES[rule_id]
    good, bad = sample.model_copy(deep=True), sample.model_copy(deep=True)
    make_pass(good)
    make_fail(bad)
    rule = PACK.rule(rule_id)
    if rule.spec.severity == "benchmark":
        [ok] = findings_of(good, rule_id)
        [short] = findings_of(bad, rule_id)
        assert ok.status == MEETS, ok.message
        assert short.status == SHORT, short.message
    else:
        assert findings_of(good, rule_id) == []
        found = findings_of(bad, rule_id)
        assert found and all(f.severity == rule.spec.severity for f in found)
        assert all(f.paths and f.message for f in found)


def test_year_on_year_change_passes_and_fails(sample):
    last_year = sample.model_copy(deep=True)
    last_year.envelope.financial_year = "2008-09"
    assert findings_of(sample, "YOY-CHANGE", previous=last_year) == []
    assert findings_of(sample, "YOY-SAME", previous=last_year)      # a copy: every figure the same
    last_year.headcount.employees_fte = D("2000")
    [f] = findings_of(sample, "YOY-CHANGE", previous=last_year)
    assert f.severity == "query" and f.paths == ("headcount.employees_fte",)
    assert "+34.7 %" in f.message and "2,000.0 FTE to 2,694.5 FTE" in f.message
    assert findings_of(sample, "YOY-CHANGE") == []   # no previous return, no check


def test_commitments_apply_only_to_their_body_and_years(sample):
    ids = {f.rule_id for f in check(sample, PACK).findings}
    assert "DCSF-SPACE-11" in ids and "CLG-HR-65" not in ids and "DH-SPACE-10" not in ids
    org("CLG", "2011-12")(sample)
    ids = {f.rule_id for f in check(sample, PACK).findings}
    assert "CLG-HR-77" in ids and "CLG-HR-65" not in ids


def test_messages_carry_the_numbers(sample):
    [f] = findings_of(sample, "CMP-HR-RATIO")
    assert f.message == "HR ratio is 55.0 : 1; the comparator is 77 : 1 (short)."
    assert "headcount.function_fte.hr" in f.paths


def test_sample_is_ready_to_submit(sample):
    report = check(sample, PACK)
    assert report.can_submit and not report.errors
    assert all(report.explained(q) for q in report.queries)


def test_unexplained_query_blocks_submission(sample):
    sample.explanations.clear()
    report = check(sample, PACK)
    assert not report.can_submit
    assert [f.rule_id for f in report.blocking] == ["DELIVERED-LE-PLANNED"]


def test_benchmark_shortfall_never_blocks(sample):
    report = check(sample, PACK)
    assert any(f.status == SHORT for f in report.benchmarks)
    assert not any(f.severity == "benchmark" for f in report.blocking)


def test_within_ten_percent_status(sample):
    sample.headcount.function_fte.hr = D(37)   # 72.8 : 1, within 10 % of 77
    [f] = findings_of(sample, "CMP-HR-RATIO")
    assert f.status == "within 10 %"


# --- a benchmark whose inputs fail an error rule is not available ----------------

def test_collaborative_spend_above_addressable_is_not_available_not_meets(sample):
    sample.spend.collaborative_spend_gbp = sample.spend.addressable_spend_gbp * D("1.2")
    [f] = findings_of(sample, "DCSF-COLLAB-80")
    assert f.status == "not available" and f.value is None
    assert f.message.startswith("DCSF 80 % collaborative procurement before March 2011 is not "
                                "available until this error is fixed: Collaborative spend")


def test_no_office_area_is_not_available_not_meets(sample):
    for b in sample.floor_space.buildings:
        b.nia_m2 = D(0)
    for rule_id in ("CMP-OFFICE-SPACE", "DCSF-SPACE-11"):
        [f] = findings_of(sample, rule_id)
        assert f.status == "not available", f.message
        assert "a building listed must have office space" in f.message
    [hr] = findings_of(sample, "CMP-HR-RATIO")          # figures the error does not touch
    assert hr.status == SHORT


def test_an_error_on_a_text_field_leaves_the_benchmark_standing(sample):
    sample.floor_space.buildings[0].name = ""
    assert findings_of(sample, "REQ-BUILDING")
    [f] = findings_of(sample, "CMP-OFFICE-SPACE")
    assert f.status == SHORT


# --- consistency rules check what they say -------------------------------------

def test_building_fte_is_compared_with_payroll_and_non_payroll_staff(sample):
    # 2,694.5 FTE in buildings; 2,694.5 payroll + 142.0 non-payroll = 2,836.5.
    sample.headcount.non_payroll_fte = D(600)
    [f] = findings_of(sample, "BUILDING-FTE-ADDS-UP")
    assert "the return reports 3,294.5 FTE payroll and non-payroll staff" in f.message


def test_employees_far_above_payroll_and_non_payroll_is_an_error(sample):
    h = sample.headcount
    h.employees_headcount, h.employees_fte = 45000, D(40000)
    h.payroll_fte, h.non_payroll_fte = D(25549), D(6232)
    [f] = findings_of(sample, "EMPLOYEES-LE-STAFF")
    assert f.message.startswith("Employees (FTE) is 40,000.0 FTE, more than the 31,781.0 FTE "
                                "payroll and non-payroll staff")


def test_a_zero_denominator_is_reported_as_zero_not_blank(sample):
    sample.headcount.function_fte.hr = D(0)
    [f] = findings_of(sample, "CMP-HR-RATIO")
    assert f.status == "not available"
    assert f.message == ("HR staffing ratio cannot be worked out: HR (FTE by function) is zero. "
                         "Check the figure.")
    sample.headcount.function_fte.hr = None
    [f] = findings_of(sample, "CMP-HR-RATIO")
    assert "fill in HR (FTE by function)" in f.message
