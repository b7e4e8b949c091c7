"""Last year beside this year: the same-as-last-year query, the workbook's Last year
column, and --previous checked as the desktop checks it."""
from decimal import Decimal as D

import pytest

from forms.cli.main import main
from forms.drafts.next_year import check_previous
from forms.drafts.store import save_draft
from forms.schema.errors import UserError
from forms.workbook.layout import layout
from project_paths import SAMPLE
from validators.engine import check


def _last_year(sample):
    last = sample.model_copy(deep=True)
    last.envelope.financial_year = "2008-09"
    for name in ("employees_fte", "payroll_fte"):
        setattr(last.headcount, name, D("2600.0"))
    last.headcount.employees_headcount = 2790
    s = last.spend
    s.running_costs_gbp, s.addressable_spend_gbp, s.consultancy_gbp = D(248000000), D(117000000), D(6500000)
    for f in ("hr", "finance", "procurement", "ict", "estates", "legal", "communications"):
        setattr(s.function_cost, f, getattr(s.function_cost, f) + 1000)
    for b in last.floor_space.buildings:
        b.annual_cost_gbp += 1000
    return last


def test_a_figure_identical_to_last_year_is_a_query(sample):
    last = _last_year(sample)
    assert [f for f in check(sample, previous=last).queries if f.rule_id == "YOY-SAME"] == []
    last.spend.function_cost.legal = sample.spend.function_cost.legal
    [q] = [f for f in check(sample, previous=last).queries if f.rule_id == "YOY-SAME"]
    assert q.message == ("Legal (Cost by function) is £2,410,000, the same as in 2008-09: "
                         "confirm it (explain why it has not moved) or correct it.")
    assert q.paths == ("spend.function_cost.legal",) and q.key == "YOY-SAME@spend.function_cost.legal"
    assert not [f for f in check(sample).queries if f.rule_id == "YOY-SAME"]   # no last year


def test_a_blank_or_zero_figure_the_same_as_last_year_is_not_queried(sample):
    last = _last_year(sample)
    sample.spend.consultancy_gbp = last.spend.consultancy_gbp = D(0)
    assert not [f for f in check(sample, previous=last).queries if f.rule_id == "YOY-SAME"]


def _payload(ret, previous, version=2):
    return {"layout_version": version, "submission": {}, "rule_pack": {"id": "p", "version": "1"},
            "check": {"findings": []}, "return": ret.model_dump(mode="json"),
            "previous": {"return": previous.model_dump(mode="json")}}


def test_the_workbook_shows_last_years_figure_beside_each_input(sample):
    sheets = {s.title: s for s in layout(_payload(sample, _last_year(sample)))}
    head = sheets["Headcount"]
    cells = {(c.row, c.col): c for c in head.cells}
    assert [cells[(3, c)].value for c in range(1, 6)] == ["Item", "Value", "Last year (2008-09)",
                                                         "Unit", "What it means"]
    row = next(r for (r, c), cell in cells.items() if c == 1 and cell.value == "Employees (FTE)")
    assert (cells[(row, 2)].value, cells[(row, 3)].value, cells[(row, 4)].value) == \
        (D("2694.5"), D("2600.0"), "FTE")
    assert head.names["headcount.employees_fte"] == f"$B${row}"


def test_a_layout_1_workbook_signed_with_last_year_keeps_its_columns(sample):
    sheets = {s.title: s for s in layout(_payload(sample, _last_year(sample), version=1))}
    assert [c.value for c in sheets["Spend"].cells if c.row == 3] == \
        ["Item", "Value", "Unit", "What it means"]


def test_previous_is_refused_as_the_desktop_refuses_it(sample, tmp_path, capsys):
    other = _last_year(sample)
    other.envelope.organisation = "DWP"
    with pytest.raises(UserError, match="is DWP's return, not DCSF's"):
        check_previous(sample, other, "dwp.json")
    save_draft(other, tmp_path / "dwp.json")
    assert main(["validate", str(SAMPLE), "--previous", str(tmp_path / "dwp.json")]) == 1
    assert "dwp.json is DWP's return, not DCSF's" in capsys.readouterr().err
    later = _last_year(sample)
    later.envelope.financial_year = "2010-11"
    with pytest.raises(UserError, match="is for 2010-11, not a year before 2009-10"):
        check_previous(sample, later, "later.json")


def test_validate_previous_fills_baselines_as_the_desktop_import_does(sample, tmp_path, capsys):
    from validators.baselines import prefill
    this = sample.model_copy(deep=True)
    this.envelope.organisation, this.envelope.financial_year = "CO", "2009-10"
    prefill(this)
    save_draft(this, tmp_path / "co.json")
    last = _last_year(sample)
    last.envelope.organisation = "CO"
    save_draft(last, tmp_path / "co-2008-09.json")
    main(["validate", str(tmp_path / "co.json"), "--previous", str(tmp_path / "co-2008-09.json")])
    out = capsys.readouterr().out
    assert "Baseline needed" not in out
    assert "Legal spend is down less than 0.1 % on 2008-09 (£2,411,000 then, £2,410,000 now)" in out


def test_a_return_signed_with_last_year_verifies_with_its_last_year_column(sample, tmp_path,
                                                                          monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from openpyxl import load_workbook

    from bench.generate import explain_queries
    from forms.signing import keys
    from forms.workbook.export import export_signed
    from forms.workbook.verify import verify_workbook
    last = _last_year(sample)
    explain_queries(sample, last)
    key = Ed25519PrivateKey.generate()
    info = keys.KeyInfo("DCSF", keys.fingerprint_of(key.public_key()),
                        keys.public_pem_of(key.public_key()))
    out = tmp_path / "dcsf.xlsx"
    export_signed(sample, key, info, out, previous=last)
    assert verify_workbook(out).ok, verify_workbook(out).problems
    assert load_workbook(out)["Headcount"]["C3"].value == "Last year (2008-09)"
