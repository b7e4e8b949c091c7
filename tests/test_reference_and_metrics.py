from decimal import Decimal

import pytest

from forms.schema.errors import UserError
from forms.schema.metrics import compute, format_value, savings_by_category, savings_by_year
from forms.schema.model import Building, Return
from forms.drafts.new_return import new_return
from forms.schema.organisations import find_organisation, organisations

TABLE_A = ["BIS", "CO", "HMRC", "HMT", "CLG", "DCMS", "DCSF", "DECC", "Defra", "DFID", "DfT",
           "DH", "DWP", "FCO", "HO", "AGO", "CPS", "MOD", "MoJ", "NIO"]
TABLE_B = ["NHS-PCT", "SCHOOL", "POLICE", "LA", "FIRE", "HEFE"]


def test_reference_lists_every_table_a_department_and_table_b_kind():
    codes = {o.code for o in organisations()}
    assert set(TABLE_A + TABLE_B) <= codes


@pytest.mark.parametrize("query", ["defra", "DEFRA", "Department for Environment, Food and Rural Affairs",
                                   "  department for environment,  food and rural affairs ",
                                   "Department for Environment, Food and Rural Affairs (Defra)"])
def test_organisation_by_code_or_name_any_case(query):
    assert find_organisation(query).code == "Defra"


def test_unknown_organisation_suggests_nearest():
    with pytest.raises(UserError) as e:
        find_organisation("Departmnt for Transport")
    assert "Department for Transport (DfT)" in str(e.value)


def test_new_return_is_prefilled_with_commitments():
    ret = new_return("defra", "2009-10")
    assert ret.envelope.organisation == "Defra"
    line = ret.savings[0]
    assert (line.category, line.planned_gbp, line.baseline_year, line.target_year) == \
        ("ICT", Decimal("50000000"), "2007-08", "2013-14")
    assert any("£50 million" in a.text for a in ret.action_plan.actions)
    assert ret.action_plan.actions[0].savings_refs == ["S1"]


def test_every_table_a_department_gets_its_action_plan():
    for code in TABLE_A:   # CPS too: from the Attorney General's Departments' actions naming it
        assert new_return(code, "2009-10").action_plan.actions, code


def test_bad_year_is_a_user_error():
    with pytest.raises(UserError, match="financial year"):
        new_return("DWP", "2009-2010")


def test_metrics_of_sample(sample):
    m = compute(sample)
    assert m["hr_ratio"].quantize(Decimal("0.1")) == Decimal("55.0")
    assert m["finance_pct_orc"].quantize(Decimal("0.01")) == Decimal("1.35")
    assert m["total_nia_m2"] == Decimal("36670")
    assert m["m2_per_fte"].quantize(Decimal("0.1")) == Decimal("13.6")


def test_missing_or_zero_denominator_is_not_available():
    ret = Return()
    assert all(v is None for v in compute(ret).values())
    ret.headcount.employees_fte = Decimal(100)
    ret.headcount.function_fte.hr = Decimal(0)
    ret.floor_space.buildings = [Building(nia_m2=Decimal(500), fte=Decimal(0), workstations=Decimal(0))]
    m = compute(ret)
    assert m["hr_ratio"] is None
    assert m["fte_per_workstation"] is None
    assert m["m2_per_fte"] == Decimal(5)   # falls back to employee FTE


def test_savings_totals_by_category_and_year(sample):
    cat = savings_by_category(sample)
    assert cat["procurement"]["delivered"] == Decimal("2650000")
    year = savings_by_year(sample)
    assert year["2010-11"]["planned"] == Decimal("8000000") + Decimal("2400000")


@pytest.mark.parametrize("value,unit,places,text", [
    (Decimal("44"), ": 1", 0, "44 : 1"), (Decimal("1234.5"), "£", 0, "£1,235"), (Decimal("2.5"), "£", 0, "£3"),
    (Decimal("23384.5"), "m²", 0, "23,385 m²"),
    (Decimal("-5"), "£", 0, "-£5"), (Decimal("12.345"), "m²", 1, "12.3 m²"),
    (None, "%", 2, "not available"), (Decimal("0.7"), "%", 1, "0.7 %"),
])
def test_format_value(value, unit, places, text):
    assert format_value(value, unit, places) == text


def test_explanations_follow_rows_that_move():
    from forms.schema.finding_keys import renumber_rows
    keyed = {"D@savings#1": "a", "D@savings#3": "c", "R@savings#2.planned_gbp": "b",
             "X@floor_space.buildings#1": "keep", "CMP": "keep too", "D@savings#13": "far"}
    out = renumber_rows(keyed, "savings", {0: None, 1: 0, 2: 1, 12: 11})
    assert out == {"D@savings#2": "c", "R@savings#1.planned_gbp": "b",
                   "X@floor_space.buildings#1": "keep", "CMP": "keep too", "D@savings#12": "far"}


def test_envelope_takes_only_reference_organisations():
    from pydantic import ValidationError
    from forms.schema.model import Envelope
    assert Envelope(organisation="department for work and pensions").organisation == "DWP"
    assert Envelope(organisation="dcsf").organisation == "DCSF"
    with pytest.raises(ValidationError, match="Did you mean: Home Office"):
        Envelope(organisation="Home Offce")


def test_chosen_actions_follow_actions_that_move():
    from forms.schema.paths import renumber_choices
    choices = {"CMP-HR-RATIO": "1", "CMP-OFFICE-SPACE": "3", "DCSF-COLLAB-80": "2"}
    # action 1 deleted, 2 -> 1, 3 -> 2
    assert renumber_choices(choices, {0: None, 1: 0, 2: 1}) == {"CMP-OFFICE-SPACE": "2",
                                                                 "DCSF-COLLAB-80": "1"}
