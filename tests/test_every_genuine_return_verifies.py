"""Issue 9 §5: every return that validates exports to a workbook that verifies.

A property test over generated returns (the sample with officers' text and
figures replaced by generated ones: control characters, escapes, formula-like
text, "-0", many places), and the markup a re-save by Excel adds, which must
raise no false alarm.
"""
import json
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from forms.drafts.store import from_dict
from forms.signing import keys
from forms.workbook.export import export_signed
from forms.workbook.verify import verify_workbook
from workbook_fixtures import (PASS, SAMPLE, _signed_sample_master, rewrite_zip,  # noqa: F401
                               signed, signed_key)

SPECIAL = ["-0", "_x0041_", "_x005F_x0041_", "=SUM(A1:A2)", "+44", "@home", "#N/A", " lead",
           "trail ", "a\r\nb", "a\x0bb", "\u202eevil", "😀", "\u00a0", "line\nbreak", "\t"]
texts = st.one_of(st.sampled_from(SPECIAL),
                  st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
numbers = st.one_of(st.sampled_from(["-0", "0", "0.00", "1234567.89", "0.01"]),
                    st.decimals(min_value=0, max_value=10**9, places=2,
                                allow_nan=False, allow_infinity=False).map(str))
TEXT_PATHS = [("envelope", "body_name"), ("envelope", "preparer", "name"),
              ("envelope", "preparer", "role"), ("floor_space", "buildings", 0, "name"),
              ("floor_space", "buildings", 1, "location"), ("savings", 0, "description"),
              ("action_plan", "actions", 0, "text")]
NUMBER_PATHS = [("spend", "consultancy_gbp"), ("savings", 1, "delivered_gbp"),
                ("floor_space", "buildings", 2, "annual_cost_gbp")]


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def unlocked(_signed_sample_master):
    return keys.load_private_key(_signed_sample_master[1], PASS)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.one_of(st.tuples(st.sampled_from(TEXT_PATHS), texts),
                                st.tuples(st.sampled_from(NUMBER_PATHS), numbers)),
                      min_size=1, max_size=5))
def test_a_generated_valid_return_exports_to_a_workbook_that_verifies(edits, unlocked,
                                                                      tmp_path_factory):
    from validators.engine import check
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for path, value in edits:
        _set(data, path, value)
    try:
        ret = from_dict(data)
    except Exception:
        assume(False)
    for f in check(ret).queries:                 # the officer explains every query
        ret.explanations[f.key] = "Explained: " + f.key
    assume(not check(ret).blocking)
    out = tmp_path_factory.mktemp("gen") / "r.xlsx"
    key, info = unlocked
    export_signed(ret, key, info, out)
    r = verify_workbook(out)
    assert r.ok, (edits, r.problems)


EXCEL_NS = (b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
            b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
            b'mc:Ignorable="x14ac xr" xr:uid="{00000000-0001-0000-0000-000000000000}" ')
CALC_CHAIN = ('<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<c r="A1" i="1"/></calcChain>')


_CALC_CHAIN_LINKS = {
    "xl/_rels/workbook.xml.rels": (b"</Relationships>", b'<Relationship Type="http://schemas.'
                                   b'openxmlformats.org/officeDocument/2006/relationships/'
                                   b'calcChain" Target="calcChain.xml" Id="rId90" />'),
    "[Content_Types].xml": (b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType='
                            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                            b'calcChain+xml" />'),
}


def _as_excel_saves(name, data):
    """The markup Excel adds on an unchanged re-save (documented in [MS-XLSX])."""
    if name.startswith("xl/worksheets/sheet"):
        data = data.replace(b"<worksheet ", b"<worksheet " + EXCEL_NS, 1)
        data = re.sub(rb'<row r="(\d+)"', rb'<row r="\1" spans="1:4" x14ac:dyDescent="0.25"', data)
        data = data.replace(b"</worksheet>", b'<extLst><ext uri="{64002731-A6B0-56B0-2670-'
                            b'7721B7C09600}" xmlns:mx="http://schemas.microsoft.com/office/mac/'
                            b'excel/2008/main"><mx:PLV Mode="0" OnePage="0" WScale="0"/></ext>'
                            b"</extLst></worksheet>")
    elif name == "xl/workbook.xml":
        data = data.replace(b"<workbook ", b'<workbook xmlns:mc="http://schemas.openxmlformats.'
                            b'org/markup-compatibility/2006" mc:Ignorable="x15" ', 1)
        data = data.replace(b"<workbookPr />", b'<workbookPr /><mc:AlternateContent><mc:Choice '
                            b'Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.'
                            b'microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\Returns\\"/>'
                            b"</mc:Choice></mc:AlternateContent>")
    elif name in _CALC_CHAIN_LINKS:
        end, added = _CALC_CHAIN_LINKS[name]
        data = data.replace(end, added + end)
    return data


def test_markup_an_excel_resave_adds_raises_no_false_alarm(signed, tmp_path):
    import zipfile
    out = rewrite_zip(signed, tmp_path / "excel.xlsx", _as_excel_saves)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/calcChain.xml", CALC_CHAIN)
    r = verify_workbook(out)
    assert r.ok, r.problems


def test_minus_zero_and_a_vertical_tab_export_to_workbooks_that_verify(unlocked, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["spend"]["consultancy_gbp"] = "-0"
    data["envelope"]["body_name"] = "Children\x0bSchools and Families"   # Word's line break
    ret = from_dict(data)
    for f in __import__("validators.engine", fromlist=["check"]).check(ret).queries:
        ret.explanations[f.key] = "Explained."
    out = tmp_path / "r.xlsx"
    export_signed(ret, *unlocked, out)
    assert verify_workbook(out).ok
    assert Decimal(0) == Decimal("-0")


def test_an_indented_label_written_left_aligned_as_excel_does_is_no_difference(signed, tmp_path):
    out = rewrite_zip(signed, tmp_path / "left.xlsx", lambda n, d: d.replace(
        b'<alignment indent="1" />', b'<alignment horizontal="left" indent="1" />')
        if n == "xl/styles.xml" else d)
    r = verify_workbook(out)
    assert r.ok, r.problems
