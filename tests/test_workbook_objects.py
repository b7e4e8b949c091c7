"""Issue 10 §3: tables with totals rows and the benchmark chart (layout version 3).

The layout describes them, the exporter writes them, and verify accepts the
genuine workbook and refuses each edit a hostile sender could make to them.
Hostile files are the genuine export with one part's XML changed. The chart
tests here are of layout 3's chart (each value beside its target), which
workbooks already signed still have; layout 4's is in test_benchmark_chart.py.
"""
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from forms.drafts.store import load_draft
from forms.workbook.layout import layout
from forms.workbook.verify import verify_workbook
from workbook_fixtures import (PASS, SAMPLE, _signed_sample_master, _signed_v3_master,  # noqa: F401
                               fast_keys, key_file, rewrite_zip, signed, signed_v3)

FLOOR, SAVINGS, BENCH = "xl/worksheets/sheet3.xml", "xl/worksheets/sheet5.xml", \
    "xl/worksheets/sheet7.xml"
BUILDINGS, CHART, DRAWING = "xl/tables/table1.xml", "xl/charts/chart1.xml", \
    "xl/drawings/drawing1.xml"
NIA_TOTAL = "SUBTOTAL(109,Buildings[Office NIA (m²)])"


def _payload(version=3, **changes):
    from forms.signing.payload import build_payload
    from validators.engine import check
    ret = load_draft(SAMPLE)
    for name, value in changes.items():
        setattr(ret, name, value)
    return build_payload(ret, check(ret), _pack(), submission_id="x", signed_at="t",
                         key=_Key(), layout_version=version)


class _Key:
    organisation, fingerprint, public_pem = "DCSF", "f", ""


def _pack():
    from validators.packs import load_pack
    return load_pack("smarter-government-2009")


def _sheets(payload):
    return {s.title: s for s in layout(payload)}


def _edit(signed, tmp_path, member, old, new, count=1):
    def change(name, data):
        if name != member:
            return data
        assert old in data, (member, old)
        return data.replace(old, new, count)
    return verify_workbook(rewrite_zip(signed, tmp_path / "edited.xlsx", change))


def _fails(result, *words):
    assert not result.ok and result.readable, result.problems
    assert any(all(w in p for w in words) for p in result.problems), result.problems


# --- the layout ----------------------------------------------------------------

def test_layout_3_describes_three_tables_with_totals_of_money_and_area():
    sheets = _sheets(_payload())
    tables = {t.name: (title, t) for title, s in sheets.items() for t in s.tables}
    assert sorted(tables) == ["Actions", "Buildings", "SavingsLines"]
    title, buildings = tables["Buildings"]
    assert (title, buildings.ref, buildings.filter_ref) == ("Floor space", "A3:H8", "A3:H7")
    assert [c.name for c in buildings.columns if c.total] == ["Office NIA (m²)",
                                                              "Annual property cost (£)"]
    assert tables["SavingsLines"][1].ref == "A3:M7"
    assert tables["Actions"][1].ref == "A7:D10" and not tables["Actions"][1].totals
    cells = {(c.row, c.col): c for c in sheets["Floor space"].cells}
    assert cells[(8, 1)].value == "Total"
    assert (cells[(8, 5)].formula, cells[(8, 5)].value) == (NIA_TOTAL, Decimal("36670"))
    assert cells[(8, 8)].value == Decimal("15040500")
    assert (8, 6) not in cells            # desks and FTE are not totalled


def test_table_names_clash_with_no_defined_name():
    # Excel keeps table and defined names in one namespace, whatever the letter case
    sheets = layout(_payload())
    names = {n.casefold() for s in sheets for n in s.names}
    assert not {t.name.casefold() for s in sheets for t in s.tables} & names


def test_layouts_1_and_2_have_no_tables_charts_or_formulas():
    for version in (1, 2):
        sheets = layout(_payload(version))
        assert not any(s.tables or s.charts for s in sheets)
        assert not any(c.formula for s in sheets for c in s.cells)


def test_a_table_with_no_rows_is_left_out():
    sheets = _sheets(_payload(savings=[]))
    assert not sheets["Savings"].tables
    assert not any(c.formula for c in sheets["Savings"].cells)


def test_the_chart_reads_each_benchmark_value_and_target_below_the_table():
    [chart] = _sheets(_payload())["Benchmarks"].charts
    assert chart.categories == "$B$4:$B$8"
    assert chart.series == [("$C$3", "$C$4:$C$8"), ("$E$3", "$E$4:$E$8")]
    assert chart.below_row == 8 and chart.anchor_row == 10


# --- the export ----------------------------------------------------------------

def test_the_export_writes_tables_totals_with_their_values_and_a_chart(signed):
    wb = load_workbook(signed)
    fs = wb["Floor space"]
    assert list(fs.tables) == ["Buildings"]
    assert fs["E8"].value == "=" + NIA_TOTAL
    with zipfile.ZipFile(signed) as z:
        sheet = z.read(FLOOR).decode()
        chart = z.read(CHART).decode()
    assert f"<f>{NIA_TOTAL}</f><v>36670</v>" in sheet
    assert "<f>SUBTOTAL(109,Buildings[Annual property cost (£)])</f><v>15040500</v>" in sheet
    assert "<f>'Benchmarks'!$F$4:$F$8</f>" in chart and "numLit" not in chart
    assert not fs.protection.autoFilter          # the filter buttons work
    assert verify_workbook(signed).ok


def test_a_return_with_no_savings_lines_exports_and_verifies(key_file, tmp_path):
    from forms.workbook.export import export_return
    from validators.engine import check
    ret = load_draft(SAMPLE)
    ret.savings = []
    for action in ret.action_plan.actions:
        action.savings_refs = []
    for f in check(ret).queries:
        ret.explanations[f.key] = "Explained."
    out = tmp_path / "r.xlsx"
    export_return(ret, key_file, PASS, out)
    assert list(load_workbook(out)["Savings"].tables) == []
    assert verify_workbook(out).ok


# --- hostile edits -----------------------------------------------------------------

def test_a_changed_total_value_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, FLOOR, b"<v>36670</v>", b"<v>46670</v>")
    _fails(r, "Floor space!E8", "shows 46670", "add up to 36670")


@pytest.mark.parametrize("formula", [b"SUBTOTAL(109,E4:E6)", b"SUM(E4:E7)*2", b"SUBTOTAL(9,E4:E7)",
                                     b"SUBTOTAL(109,Buildings[Annual property cost (\xc2\xa3)])"])
def test_a_changed_totals_formula_is_caught(signed, tmp_path, formula):
    r = _edit(signed, tmp_path, FLOOR, NIA_TOTAL.encode(), formula)
    _fails(r, "Floor space!E8", "totals formula was changed")


def test_the_forms_libreoffice_writes_for_a_total_are_accepted(signed, tmp_path):
    r = _edit(signed, tmp_path, FLOOR, f"<f>{NIA_TOTAL}</f>".encode(),
              b'<f aca="false">SUBTOTAL(109,$E$4:$E$7)</f>')
    assert r.ok, r.problems


def test_a_formula_in_a_cell_that_is_not_a_total_is_caught(signed, tmp_path):
    import re

    def change(name, data):    # F4's style index is whatever the layout gives it
        if name != FLOOR:
            return data
        new, n = re.subn(rb'(<c r="F4"[^>]*>)(<v>1390</v>)', rb"\1<f>SUBTOTAL(109,F4:F4)</f>\2",
                         data)
        assert n == 1
        return new
    r = verify_workbook(rewrite_zip(signed, tmp_path / "edited.xlsx", change))
    _fails(r, "Floor space!F4", "a formula")


def test_a_table_ref_that_drops_a_row_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, BUILDINGS, b'ref="A3:H8"', b'ref="A3:H7"')
    _fails(r, "table Buildings covers A3:H7", "the signed table covers A3:H8")


def test_a_renamed_table_column_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, BUILDINGS, b'name="Building"', b'name="Site"')
    _fails(r, "table Buildings column 2 is named 'Site'")


@pytest.mark.parametrize("old, new, words", [
    (b'<tableColumn id="6" name="Workstations (desks)" />',
     b'<tableColumn id="6" name="Workstations (desks)" totalsRowFunction="average" />',
     "totals by 'average'"),
    (b'<autoFilter ref="A3:H7" />', b'<autoFilter ref="A3:H7"><filterColumn colId="3">'
     b'<filters><filter val="PFI"/></filters></filterColumn></autoFilter>', "filter or sort set"),
    (b'name="TableStyleLight1"', b'name="TableStyleDark1"', "is styled 'TableStyleDark1'"),
    (b'<tableColumn id="5" name="Office NIA (m\xc2\xb2)"', b'<tableColumn id="5" dataDxfId="0" '
     b'name="Office NIA (m\xc2\xb2)"', "formats of its own (dataDxfId)"),
    (b'displayName="Buildings"', b'displayName="Sites"', "table 'Sites'"),
])
def test_other_changes_to_a_table_are_caught(signed, tmp_path, old, new, words):
    _fails(_edit(signed, tmp_path, BUILDINGS, old, new), words)


def test_a_custom_table_style_under_the_signed_name_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, "xl/styles.xml", b"</styleSheet>",
              b'<tableStyles count="1"><tableStyle name="TableStyleLight1" count="0"/>'
              b"</tableStyles></styleSheet>")
    _fails(r, "redefines the table style TableStyleLight1")


def test_a_filter_that_hides_rows_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, FLOOR, b'<row r="5">', b'<row r="5" hidden="1">')
    _fails(r, "hides rows 5")


def test_a_table_removed_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, FLOOR, re.search(rb"<tableParts.*</tableParts>",
                                                 _read(signed, FLOOR)).group(0), b"")
    _fails(r, "table Buildings (A3:H8) is missing")


def test_a_chart_series_pointed_at_other_cells_is_caught(signed_v3, tmp_path):
    r = _edit(signed_v3, tmp_path, CHART, b"'Benchmarks'!$C$4:$C$8", b"'Benchmarks'!$E$4:$E$8")
    _fails(r, "series 1 reads its values from Benchmarks!E4:E8", "reads Benchmarks!C4:C8")


def test_a_literal_series_added_to_the_chart_is_caught(signed, tmp_path):
    literal = (b'<ser><idx val="2" /><order val="2" /><tx><v>Last year</v></tx><val><numLit>'
               b'<ptCount val="1"/><pt idx="0"><v>99</v></pt></numLit></val></ser><gapWidth')
    r = _edit(signed, tmp_path, CHART, b"<gapWidth", literal)
    _fails(r, "figures of its own")
    _fails(r, "has 2 series")


@pytest.mark.parametrize("old, new, words", [
    (b"<a:t>Each benchmark's value against its comparator or commitment</a:t>",
     b"<a:t>Every benchmark is met</a:t>", "is titled 'Every benchmark is met'"),
    (b"<a:t>Benchmark</a:t>", b"<a:t>Meets</a:t>", "is titled 'Meets'"),
    (b"<legend>", b'<legend><legendEntry><idx val="0"/><txPr><a:p><a:r><a:t>Target met'
                  b"</a:t></a:r></a:p></txPr></legendEntry>", "text besides its titles"),
    (b"</strRef></tx>", b"<strCache><ptCount val=\"1\"/><pt idx=\"0\"><v>Target</v></pt>"
                        b"</strCache></strRef></tx>", "shows 'Target'"),
    (b"$C$4:$C$8</f>", b"$C$4:$C$8</f><numCache><formatCode>General</formatCode><ptCount "
                       b"val=\"5\"/><pt idx=\"0\"><v>77</v></pt></numCache>", "shows '77'"),
    (b"<orientation val=\"minMax\" /></scaling><delete val=\"0\" /><axPos val=\"l\" />"
     b"<majorGridlines />", b"<orientation val=\"minMax\" /><max val=\"20\"/></scaling><delete "
     b"val=\"0\" /><axPos val=\"l\" /><majorGridlines />", "cut or stretched"),
    (b'<grouping val="clustered" />', b'<grouping val="stacked" />', "stacks its bars"),
])
def test_misleading_chart_text_values_and_axes_are_caught(signed_v3, tmp_path, old, new, words):
    _fails(_edit(signed_v3, tmp_path, CHART, old, new), words)


def test_a_second_chart_is_caught(signed, tmp_path):
    anchor = re.search(rb"<oneCellAnchor>.*</oneCellAnchor>", _read(signed, DRAWING)).group(0)
    r = _edit(signed, tmp_path, DRAWING, b"</wsDr>", anchor + b"</wsDr>")
    _fails(r, "sheet 'Benchmarks' has 2 charts, pictures or shapes")


def test_a_chart_moved_over_the_cells_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, DRAWING, b"<row>9</row>", b"<row>3</row>")
    _fails(r, "chart placed over the cells (from row 4)")


def test_a_chart_on_another_sheet_is_still_reported(signed, tmp_path):
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/drawing" Target="/xl/drawings/drawing1.xml"/></Relationships>')

    def change(name, data):
        if name == "xl/worksheets/sheet4.xml":
            return data.replace(b"<worksheet ", b'<worksheet xmlns:r="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/relationships" ', 1).replace(
                b"</worksheet>", b'<drawing r:id="rId9"/></worksheet>')
        return data
    out = rewrite_zip(signed, tmp_path / "two.xlsx", change)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/worksheets/_rels/sheet4.xml.rels", rels)
    _fails(verify_workbook(out), "sheet 'Spend' has a drawing")


def test_tables_added_to_a_layout_2_workbook_are_still_reported(tmp_path, monkeypatch, sample):
    from workbook_snapshot import export_fixed
    v2 = export_fixed(sample, tmp_path / "v2.xlsx", monkeypatch, version=2)
    assert verify_workbook(v2).ok
    wb = load_workbook(v2)
    from openpyxl.worksheet.table import Table
    wb["Floor space"].add_table(Table(displayName="Buildings", ref="A3:H7"))
    wb.save(v2)
    _fails(verify_workbook(v2), "sheet 'Floor space' has tables")


def _read(path, member):
    with zipfile.ZipFile(path) as z:
        return z.read(member)


@pytest.mark.parametrize("old, new, words", [
    (b"<cat><strRef><f>'Benchmarks'!$B$4:$B$8</f></strRef></cat>",
     b"<cat><multiLvlStrRef><f>'Benchmarks'!$I$4:$J$8</f></multiLvlStrRef></cat>",
     "series 1 does not read its categories from the signed cells"),
    (b"<tx><strRef><f>'Benchmarks'!$C$3</f></strRef></tx>", b"<tx><v>Target met</v></tx>",
     "series 1 does not read its name"),
    (b"<title><tx><rich>", b"<title><tx><strRef><f>'Benchmarks'!$G$4</f></strRef></tx><tx><rich>",
     "reads other cells ('Benchmarks'!$G$4)"),
    (b'<spPr><a:ln><a:prstDash val="solid" /></a:ln></spPr>',
     b'<spPr><a:noFill/><a:ln><a:prstDash val="solid" /></a:ln></spPr>',
     "draws bars of series 1 with no fill"),
    (b'<crossAx val="100" />', b'<crossAx val="100" /><crossesAt val="60"/>',
     "start from another value than zero"),
])
def test_a_chart_reading_or_drawing_otherwise_is_caught(signed_v3, tmp_path, old, new, words):
    _fails(_edit(signed_v3, tmp_path, CHART, old, new), words)


def test_the_markup_excel_adds_to_a_chart_and_table_raises_no_false_alarm(signed_v3, tmp_path):
    """Excel re-saves a chart with its style parts, caches of the cells' values and text,
    a c14 style choice, and a table with alt text in extLst: none of it a difference."""
    mc = (b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility'
          b'/2006"><mc:Choice Requires="c14" xmlns:c14="http://schemas.microsoft.com/office/'
          b'drawing/2007/8/2/chart"><c14:style val="102"/></mc:Choice><mc:Fallback><style '
          b'val="2"/></mc:Fallback></mc:AlternateContent><chart>')
    values = b"".join(b'<pt idx="%d"><v>%s</v></pt>' % (i, v) for i, v in
                      enumerate([b"55", b"0.0135", b"13.6", b"13.6", b"0.711"]))   # percentages as fractions
    names = b"".join(b'<pt idx="%d"><v>%s</v></pt>' % (i, v.encode()) for i, v in enumerate(
        ["Employees per HR FTE", "Finance cost as % of ORC", "Office space per FTE",
         "Office space per FTE", "Collaborative procurement"]))
    style_rel = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'relationships"><Relationship Id="rId2" Type="http://schemas.microsoft.com/'
                 b'office/2011/relationships/chartStyle" Target="style1.xml"/></Relationships>')

    def change(name, data):
        if name == CHART:
            data = data.replace(b"<chart>", mc, 1)
            data = data.replace(b"$C$4:$C$8</f>", b"$C$4:$C$8</f><numCache><formatCode>General"
                                b'</formatCode><ptCount val="5"/>' + values + b"</numCache>")
            data = data.replace(b"$B$4:$B$8</f>", b'$B$4:$B$8</f><strCache><ptCount val="5"/>'
                                + names + b"</strCache>")
            data = data.replace(b"$C$3</f>", b'$C$3</f><strCache><ptCount val="1"/><pt idx="0">'
                                b"<v>Value</v></pt></strCache>")
        elif name == BUILDINGS:
            data = data.replace(b"</table>", b'<extLst><ext uri="{504A1905-F514-4f6f-8877-'
                                b'14C23A59335A}" xmlns:x14="http://schemas.microsoft.com/office/'
                                b'spreadsheetml/2009/9/main"><x14:table altText="Buildings"/>'
                                b"</ext></extLst></table>")
        return data
    out = rewrite_zip(signed_v3, tmp_path / "excel.xlsx", change)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/charts/_rels/chart1.xml.rels", style_rel)
        z.writestr("xl/charts/style1.xml", b'<cs:chartStyle xmlns:cs="http://schemas.microsoft.'
                   b'com/office/drawing/2012/chartStyle" id="201"/>')
    r = verify_workbook(out)
    assert r.ok, r.problems
    # the same caches, one figure changed, are caught
    out2 = rewrite_zip(out, tmp_path / "excel2.xlsx", lambda n, d: d.replace(
        b"<v>0.0135</v>", b"<v>0.9</v>") if n == CHART else d)
    _fails(verify_workbook(out2), "shows '0.9'")
