"""Edits that leave every cell value alone but change what a reader gets are caught too."""
import re
import zipfile

from openpyxl import load_workbook

from forms.drafts.store import load_draft
from forms.workbook.verify import verify_workbook
from forms.workbook.export import export_return
from forms.workbook.to_draft import import_workbook
from workbook_fixtures import (SAMPLE, PASS, _signed_sample_master, edit_cell, fast_keys,  # noqa: F401
                               key_file, rewrite_zip, signed, signed_key)


def test_a_defined_name_pointed_at_another_cell_is_caught(signed, tmp_path):
    # A consolidation that reads by name would take the wrong figure.
    def redirect(name, data):
        if name == "xl/workbook.xml":
            data = data.replace(b"'Spend'!$B$4<", b"'Spend'!$B$15<")
        return data
    moved = rewrite_zip(signed, tmp_path / "moved.xlsx", redirect)
    r = verify_workbook(moved)
    assert not r.ok
    assert any("spend.running_costs_gbp" in p and "Spend!$B$15" in p for p in r.problems), \
        r.problems


def test_a_removed_defined_name_is_caught(signed, tmp_path):
    def drop(name, data):
        if name == "xl/workbook.xml":
            data = re.sub(rb'<definedName name="headcount.employees_fte"[^<]*</definedName>',
                          b"", data)
        return data
    r = verify_workbook(rewrite_zip(signed, tmp_path / "dropped.xlsx", drop))
    assert not r.ok
    assert any("headcount.employees_fte" in p and "missing" in p for p in r.problems), r.problems


def test_text_added_to_the_signature_sheet_is_caught(signed):
    # Someone unhides the signature sheet and writes on it: not signed, so not valid.
    wb = load_workbook(signed)
    wb["Signature"].sheet_state = "visible"
    wb["Signature"]["C8"] = "Treasury approved: £1bn savings"
    wb.save(signed)
    r = verify_workbook(signed)
    assert not r.ok
    assert any(p.startswith("Signature!C8") for p in r.problems), r.problems


def test_a_number_format_that_shows_another_figure_is_caught(signed):
    wb = load_workbook(signed)
    wb["Spend"]["B4"].number_format = '"999,000,000"'     # shows 999,000,000 whatever B4 holds
    wb.save(signed)
    r = verify_workbook(signed)
    assert not r.ok
    assert any(p.startswith("Spend!B4") and "format" in p for p in r.problems), r.problems


def test_a_text_format_that_hides_the_officers_words_is_caught(signed):
    wb = load_workbook(signed)
    wb["Checks"]["E4"].number_format = ';;;"No explanation needed"'
    wb.save(signed)
    assert not verify_workbook(signed).ok


def test_text_with_ooxml_escape_patterns_is_shown_literally_and_round_trips(key_file, tmp_path):
    # Excel reads _xHHHH_ in a cell's text as an escaped character: the
    # exporter must escape the underscore so the officer's text shows as typed.
    ret = load_draft(SAMPLE)
    key = next(iter(ret.explanations))
    text = "Code _x0041_ and _x000D_ and _x005F_x0041_ stay as typed"
    ret.explanations[key] = text
    out = tmp_path / "escapes.xlsx"
    export_return(ret, key_file, PASS, out)
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"_x005F_x0041_" in xml and b" _x0041_" not in xml
    r = verify_workbook(out)
    assert r.ok, r.problems
    assert import_workbook(out).explanations[key] == text


def test_escape_patterns_survive_an_unchanged_libreoffice_resave(key_file, tmp_path):
    import pytest
    from test_libreoffice import SOFFICE, soffice_convert
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    ret = load_draft(SAMPLE)
    ret.explanations[next(iter(ret.explanations))] = "Ref _x000D_ and _x0041_ as typed"
    out = tmp_path / "escapes.xlsx"
    export_return(ret, key_file, PASS, out)
    soffice_convert([out], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", tmp_path / "profile")
    r = verify_workbook(tmp_path / "lo" / "escapes.xlsx")
    assert r.ok, r.problems


def test_import_refuses_a_workbook_with_text_added_to_the_signature_sheet(signed):
    import pytest
    from forms.schema.errors import NotAReturn
    edit_cell(signed, "Signature", "D2", "approved")
    with pytest.raises(NotAReturn, match="Signature!D2"):
        import_workbook(signed)


def test_a_conditional_format_that_shows_another_figure_is_caught(signed):
    # The cell keeps its signed value and format; a rule paints another figure over it.
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.styles.numbers import NumberFormat
    wb = load_workbook(signed)
    rule = CellIsRule(operator="greaterThan", formula=["0"])
    rule.dxf = DifferentialStyle(numFmt=NumberFormat(numFmtId=200,
                                                     formatCode='"999,000,000"'))
    wb["Spend"].conditional_formatting.add("B4", rule)
    wb.save(signed)
    r = verify_workbook(signed)
    assert not r.ok
    assert any("Spend" in p and "conditional formatting" in p for p in r.problems), r.problems


def test_officer_text_that_mentions_conditional_formatting_is_just_text(key_file, tmp_path):
    ret = load_draft(SAMPLE)
    ret.action_plan.summary = "Retire the <conditionalFormatting> macros in the old returns."
    out = tmp_path / "words.xlsx"
    export_return(ret, key_file, PASS, out)
    assert verify_workbook(out).ok


def test_zero_values_shown_as_blanks_are_caught(signed, tmp_path):
    # A signed £0 would read as "not filled in" on screen.
    def hide_zeros(name, data):
        if name.startswith("xl/worksheets/sheet"):
            data = data.replace(b"<sheetView ", b'<sheetView showZeros="0" ', 1)
        return data
    r = verify_workbook(rewrite_zip(signed, tmp_path / "zeros.xlsx", hide_zeros))
    assert not r.ok
    assert any("zero values shown as blanks" in p for p in r.problems), r.problems
