"""Issue 10 §3 (print and format half): a layout-3 workbook reads and prints well.

Row heights from the text, labels in full, A4 pages at 70 % or more with the
header row repeated, a header and footer naming the organisation, year and
submission (verified by their text), figures as entered, the Cover's full name
and summary of the checks, words instead of stored codes. Layouts 1 and 2
still export and verify as they did.
"""
import re
import zipfile
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from forms.drafts.store import load_draft
from forms.workbook.fit import LINE_PT, line_count
from forms.workbook.layout import layout
from forms.workbook.print_setup import MIN_SCALE
from forms.workbook.verify import open_signed, verify_workbook
from forms.workbook.strict import open_strict
from workbook_fixtures import (SAMPLE, PASS, _signed_sample_master, key_file,  # noqa: F401
                               fast_keys, rewrite_zip, signed)

SPEND = "xl/worksheets/sheet4.xml"


def _payload(path):
    with open_strict(path) as gw:
        return open_signed(gw)[2]


def _sheets(path):
    return {s.title: s for s in layout(_payload(path))}


# --- 1. every word visible ---------------------------------------------------------

def test_rows_of_wrapped_text_are_as_tall_as_their_lines(signed):
    wb = load_workbook(signed)
    for title in ("Checks", "Action plan", "Benchmarks", "Savings"):
        ws = wb[title]
        for row in ws.iter_rows(min_row=3):
            for c in row:
                if isinstance(c.value, str) and c.alignment.wrap_text:
                    width = ws.column_dimensions[c.column_letter].width
                    lines = line_count(c.value, width, bold=c.font.b)
                    if lines > 1:
                        height = ws.row_dimensions[c.row].height
                        assert height and height >= lines * LINE_PT, (title, c.coordinate)
                        assert c.alignment.vertical == "top"
    checks = wb["Checks"]
    assert checks.row_dimensions[4].height >= 3 * LINE_PT       # the explained query


def test_labels_fit_their_column_and_due_dates_stand_apart(signed):
    wb = load_workbook(signed)
    spend = wb["Spend"]
    longest = max(len(c.value) for c in spend["A"][3:] if isinstance(c.value, str))
    assert longest == len("Back office delivered through shared services")
    assert spend.column_dimensions["A"].width >= longest + 2
    bench = wb["Benchmarks"]
    due = [c.value for c in bench[3]].index("Due") + 1
    assert bench.cell(7, due).value == "2013-14"
    assert bench.cell(7, due).alignment.horizontal == "center"
    # a yes/no beside a right-aligned figure is centred, so "£5,100,000Yes" cannot happen
    savings = wb["Savings"]
    flag = [c.value for c in savings[3]].index("Cash-releasing") + 1
    assert savings.cell(4, flag).value == "Yes"
    assert savings.cell(4, flag).alignment.horizontal == "center"


# --- 2. printing -------------------------------------------------------------------

def test_every_sheet_prints_on_a4_at_70_per_cent_or_more(signed):
    sheets = _sheets(signed)
    with zipfile.ZipFile(signed) as z:
        for i, (title, sheet) in enumerate(sheets.items(), 1):
            xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
            setup = dict(re.findall(r'(\w+)="([^"]*)"', re.search(r"<pageSetup [^>]*>",
                                                                  xml).group(0)))
            assert setup["paperSize"] == "9", title                      # A4
            if 'fitToPage="1"' in xml:
                assert setup["fitToWidth"] == "1" and setup["fitToHeight"] == "0", title
                assert sheet.printing.scale >= MIN_SCALE, title       # fitted: estimated
            else:
                assert int(setup["scale"]) >= MIN_SCALE, title
    assert sheets["Savings"].printing.col_breaks      # 13 columns: split, not shrunk
    assert sheets["Savings"].printing.title_cols == "A:B"
    wb = load_workbook(signed)
    for title in ("Floor space", "Savings", "Checks", "Benchmarks"):
        assert wb[title].print_title_rows == "$3:$3", title


def test_each_page_names_the_organisation_year_submission_and_page(signed):
    wb = load_workbook(signed)
    sub = _payload(signed)["submission"]["id"]
    for ws in wb.worksheets[:-1]:
        assert ws.oddHeader.left.text == ("DCSF Department for Children, Schools and "
                                          "Families, 2009-10 Outturn"), ws.title
        assert ws.oddHeader.right.text == "&A"
        assert ws.oddFooter.left.text == f"Submission {sub}"
        assert ws.oddFooter.right.text == "Page &P of &N"


def _header(signed, tmp_path, change):
    return rewrite_zip(signed, tmp_path / "hf.xlsx", lambda n, d: change(d) if n == SPEND else d)


@pytest.mark.parametrize("change, words", [
    (lambda d: d.replace(b"2009-10 Outturn", b"2009-10 Outturn, figures in thousands"),
     "prints the page header left 'DCSF Department for Children, Schools and Families, "
     "2009-10 Outturn, figures in thousands'"),
    (lambda d: d.replace(b"Page &amp;P of &amp;N", b"DRAFT, not submitted"),
     "prints the page footer"),
    (lambda d: d.replace(b"<evenHeader />", b"<evenHeader>&amp;CDraft figures</evenHeader>"),
     "prints the header of even pages centre 'Draft figures'"),
    (lambda d: d.replace(b"<firstFooter />", b"<firstFooter>Withdrawn</firstFooter>"),
     "prints the footer of the first page"),
    (lambda d: re.sub(rb"<oddFooter>.*?</oddFooter>", b"", d), "has lost the page footer"),
    (lambda d: d.replace(b"<evenHeader />", b"<oddHeader>&amp;LRevised figures</oddHeader>"),
     "gives the page header twice (left 'Revised figures')"),
])
def test_a_header_or_footer_changed_or_added_is_reported(signed, tmp_path, change, words):
    r = verify_workbook(_header(signed, tmp_path, change))
    assert not r.ok
    assert any(p.startswith("sheet 'Spend'") and words in p for p in r.problems), r.problems


def test_a_header_only_restyled_is_no_difference(signed, tmp_path):
    # LibreOffice and Excel write fonts and sizes into headers: not a change of text.
    out = _header(signed, tmp_path, lambda d: d.replace(
        b"<oddHeader>&amp;L", b"<oddHeader>&amp;L&amp;\"Carlito,Bold\"&amp;10"))
    r = verify_workbook(out)
    assert r.ok, r.problems


# --- 3. figures as entered ---------------------------------------------------------

def test_figures_show_as_entered(signed):
    wb = load_workbook(signed)
    spend, fs, head = wb["Spend"], wb["Floor space"], wb["Headcount"]
    assert spend["B4"].number_format == "£#,##0" and spend["B4"].value == 251400000
    pct = next(r for r in spend.iter_rows(min_row=4) if r[0].value and "shared" in r[0].value)
    assert pct[1].value == pytest.approx(0.35) and pct[1].number_format == "0.0%"
    assert pct[2].value is None                       # the "%" is not said twice
    assert fs["E4"].number_format == "#,##0"          # 17450 m²: no ".00"
    assert fs["G4"].number_format == "#,##0.0"        # FTE to one place
    assert head["B4"].number_format == "#,##0"        # people
    bench = wb["Benchmarks"]
    assert bench["C5"].value == pytest.approx(0.0135) and bench["C5"].number_format == "0.00%"


def test_pence_entered_show_pence(key_file, tmp_path):
    from forms.workbook.export import export_return
    ret = load_draft(SAMPLE)
    ret.floor_space.buildings[1].annual_cost_gbp = D("1097000.50")
    ret.spend.consultancy_gbp = D("6240000.25")
    out = tmp_path / "pence.xlsx"
    export_return(ret, key_file, PASS, out)
    wb = load_workbook(out)
    cost = wb["Floor space"]["H4"]
    assert cost.number_format == "£#,##0.00"          # one format for the column
    assert wb["Spend"]["B4"].number_format == "£#,##0"
    consult = next(r for r in wb["Spend"].iter_rows(min_row=4) if r[0].value == "Consultancy spend")
    assert consult[1].number_format == "£#,##0.00"
    assert verify_workbook(out).ok


def test_a_format_spelt_as_libreoffice_saves_it_is_no_difference_but_a_changed_one_is(
        signed, tmp_path):
    def respelt(new):
        return rewrite_zip(signed, tmp_path / "f.xlsx", lambda n, d: d.replace(
            'formatCode="£#,##0"'.encode(), new.encode()) if n == "xl/styles.xml" else d)
    assert verify_workbook(respelt('formatCode="\\£#,##0"')).ok
    r = verify_workbook(respelt('formatCode="&quot;£&quot;#,##0,&quot;k&quot;"'))
    assert any("number format was changed" in p for p in r.problems), r.problems


# --- 4 and 5. the Cover, and words not codes ---------------------------------------

def test_cover_names_the_organisation_and_sums_up_the_checks(signed):
    cover = load_workbook(signed)["Cover"]
    assert (cover["B4"].value, cover["C4"].value) == (
        "DCSF", "Department for Children, Schools and Families")
    rows = {r[0].value: r[1].value for r in cover.iter_rows(min_row=4) if r[0].value}
    assert rows["Errors"] == "0 errors"
    assert rows["Queries explained"] == "1 of 1 query"
    assert rows["Benchmarks short"] == "5 of 5 benchmarks"
    assert rows["Return kind"] == "Outturn"


def test_choices_and_severities_show_as_words(signed):
    wb = load_workbook(signed)
    assert [c.value for c in wb["Checks"]["B"][3:9]] == ["Query"] + ["Benchmark"] * 5
    assert wb["Floor space"]["D4"].value == "Leasehold"
    status = [c.value for c in wb["Savings"][3]].index("Status") + 1
    assert wb["Savings"].cell(4, status).value == "On track"


# --- layouts 1 and 2 ------------------------------------------------------------------

@pytest.mark.parametrize("version", [1, 2])
def test_a_layout_1_or_2_workbook_still_exports_and_verifies(key_file, tmp_path, monkeypatch,
                                                             version):
    from forms.workbook import export
    monkeypatch.setattr(export, "LAYOUT_VERSION", version)
    out = tmp_path / f"v{version}.xlsx"
    export.export_return(load_draft(SAMPLE), key_file, PASS, out)
    r = verify_workbook(out)
    assert r.ok, r.problems
    wb = load_workbook(out)
    assert wb["Checks"]["B4"].value == "query"               # as it was signed
    assert wb["Spend"].oddHeader.left.text is None
    assert not any(d.height for d in wb["Checks"].row_dimensions.values())


def test_a_resubmission_lists_changes_as_typed_not_as_fractions(signed):
    from forms.consolidate.tables import changes_between
    old = _payload(signed)
    new = {**old, "return": {**old["return"], "spend": {**old["return"]["spend"],
                                                         "shared_services_pct": "36.0"}}}
    [change] = changes_between(old, new)
    assert change.endswith("(Back office delivered through shared services): 35 → 36")


def test_a_header_is_compared_by_what_it_prints():
    from forms.workbook.print_setup import shown_text
    assert shown_text('&LA&&B&C&"Arial,Bold"&12x&KFF0000y&R&P of &N') == (
        ("left", "A&B"), ("centre", "xy"), ("right", "&P of &N"))
    assert shown_text("&L&B&I") == ()                   # only styling: prints nothing


def test_a_number_format_is_compared_by_what_it_shows():
    from forms.workbook.compare import same_format
    assert same_format("£#,##0", "\\£#,##0") and same_format("£#,##0", '"£"#,##0')
    assert not same_format("#,##0", '"0"') and not same_format("0.0%", "0.0")


def _chart_sheet(rows: int, row_pt: float, chart_cm: float):
    from forms.workbook.layout import Sheet
    from forms.workbook.objects import Chart
    sheet = Sheet("Benchmarks")
    for r in range(1, rows + 1):
        sheet.put(r, 1, "x")
        sheet.heights[r] = row_pt
    sheet.put(3, 1, "head", "header")
    sheet.charts.append(Chart("t", "x", "y", "$B$4:$B$5", [], anchor_row=rows + 2, anchor_col=2,
                              width_cm=10, height_cm=chart_cm, below_row=rows))
    return sheet


def test_a_chart_that_the_foot_of_a_page_would_cut_starts_a_page():
    from forms.workbook.print_setup import print_setup
    p = {"return": {}}
    # A narrow sheet prints portrait (734 pt of A4 between the margins): 8 rows of 60 pt,
    # then a 9 cm chart (255 pt), would run past the foot of the first page.
    assert print_setup(_chart_sheet(8, 60, 9), p, chart_pages=True).row_breaks == (9,)
    assert print_setup(_chart_sheet(8, 60, 9), p).row_breaks == ()         # layout 3: as signed
    assert print_setup(_chart_sheet(3, 15, 9), p, chart_pages=True).row_breaks == ()   # it fits
    # A chart taller than a page runs on wherever it starts.
    assert print_setup(_chart_sheet(8, 60, 40), p, chart_pages=True).row_breaks == ()


def test_a_return_with_six_benchmarks_prints_its_chart_whole(tmp_path, monkeypatch):
    """Cabinet Office: three comparators and three commitments, two of them changes."""
    from decimal import Decimal
    from openpyxl import load_workbook
    from bench.corpus import body_return
    from bench.generate import explain_queries
    from validators.baselines import prefill
    from workbook_snapshot import export_fixed
    ret = body_return("CO", "2009-10", factor=Decimal(1))
    prefill(ret)
    for b in ret.baselines:
        b.figure, b.source = Decimal(3100000 if b.commitment == "CO-LEGAL-35" else 15), "Accounts"
    explain_queries(ret)
    out = export_fixed(ret, tmp_path / "co.xlsx", monkeypatch)
    ws = load_workbook(out)["Benchmarks"]
    anchor = ws._charts[0].anchor._from.row + 1          # 0-based in the drawing
    assert [b.id for b in ws.row_breaks.brk] == [anchor - 1]
    assert ws["B8"].value == "Legal spend (change)" and ws["B9"].value == "Office space (change)"
    from forms.workbook.verify import verify_workbook
    assert verify_workbook(out).ok
