"""Verify: the signature, every visible value, the findings and the key's owner."""
import json
from decimal import Decimal

from openpyxl import load_workbook

from forms.cli.main import main
from forms.drafts.store import load_draft
from forms.workbook.verify import verify_workbook
from forms.workbook.export import export_return
from workbook_fixtures import (SAMPLE, PASS, _signed_sample_master, edit_cell, fast_keys,  # noqa: F401
                               key_file,
                               signed, signed_key)


def test_an_untouched_export_verifies(signed):
    r = verify_workbook(signed)
    assert r.ok and r.problems == []
    assert (r.organisation, r.financial_year, r.return_kind) == ("DCSF", "2009-10", "outturn")
    assert r.rule_pack == "smarter-government-2009 1.1.0"
    assert r.submission_id and r.signed_at.endswith("Z") and not r.key_checked


def test_an_edit_made_in_a_spreadsheet_is_caught_and_named(signed):
    edit_cell(signed, "Floor space", "E4", 17500)
    r = verify_workbook(signed)
    assert not r.ok and r.readable
    assert r.problems == ["Floor space!E4 (Office NIA, building 1): "
                          "signed 17,450 → found 17,500"]


def test_changed_text_and_cleared_values_are_caught(signed):
    edit_cell(signed, "Checks", "E4", "We changed our mind")
    edit_cell(signed, "Spend", "B4", None)
    problems = verify_workbook(signed).problems
    assert any(p.startswith("Checks!E4") and "found 'We changed our mind'" in p for p in problems)
    assert any(p.startswith("Spend!B4") and p.endswith("→ found blank") for p in problems)


def test_a_value_typed_outside_the_signed_cells_is_caught(signed):
    edit_cell(signed, "Savings", "B9", "S4")
    assert verify_workbook(signed).problems == [
        "Savings!B9: value 'S4' added (not in the signed return)"]


def test_a_formula_put_in_a_data_cell_is_caught(signed):
    edit_cell(signed, "Spend", "B4", "=251400000")
    assert "a formula" in verify_workbook(signed).problems[0]


def test_added_and_removed_sheets_are_reported(signed):
    wb = load_workbook(signed)
    wb.create_sheet("My notes")["A1"] = "hello"
    del wb["Benchmarks"]
    wb.save(signed)
    problems = verify_workbook(signed).problems
    assert "sheet 'My notes' was added (not part of the signed return)" in problems
    assert "sheet 'Benchmarks' is missing" in problems


def test_an_unchanged_resave_by_another_program_still_verifies(signed):
    wb = load_workbook(signed)          # openpyxl: shared strings, new styles, hidden flag kept
    wb["Signature"].sheet_state = "hidden"   # as LibreOffice does to a very-hidden sheet
    wb.save(signed)
    assert verify_workbook(signed).ok


def test_the_signature_sheet_is_found_by_name_even_when_visible(signed):
    wb = load_workbook(signed)
    wb["Signature"].sheet_state = "visible"
    wb.save(signed)
    assert verify_workbook(signed).ok


def test_a_different_rule_pack_version_is_reported_not_accepted(signed, tmp_path):
    from validators.packs import load_pack
    text = (SAMPLE.parents[2] / "resources" / "rulepacks" / "smarter-government-2009.toml").read_text()
    newer = tmp_path / "newer.toml"
    newer.write_text(text.replace('version = "1.1.0"', 'version = "1.2.0"', 1))
    r = verify_workbook(signed, pack=load_pack(str(newer)))
    assert not r.ok
    assert any("signed against rule pack smarter-government-2009 1.1.0" in p and "1.2.0" in p
               for p in r.problems)


def test_findings_that_the_rule_pack_would_not_raise_are_reported(signed, tmp_path):
    from validators.packs import load_pack
    text = (SAMPLE.parents[2] / "resources" / "rulepacks" / "smarter-government-2009.toml").read_text()
    changed = tmp_path / "changed.toml"
    changed.write_text(text.replace('min = "4", max = "30"', 'min = "4", max = "12"'))
    problems = verify_workbook(signed, pack=load_pack(str(changed))).problems
    assert any("PLAUS-M2-PER-FTE" in p and "missing from the signed findings" in p
               for p in problems)


def test_with_a_keyring_the_key_must_be_filed_for_the_organisation(signed, signed_key, fast_keys,
                                                                   tmp_path):
    from forms.signing.keys import read_key_info
    ring = tmp_path / "ring"
    ring.mkdir()
    r = verify_workbook(signed, keyring=ring)
    assert not r.ok and "no public key for DCSF" in r.problems[0]
    (ring / "DWP.pem").write_text(read_key_info(signed_key).public_pem)
    r = verify_workbook(signed, keyring=ring)
    assert "filed for DWP, not for DCSF" in r.problems[0]
    (ring / "DWP.pem").unlink()
    other = fast_keys.generate_keyfile("DCSF", PASS, tmp_path / "other.key")
    (ring / "DCSF.pem").write_text(other.public_pem)
    assert "not among the keys filed for DCSF" in verify_workbook(signed, keyring=ring).problems[0]
    (ring / "DCSF-2009.pem").write_text(read_key_info(signed_key).public_pem)
    r = verify_workbook(signed, keyring=ring)
    assert r.ok and r.key_checked


def test_a_return_signed_against_last_year_rechecks_with_last_years_figures(key_file, tmp_path):
    last = load_draft(SAMPLE)
    ret = load_draft(SAMPLE)
    ret.headcount.function_fte.finance = Decimal("90.0")    # +46 %: a year-on-year query
    from validators.engine import check
    for f in check(ret, None, last).queries:
        ret.explanations[f.key] = "New payroll team brought in-house."
    out = tmp_path / "r.xlsx"
    export_return(ret, key_file, PASS, out, previous=last)
    r = verify_workbook(out)
    assert r.ok, r.problems


def test_cli_verify_prints_one_line_per_file_and_a_summary(signed, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(signed.read_bytes())
    edit_cell(bad, "Spend", "B4", 1)
    code = main(["verify", str(signed), str(bad)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith("OK ") and "DCSF 2009-10" in out[0] and "key " in out[0]
    assert out[1].startswith("INVALID ") and "Spend!B4" in out[1]
    assert out[-1] == "2 files: 1 valid, 1 invalid, 0 unreadable."


def test_cli_verify_json_for_machines(signed, tmp_path, capsys):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    code = main(["verify", str(signed), str(junk), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 2
    assert doc["summary"] == {"valid": 1, "invalid": 0, "unreadable": 1}
    assert doc["files"][0]["ok"] is True and doc["files"][0]["organisation"] == "DCSF"
    assert doc["files"][1]["readable"] is False


def test_cli_verify_all_valid_exits_0(signed, capsys):
    assert main(["verify", str(signed)]) == 0



def test_verify_counts_the_cells_it_compared(signed):
    from forms.workbook.verify import verify_workbook
    result = verify_workbook(signed)
    assert result.ok and result.cells_checked > 100
