"""Each rule kind on its own, through a one-rule pack, as a pack author would use it."""
from decimal import Decimal as D

import pytest

from forms.schema.model import Building, Return, SavingsLine
from validators.engine import check
from validators.kinds import REGISTRY
from validators.packs import RulePackError, parse_pack


def pack(rule_toml: str, name="test.toml"):
    return parse_pack(f'[pack]\nid = "t"\nversion = "1"\n\n[[rule]]\n{rule_toml}'.encode(), name)


def run(rule_toml, ret, previous=None):
    return check(ret, pack(rule_toml), previous).findings


def ret_with(**kw):
    r = Return()
    for path, v in kw.items():
        obj = r
        *parents, last = path.split("__")
        for p in parents:
            obj = getattr(obj, p)
        setattr(obj, last, v)
    return r


REQUIRED = 'id = "R"\nkind = "required"\nseverity = "error"\nparams.paths = ["spend.running_costs_gbp", "floor_space.buildings[*].name"]'


def test_required():
    r = ret_with(spend__running_costs_gbp=D(1))
    assert run(REQUIRED, r) == []
    r.floor_space.buildings = [Building(name="A"), Building(name="  ")]
    [f] = run(REQUIRED, r)
    assert f.paths == ("floor_space.buildings[1].name",)
    assert f.message == "Building (row 2): Building is required."
    assert f.key == "R@floor_space.buildings#2.name"     # row 2, as the message counts


RANGE = 'id = "G"\nkind = "range"\nseverity = "query"\nparams = { path = "metrics.hr_ratio", min = "10", max = "300" }'


def test_range():
    r = ret_with(headcount__employees_fte=D(1000))
    r.headcount.function_fte.hr = D(10)
    assert run(RANGE, r) == []
    r.headcount.function_fte.hr = D(1)
    [f] = run(RANGE, r)
    assert f.severity == "query" and "1,000.0 : 1" in f.message
    assert f.paths[0] == "metrics.hr_ratio" and "headcount.function_fte.hr" in f.paths


def test_range_skips_blank_values():
    assert run(RANGE, Return()) == []


AT_MOST = ('id = "A"\nkind = "at_most"\nseverity = "error"\n'
           'params = { path = "metrics.function_fte_total", limit = ["headcount.employees_fte"] }')


def test_at_most_against_a_field():
    r = ret_with(headcount__employees_fte=D(100))
    r.headcount.function_fte.hr = D(60)
    r.headcount.function_fte.finance = D(40)
    assert run(AT_MOST, r) == []
    r.headcount.function_fte.ict = D("0.5")
    [f] = run(AT_MOST, r)
    assert f.message == "FTE in back-office functions (100.5 FTE) is more than Employees (FTE) (100.0 FTE)."


def test_at_most_against_a_sum_per_row():
    rule = ('id = "S"\nkind = "at_most"\nseverity = "query"\nparams = { path = "savings[*].delivered_gbp", '
            'limit = ["savings[*].planned_gbp"], factor = "1.1" }')
    r = Return(savings=[SavingsLine(planned_gbp=D(100), delivered_gbp=D(110)),
                        SavingsLine(planned_gbp=D(100), delivered_gbp=D(111))])
    [f] = run(rule, r)
    assert f.key == "S@savings#2"
    assert f.paths == ("savings[1].delivered_gbp", "savings[1].planned_gbp")


SUMS = ('id = "U"\nkind = "sums_to"\nseverity = "query"\n'
        'params = { parts = ["floor_space.buildings[*].fte"], total = "headcount.employees_fte", tolerance_pct = "5" }')


def test_sums_to():
    r = ret_with(headcount__employees_fte=D(100))
    r.floor_space.buildings = [Building(fte=D(50)), Building(fte=D(46))]
    assert run(SUMS, r) == []
    r.floor_space.buildings[1].fte = D(40)
    [f] = run(SUMS, r)
    assert "90.0 FTE" in f.message and "100.0 FTE" in f.message   # FTE to one place


COMPARATOR = ('id = "C"\nkind = "comparator"\nseverity = "benchmark"\n'
              'params = { metric = "finance_pct_orc", target = "1", better = "lower" }')


@pytest.mark.parametrize("finance,status", [(D("0.9"), "meets"), (D("1.0"), "meets"),
                                            (D("1.1"), "within 10 %"), (D("1.2"), "short"),
                                            (None, "not available")])
def test_comparator(finance, status):
    r = ret_with(spend__running_costs_gbp=D(100))
    r.spend.function_cost.finance = finance
    [f] = run(COMPARATOR, r)
    assert f.status == status


YEARS = ('id = "Y"\nkind = "year_order"\nseverity = "error"\n'
         'params = { earlier = "savings[*].baseline_year", later = "savings[*].target_year" }')


def test_year_order():
    r = Return(savings=[SavingsLine(baseline_year="2007-08", target_year="2013-14"),
                        SavingsLine(baseline_year="2009-10", target_year="")])
    assert run(YEARS, r) == []
    r.savings[1].target_year = "2009-10"
    [f] = run(YEARS, r)
    assert f.message == ("Savings line (row 2): Target year (2009-10) is not after Baseline "
                         "year (2009-10).")


CHANGE = 'id = "Ch"\nkind = "change"\nseverity = "query"\nparams = { paths = ["spend.running_costs_gbp"], max_pct = "25" }'


def test_change_from_previous_year():
    now, before = ret_with(spend__running_costs_gbp=D(125)), ret_with(spend__running_costs_gbp=D(100))
    assert run(CHANGE, now, before) == []
    now.spend.running_costs_gbp = D("74.9")
    [f] = run(CHANGE, now, before)
    assert "-25.1 %" in f.message


def test_every_registered_kind_is_tested_here():
    tested = {"required", "range", "at_most", "sums_to", "comparator", "year_order", "change"}
    tested |= {"refs_exist", "chosen_action_exists"}    # tests/test_references.py
    tested |= {"baseline_change"}                        # tests/test_baseline_change.py
    tested |= {"unchanged"}                              # tests/test_last_year.py
    assert set(REGISTRY) == tested


# --- broken packs name the file and the rule ------------------------------

@pytest.mark.parametrize("rule,expect", [
    ('id = "X1"\nkind = "nonsense"\nseverity = "error"', "rule X1: kind: unknown rule kind 'nonsense'"),
    ('id = "X2"\nkind = "range"\nseverity = "fatal"\nparams = { path = "spend.running_costs_gbp" }', "rule X2: severity"),
    ('id = "X3"\nkind = "range"\nseverity = "error"\nparams = { path = "spend.no_such_field" }', "rule X3: path"),
    ('id = "X4"\nkind = "range"\nseverity = "error"\nparams = { path = "spend.running_costs_gbp", min = "lots" }', "rule X4: min"),
    ('id = "X5"\nkind = "comparator"\nseverity = "benchmark"\nparams = { metric = "happiness", target = "1", better = "higher" }', "rule X5: metric: unknown metric"),
    ('id = "X6"\nkind = "comparator"\nseverity = "error"\nparams = { metric = "hr_ratio", target = "77", better = "higher" }', "rule X6: comparator rules are benchmarks"),
    ('id = "X7"\nkind = "required"\nseverity = "error"\nparams.paths = ["spend.running_costs_gbp"]\nbogus = 1', "rule X7: bogus"),
    ('id = "X8"\nkind = "required"\nseverity = "error"\nfrom_year = "2010"\nparams.paths = []', "rule X8: from_year"),
])
def test_broken_rule_names_file_and_rule(rule, expect):
    with pytest.raises(RulePackError) as e:
        pack(rule, "broken-pack.toml")
    assert "broken-pack.toml" in str(e.value) and expect in str(e.value)


def test_broken_toml_and_missing_header():
    with pytest.raises(RulePackError, match="bad.toml is not valid TOML"):
        parse_pack(b"[[rule]\nid=", "bad.toml")
    with pytest.raises(RulePackError, match="needs a \\[pack\\] table"):
        parse_pack(b'[[rule]]\nid = "A"', "nohead.toml")


def test_duplicate_rule_id():
    r = 'id = "D"\nkind = "required"\nseverity = "error"\nparams.paths = ["spend.running_costs_gbp"]'
    with pytest.raises(RulePackError, match="rule D: the id is used twice"):
        parse_pack(f'[pack]\nid="t"\nversion="1"\n[[rule]]\n{r}\n[[rule]]\n{r}'.encode(), "dup.toml")


def test_unknown_pack_id_lists_shipped_packs():
    from validators.packs import load_pack
    with pytest.raises(RulePackError, match="smarter-government-2009"):
        load_pack("no-such-pack")
