"""The exported workbook: every sheet, named cells, literal text, protection, atomic writes."""
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from forms.drafts.store import load_draft
from forms.schema.errors import UserError
from forms.workbook.export import ExportBlocked, export_return
from forms.workbook.verify import verify_workbook
from workbook_fixtures import SAMPLE, PASS, fast_keys, key_file, signed, _signed_sample_master  # noqa: F401

SHEETS = ["Cover", "Headcount", "Floor space", "Spend", "Savings", "Checks", "Benchmarks",
          "Action plan", "Commitments", "Baselines", "Signature"]


def named(wb, name):
    """The value a defined name points at (a single cell) or the list of its cells' values."""
    dest = list(wb.defined_names[name].destinations)
    assert len(dest) == 1
    sheet, ref = dest[0]
    cells = wb[sheet][ref.replace("$", "")]
    if isinstance(cells, tuple):
        return [c.value for row in cells for c in (row if isinstance(row, tuple) else (row,))]
    return cells.value


def test_the_workbook_has_every_sheet_and_a_hidden_signature(signed):
    wb = load_workbook(signed)
    assert wb.sheetnames == SHEETS
    assert [ws.sheet_state for ws in wb.worksheets][-1] == "veryHidden"
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets[:-1])
    assert wb.active.title == "Cover"


def test_cover_says_who_what_which_pack_and_how_to_verify(signed):
    wb = load_workbook(signed)
    text = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    for needle in ("DCSF", "2009-10", "Outturn", "Priya Shah", "smarter-government-2009",
                   "Rule pack SHA-256", "Program version", "Submission ID", "Signed at",
                   "Key fingerprint", "backoffice verify", "openssl pkeyutl -verify"):
        assert needle in text
    assert len(named(wb, "rule_pack.sha256")) == 64
    assert named(wb, "submission.key_fingerprint").count("-") == 3


def test_defined_names_reach_every_value_without_coordinates(signed):
    wb = load_workbook(signed)
    ret = load_draft(SAMPLE)
    assert named(wb, "envelope.organisation") == "DCSF"
    assert named(wb, "headcount.employees_headcount") == 2871
    assert named(wb, "headcount.function_fte.hr") == 49
    assert named(wb, "spend.running_costs_gbp") == 251400000
    assert named(wb, "floor_space.buildings.nia_m2") == [17450, 5230, 9870, 4120]
    assert named(wb, "savings.ref") == ["S1", "S2", "S3"]
    assert named(wb, "savings.cash_releasing") == ["Yes", "Yes", "Yes"]
    assert named(wb, "action_plan.summary") == ret.action_plan.summary
    assert len(named(wb, "floor_space.buildings")) == 4 * 8
    assert "DELIVERED-LE-PLANNED" in named(wb, "checks.rule")
    assert ret.explanations["DELIVERED-LE-PLANNED@savings#3"] in named(wb, "checks.explanation")
    assert named(wb, "benchmarks.status").count("short") == 5


def test_headers_carry_units_and_numbers_have_formats(signed):
    wb = load_workbook(signed)
    fs = wb["Floor space"]
    headers = [c.value for c in fs[3]]
    assert "Office NIA (m²)" in headers and "Annual property cost (£)" in headers
    col = headers.index("Annual property cost (£)") + 1
    assert fs.cell(4, col).number_format == "£#,##0"          # whole pounds, as entered
    assert wb["Headcount"]["B4"].number_format == "#,##0"          # headcount is a whole number
    assert isinstance(wb["Spend"]["B4"].value, (int, float))


def test_benchmark_status_is_coloured(signed):
    ws = load_workbook(signed)["Benchmarks"]
    status_col = [c.value for c in ws[3]].index("Status") + 1
    cell = ws.cell(4, status_col)
    assert cell.value == "short" and cell.fill.fgColor.rgb.endswith("FFC7CE")


def test_every_sheet_is_protected_against_accidental_edits(signed):
    wb = load_workbook(signed)
    assert all(ws.protection.sheet for ws in wb.worksheets)


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://evil\",\"x\")", "+44 114 259 0000",
                                   "-5% on last year", "@SUM(A1:A2)", "#N/A", "=1+1"])
def test_officer_text_that_looks_like_a_formula_stays_literal(key_file, tmp_path, typed):
    ret = load_draft(SAMPLE)
    ret.savings[0].description = typed
    ret.action_plan.actions[0].text = typed
    out = tmp_path / "r.xlsx"
    export_return(ret, key_file, PASS, out)
    wb = load_workbook(out)
    assert named(wb, "savings.description")[0] == typed
    assert named(wb, "action_plan.actions.text")[0] == typed
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                # the only formulas are the tables' totals (layout 3), none of the officer's text
                assert c.data_type != "f" or re.fullmatch(r"=SUBTOTAL\(109,\w+\[[^\]]+\]\)",
                                                          c.value), f"{ws.title}!{c.coordinate}"
    assert verify_workbook(out).ok


def test_text_longer_than_a_cell_holds_is_refused_with_a_message(key_file, tmp_path):
    ret = load_draft(SAMPLE)
    ret.action_plan.actions[0].__dict__["text"] = "x" * 40000   # past the model, as a bug might
    out = tmp_path / "r.xlsx"
    with pytest.raises(UserError, match="a workbook cell holds at most 32,767"):
        export_return(ret, key_file, PASS, out)
    assert not out.exists()


def test_a_blocked_return_is_refused_and_lists_what_blocks(key_file, tmp_path):
    ret = load_draft(SAMPLE)
    ret.explanations.clear()
    ret.headcount.employees_fte = None
    with pytest.raises(ExportBlocked) as e:
        export_return(ret, key_file, PASS, tmp_path / "r.xlsx")
    rules = {f.rule_id for f in e.value.findings}
    assert "DELIVERED-LE-PLANNED" in rules and "REQ-HEADCOUNT" in rules
    assert "unexplained" in str(e.value)
    assert not (tmp_path / "r.xlsx").exists()


def test_a_key_for_another_organisation_is_refused(fast_keys, tmp_path):
    other = tmp_path / "dwp.key"
    fast_keys.generate_keyfile("DWP", PASS, other)
    with pytest.raises(UserError, match="belongs to DWP"):
        export_return(load_draft(SAMPLE), other, PASS, tmp_path / "r.xlsx")


def test_a_failed_export_leaves_the_existing_workbook_untouched(signed, key_file):
    before = signed.read_bytes()
    with pytest.raises(UserError):
        export_return(load_draft(SAMPLE), key_file, "wrong passphrase!", signed)
    ret = load_draft(SAMPLE)
    ret.savings[0].__dict__["description"] = "y" * 40000
    with pytest.raises(UserError):
        export_return(ret, key_file, PASS, signed)
    assert signed.read_bytes() == before
    assert [p.name for p in signed.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_an_existing_workbook_is_replaced_by_a_complete_new_one(signed, key_file):
    ret = load_draft(SAMPLE)
    ret.headcount.employees_headcount = Decimal(2900)
    export_return(ret, key_file, PASS, signed)
    assert named(load_workbook(signed), "headcount.employees_headcount") == 2900


@pytest.mark.parametrize("name", ["r.xlsm", "r.csv", "r"])
def test_only_xlsx_is_written(key_file, tmp_path, name):
    with pytest.raises(UserError, match=".xlsx"):
        export_return(load_draft(SAMPLE), key_file, PASS, tmp_path / name)


def test_export_runs_on_a_worker_thread(key_file, tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    ret = load_draft(SAMPLE)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: export_return(ret, key_file, PASS, tmp_path / f"{i}.xlsx"),
                                range(2)))
    assert len({r.submission_id for r in results}) == 2
    assert all(verify_workbook(r.path).ok for r in results)


def test_odd_text_is_written_as_text_and_figures_as_figures(tmp_path):
    # Officer text that looks like a formula or an error code stays text, shown as
    # typed (a quote prefix where Excel would start a formula); a run like _x0041_
    # is escaped so Excel does not show "A".
    from forms.workbook import export as W
    from forms.workbook.layout import Sheet
    sheet = Sheet("Odd text")
    for col, value in enumerate(["=1+1", "#N/A", "_x0041_", "+44 20", "@SUM", "plain",
                                 "two\nlines", Decimal("1234.5"), 7, None], 1):
        sheet.put(2, col, value, "num:#,##0.00" if isinstance(value, Decimal) else "text")
    sheet.put(4, 1, "header", "header")
    W.write_sheets([sheet], tmp_path / "odd.xlsx")
    ws = load_workbook(tmp_path / "odd.xlsx")["Odd text"]
    assert [ws.cell(2, c).value for c in range(1, 10)] == [    # Excel shows _x005F_ as "_"
        "=1+1", "#N/A", "_x005F_x0041_", "+44 20", "@SUM", "plain", "two\nlines", 1234.5, 7]
    assert [ws.cell(2, c).data_type for c in range(1, 10)] == ["s"] * 7 + ["n", "n"]
    assert [ws.cell(2, c).quotePrefix for c in range(1, 7)] == [True, False, False, True, True,
                                                                 False]
    assert ws.cell(2, 8).number_format == "#,##0.00" and ws.cell(4, 1).font.b
    assert ws.cell(3, 1).value is None and ws.max_row == 4      # a blank row stays blank


def test_short_text_columns_are_wide_enough_for_their_text(signed):
    # "Sanctuary Buildings" is cut at the header's width otherwise ("Sanctuary Buil").
    ws = load_workbook(signed)["Floor space"]
    longest = max(len(ws.cell(r, 2).value or "") for r in range(4, ws.max_row + 1))
    assert longest >= 18
    assert ws.column_dimensions["B"].width >= longest + 2
