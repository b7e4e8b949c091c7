"""Layout 4: every benchmark against its comparator on one scale, and the chart of it.

Layout 3 charted each value beside its target on one axis, so a 1.35 % finance
cost was an invisible sliver beside a 55 : 1 HR ratio. Layout 4 writes each
benchmark's share of what meets its target (100 % meets it, more is better)
and charts that column on an axis from 0 with gridlines every 25 %. Verify
accepts the genuine workbook (and layout 3's, as signed) and refuses an edit
of the column or of the chart; hostile files are the genuine export with one
part's XML changed.
"""
import re
import zipfile
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from forms.workbook.benchmarks import AGAINST_HEAD, against
from forms.workbook.layout import format_of, layout
from forms.workbook.verify import verify_workbook
from workbook_fixtures import (_signed_sample_master, _signed_v3_master,  # noqa: F401
                               rewrite_zip, signed, signed_v3)

BENCH, CHART = "xl/worksheets/sheet7.xml", "xl/charts/chart1.xml"
# The sample's five benchmarks, all short: HR 55.0 : 1 against 77, finance 1.35 % against
# 1 %, office space 13.6 m² against 10 and 11, collaborative procurement 71.1 % against 80 %.
SHARES = [0.714, 0.741, 0.735, 0.808, 0.888]


def _finding(value, target, status="short", metric="", unit=""):
    return {"severity": "benchmark", "metric": metric, "unit": unit, "status": status,
            "value": None if value is None else str(value),
            "target": None if target is None else str(target)}


def _payload(version):
    from forms.drafts.store import load_draft
    from forms.signing.payload import build_payload
    from validators.engine import check
    from validators.packs import load_pack
    from workbook_fixtures import SAMPLE

    class Key:
        organisation, fingerprint, public_pem = "DCSF", "f", ""
    ret = load_draft(SAMPLE)
    return build_payload(ret, check(ret), load_pack("smarter-government-2009"),
                         submission_id="x", signed_at="t", key=Key(), layout_version=version)


def _bench(version=4):
    return next(s for s in layout(_payload(version)) if s.title == "Benchmarks")


def _edit(path, tmp_path, member, old, new):
    def change(name, data):
        if name != member:
            return data
        assert old in data, (member, old)
        return data.replace(old, new, 1)
    return verify_workbook(rewrite_zip(path, tmp_path / "edited.xlsx", change))


def _fails(result, *words):
    assert not result.ok and result.readable, result.problems
    assert any(all(w in p for w in words) for p in result.problems), result.problems


# --- the share ---------------------------------------------------------------------

@pytest.mark.parametrize("finding, share", [
    (_finding("55", "77", metric="hr_ratio"), D("0.714")),           # higher is better: v / t
    (_finding("13.6", "10", metric="m2_per_fte"), D("0.735")),       # lower is better: t / v
    (_finding("80", "77", "meets", metric="hr_ratio"), D("1.039")),
    (_finding("8", "10", "meets", metric="m2_per_fte"), D("1.250")),
    (_finding("0.7145", "1", metric="hr_ratio"), D("0.715")),        # half up, not to even
    (_finding("0", "80", metric="collaborative_pct"), D("0")),       # none of it: 0 %
    # A change commitment (its own unit, no metric): the direction its status shows, and
    # a cut against a committed cut is the share of the cut made.
    (_finding("-13.7", "-35", unit="%"), D("0.391")),
    (_finding("-40", "-35", "meets", unit="%"), D("1.143")),
    (_finding("22000", "20000", unit="FTE"), D("0.909")),           # a level: at most 20,000
])
def test_the_share_is_oriented_so_that_100_per_cent_meets_and_more_is_better(finding, share):
    assert against(finding) == share


@pytest.mark.parametrize("finding", [
    _finding(None, "77", "not available", metric="hr_ratio"),
    _finding("55", None, metric="hr_ratio"),
    _finding("55", "0", metric="hr_ratio"),                        # no target to share
    _finding("0", "10", metric="m2_per_fte"),                      # 10 / 0
    _finding("5", "-35", unit="%"),                                 # a rise against a cut
    _finding("NaN", "77", metric="hr_ratio"),
    _finding("Infinity", "77", metric="hr_ratio"),
    _finding("1E+999999", "1E-999999", metric="hr_ratio"),          # no error, no share
])
def test_no_share_is_given_where_it_means_nothing(finding):
    assert against(finding) is None


def test_a_declared_direction_is_preferred_to_the_status():
    # hr_ratio is declared higher-is-better: 80 against 77 is 103.9 %, whatever the status
    # says (the status would have it lower-is-better: 96.3 %).
    assert against(_finding("80", "77", "short", metric="hr_ratio")) == D("1.039")
    assert against(_finding("80", "77", "short")) == D("0.963")     # no metric: the status


def test_every_shipped_comparator_declares_its_metric_s_direction():
    # The share follows the metric's declared direction and the Status column the rule's:
    # a rule judging the other way would show a bar past 100 % beside "short".
    from forms.schema.metrics import METRICS
    from validators.packs import load_pack, shipped_packs
    rules = [r for pack in shipped_packs() for r in load_pack(pack).rules
             if r.spec.kind == "comparator"]
    assert len(rules) > 10
    assert [r.id for r in rules if r.params.better != METRICS[r.params.metric].better] == []


def test_a_share_of_100_per_cent_or_more_goes_with_meeting_it():
    # Every body's return (comparators and its own commitments), its figures scaled
    from bench.corpus import body_return
    from forms.schema.organisations import organisations
    from validators.engine import check
    findings = [f.to_dict() for org in organisations() for factor in (D("0.6"), D(1), D("1.5"))
                for f in check(body_return(org.code, "2009-10", factor=factor)).findings
                if f.severity == "benchmark"]
    shares = [(against(f), f["status"]) for f in findings]
    assert any(s is not None and s >= 1 for s, _ in shares)
    assert any(s is not None and s < 1 for s, _ in shares)
    assert all((s >= 1) == (status == "meets") for s, status in shares
               if s is not None and s != 1)


# --- the layout --------------------------------------------------------------------

def test_layout_4_writes_the_share_beside_the_comparator_as_a_percentage():
    sheet = _bench()
    cells = {(c.row, c.col): c for c in sheet.cells}
    assert cells[(3, 5)].value == "Comparator or commitment" and cells[(3, 6)].value == AGAINST_HEAD
    assert [cells[(r, 6)].value for r in range(4, 9)] == [D(str(s)) for s in SHARES]
    assert {format_of(cells[(r, 6)].style) for r in range(4, 9)} == {"0.0%"}
    assert all(cells[(r, 6)].data for r in range(4, 9))
    assert sheet.names["benchmarks.against"] == "$F$4:$F$8"
    assert sheet.names["benchmarks.status"] == "$H$4:$H$8"
    assert sheet.names["benchmarks"] == "$A$4:$K$8"


def test_the_sheet_still_prints_across_one_landscape_page_at_the_scale_it_did():
    v3, v4 = _bench(3), _bench(4)
    assert v4.printing.landscape and not v4.printing.col_breaks
    assert v4.printing.scale == v3.printing.scale == 72


def test_the_chart_draws_the_share_from_0_with_gridlines_every_25_per_cent_past_100():
    [chart] = _bench().charts
    assert chart.categories == "$B$4:$B$8" and chart.series == [("$F$3", "$F$4:$F$8")]
    assert (chart.axis_min, chart.axis_max, chart.major_unit) == (0, D("1.25"), D("0.25"))
    assert "100 %" in chart.title
    assert chart.below_row == 8 and chart.anchor_row == 10


@pytest.mark.parametrize("largest, top, step", [
    (D("0.5"), D("1.25"), D("0.25")), (D("1"), D("1.25"), D("0.25")),
    (D("1.3"), D("1.5"), D("0.25")), (D("2.99"), D("3"), D("0.25")), (D("3"), None, None),
    (D("40"), None, None)])
def test_the_axis_reaches_past_the_longest_bar_and_past_100_per_cent(largest, top, step):
    from forms.workbook.layout import Cell, Sheet
    from forms.workbook.objects import _add_chart
    sheet = Sheet("Benchmarks", names={"benchmarks.value": "$C$4:$C$5",
                                       "benchmarks.against": "$F$4:$F$5"})
    sheet.cells = [Cell(4, 2, "A"), Cell(5, 2, "B"), Cell(4, 6, D("0.2")), Cell(5, 6, largest)]
    _add_chart(sheet, {(c.row, c.col): c for c in sheet.cells}, v4=True)
    assert (sheet.charts[0].axis_max, sheet.charts[0].major_unit) == (top, step)


def test_layout_3_keeps_its_columns_and_its_chart():
    sheet = _bench(3)
    assert AGAINST_HEAD not in {c.value for c in sheet.cells}
    [chart] = sheet.charts
    assert chart.series == [("$C$3", "$C$4:$C$8"), ("$E$3", "$E$4:$E$8")]
    assert chart.axis_min is None and chart.axis_max is None


# --- the export --------------------------------------------------------------------

def test_the_export_writes_the_shares_and_a_chart_of_them(signed):
    ws = load_workbook(signed)["Benchmarks"]
    assert ws["F3"].value == AGAINST_HEAD
    assert [ws.cell(r, 6).value for r in range(4, 9)] == SHARES
    assert ws["F4"].number_format == "0.0%"
    with zipfile.ZipFile(signed) as z:
        chart = z.read(CHART).decode()
    assert chart.count("<ser>") == 1 and "<f>'Benchmarks'!$F$4:$F$8</f>" in chart
    assert '<max val="1.25" /><min val="0" />' in chart and '<majorUnit val="0.25" />' in chart
    assert verify_workbook(signed).ok


def test_a_layout_3_workbook_still_verifies_as_signed(signed_v3):
    assert load_workbook(signed_v3)["Benchmarks"]["F3"].value == "Due"
    r = verify_workbook(signed_v3)
    assert r.ok, r.problems


# --- hostile edits -----------------------------------------------------------------

def test_a_changed_share_is_caught(signed, tmp_path):
    r = _edit(signed, tmp_path, BENCH, b'<c r="F5" s="15" t="n"><v>0.741</v>',
              b'<c r="F5" s="15" t="n"><v>1.041</v>')
    _fails(r, "Benchmarks!F5", "0.741", "1.041")


def test_a_share_shown_through_another_format_is_caught(signed, tmp_path):
    # "0.0" shows 0.7 for 70 %: the cells' style is found by its number format
    with zipfile.ZipFile(signed) as z:
        styles = z.read("xl/styles.xml")
    assert b'formatCode="0.0%"' in styles
    r = _edit(signed, tmp_path, "xl/styles.xml", b'formatCode="0.0%"', b'formatCode="0.0"')
    _fails(r, "Benchmarks!F4")


@pytest.mark.parametrize("old, new, words", [
    (b"'Benchmarks'!$F$4:$F$8", b"'Benchmarks'!$E$4:$E$8",
     ("series 1 reads its values from Benchmarks!E4:E8", "reads Benchmarks!F4:F8")),
    (b"'Benchmarks'!$B$4:$B$8", b"'Benchmarks'!$J$4:$J$8", ("reads its categories from",)),
    (b'<min val="0" />', b'<min val="0.5" />', ("minimum at '0.5'", "signed chart's is 0%")),
    (b'<min val="0" />', b"", ("has lost its value axis's minimum (0%)",)),
    (b'<max val="1.25" />', b'<max val="5" />', ("maximum at '5'", "is 125%")),
    (b'<max val="1.25" />', b"", ("has lost its value axis's maximum (125%)",)),
    (b'<majorUnit val="0.25" />', b'<majorUnit val="0.3" />',
     ("spaces its gridlines at '0.3'", "every 25%")),
    (b'<majorUnit val="0.25" />', b"", ("spaces its gridlines at the spreadsheet's choice",)),
    (b'<min val="0" />', b'<min val="0" /><logBase val="10" />', ("stretched (logBase set)",)),
    (b'<orientation val="minMax" /><max', b'<orientation val="maxMin" /><max', ("reversed",)),
    (b'formatCode="0%" sourceLinked="0"', b'formatCode="0%&quot; met&quot;" sourceLinked="0"',
     ("labels its value axis through the format",)),
    (b'<majorUnit val="0.25" />', b'<majorUnit val="0.25" /><dispUnits><builtInUnit '
     b'val="hundreds"/></dispUnits>', ("in other units (dispUnits)",)),
    (b"<a:t>Each benchmark against its comparator (100 % meets it)</a:t>",
     b"<a:t>Each benchmark against its comparator (50 % meets it)</a:t>",
     ("is titled 'Each benchmark against its comparator (50 % meets it)'",)),
])
def test_an_edit_of_the_chart_is_caught(signed, tmp_path, old, new, words):
    _fails(_edit(signed, tmp_path, CHART, old, new), *words)


def test_the_series_deleted_is_caught(signed, tmp_path):
    with zipfile.ZipFile(signed) as z:
        series = re.search(rb"<ser>.*</ser>", z.read(CHART)).group(0)
    _fails(_edit(signed, tmp_path, CHART, series, b""), "has 0 series; the signed chart has 1")


def test_a_second_series_of_the_comparators_is_caught(signed, tmp_path):
    with zipfile.ZipFile(signed) as z:
        series = re.search(rb"<ser>.*</ser>", z.read(CHART)).group(0)
    second = series.replace(b"$F$", b"$E$").replace(b'<idx val="0" />', b'<idx val="1" />')
    _fails(_edit(signed, tmp_path, CHART, series, series + second), "has 2 series")


def test_excel_s_caches_of_the_shares_raise_no_false_alarm_and_a_changed_one_is_caught(
        signed, tmp_path):
    values = b"".join(b'<pt idx="%d"><v>%s</v></pt>' % (i, str(v).encode())
                      for i, v in enumerate(SHARES))
    cached = (b"$F$4:$F$8</f><numCache><formatCode>0.0%</formatCode><ptCount val=\"5\"/>"
              + values + b"</numCache>")
    out = rewrite_zip(signed, tmp_path / "excel.xlsx", lambda n, d: d.replace(
        b"$F$4:$F$8</f>", cached) if n == CHART else d)
    r = verify_workbook(out)
    assert r.ok, r.problems
    out2 = rewrite_zip(out, tmp_path / "excel2.xlsx", lambda n, d: d.replace(
        b"<v>0.741</v>", b"<v>1.2</v>") if n == CHART else d)
    _fails(verify_workbook(out2), "shows '1.2'")


def test_layout_3_s_chart_may_still_not_set_its_axis_ends(signed_v3, tmp_path):
    r = _edit(signed_v3, tmp_path, CHART, b'<orientation val="minMax" /></scaling><delete val="0" '
              b'/><axPos val="l" /><majorGridlines />', b'<orientation val="minMax" /><min val="0"'
              b' /></scaling><delete val="0" /><axPos val="l" /><majorGridlines />')
    _fails(r, "cut or stretched (min set)")


def test_a_change_commitment_is_named_from_its_signed_message_in_layout_4():
    from forms.workbook.benchmarks import metric_label
    legal = {"rule": "CO-LEGAL-35", "metric": "",
             "message": "Legal spend is down 13.7 % on 2008-09 (£3,100,000 then, £2,675,100 "
                        "now); the commitment is 35 % by 2010-11 (short)."}
    staff = dict(legal, message="Finance staff are down 2.0 % on 2008-09 (...)")
    unmeasured = dict(legal, message="Cabinet Office legal spend −35 % cannot be measured "
                                     "without its 2008-09 baseline.")
    odd = dict(legal, message="42")
    assert metric_label(legal, v4=True) == "Legal spend (change)"
    assert metric_label(staff, v4=True) == "Finance staff (change)"
    assert metric_label(unmeasured, v4=True) == "Cabinet Office legal spend −35 %"
    assert metric_label(odd, v4=True) == "CO-LEGAL-35"
    assert metric_label(legal, v4=False) == ""            # layout 3 stays as it was signed
    assert metric_label({"metric": "hr_ratio"}, v4=True) == "Employees per HR FTE"
