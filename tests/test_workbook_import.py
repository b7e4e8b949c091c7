"""Import: a signed return comes back as exactly the draft that was signed."""
from decimal import Decimal

import pytest

from forms.cli.main import main
from forms.drafts.store import load_draft, save_draft, to_json
from forms.schema.errors import NotAReturn
from forms.workbook.export import export_return
from forms.workbook.to_draft import import_workbook
from forms.workbook.verify import verify_workbook
from workbook_fixtures import (SAMPLE, PASS, _signed_sample_master, edit_cell,  # noqa: F401
                               fast_keys, key_file, signed)


def test_draft_to_workbook_to_draft_is_identical(signed, tmp_path):
    back = tmp_path / "back.json"
    save_draft(import_workbook(signed), back)
    assert back.read_bytes() == SAMPLE.read_bytes()


def test_awkward_text_and_decimals_survive_exactly(key_file, tmp_path):
    ret = load_draft(SAMPLE)
    ret.savings[0].description = "=SUM(A1) — naïve “quotes”\nsecond line\r\nthird\ttab 😀"
    ret.savings[1].evidence = "#N/A"
    ret.headcount.non_payroll_fte = Decimal("142.1250")
    ret.spend.consultancy_gbp = Decimal("0.10")
    ret.explanations = {"Z-LAST": "z", **ret.explanations, "A-FIRST": "a\u2028b"}
    out = tmp_path / "r.xlsx"
    export_return(ret, key_file, PASS, out)
    assert to_json(import_workbook(out)) == to_json(ret)
    assert verify_workbook(out).ok


def test_large_return_round_trips(key_file, tmp_path):
    from bench.generate import large_return
    ret = large_return(400, 300)
    out = tmp_path / "large.xlsx"
    export_return(ret, key_file, PASS, out)
    assert to_json(import_workbook(out)) == to_json(ret)


def test_a_workbook_edited_after_signing_is_not_imported(signed):
    edit_cell(signed, "Headcount", "B4", 3000)
    with pytest.raises(NotAReturn, match=r"edited after signing \(Headcount!B4"):
        import_workbook(signed)


def test_last_years_signed_return_feeds_this_years_checks(signed, tmp_path, capsys):
    this_year = load_draft(SAMPLE)
    this_year.envelope.financial_year = "2010-11"
    this_year.spend.function_cost.ict = Decimal("25000000")      # +69 % on last year
    draft = tmp_path / "this.json"
    save_draft(this_year, draft)
    assert main(["validate", str(draft), "--previous", str(signed)]) == 1
    out = capsys.readouterr().out
    assert "YOY-CHANGE" in out and "from last year" in out


def test_cli_import_writes_the_draft_and_will_not_overwrite(signed, tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["import", str(signed), "-o", str(out)]) == 0
    assert "DCSF 2009-10 outturn" in capsys.readouterr().out
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert main(["import", str(signed), "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["import", str(signed), "-o", str(out), "--force"]) == 0


def test_last_years_return_starts_this_years_draft(signed, tmp_path, capsys):
    out = tmp_path / "2010-11.json"
    assert main(["import", str(signed), "-o", str(out), "--next-year"]) == 0
    assert f"--previous {signed}" in capsys.readouterr().out
    draft = load_draft(out)
    assert draft.envelope.financial_year == "2010-11"
    assert draft.explanations == {} and len(draft.savings) == 3
    assert draft.benchmark_actions == load_draft(SAMPLE).benchmark_actions
