"""A sheet read whole (sheet_tree) is read exactly as the stream reads it (sheet_xml).

The whole-sheet reading is only a faster way to the same verdict, so every
sheet, plain or hostile, must give the same cells visited, the same facts and
the same refusal, word for word, or be handed back to the stream (None).
Sheets are generated from the markup a sender could write: rows and cells out
of order, second values, bad references and types, foreign and
markup-compatibility elements, cells where no cell may be, deep nesting.
"""
from __future__ import annotations

import io
from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.workbook.package import NS_MAIN, NS_MC, xml_events
from forms.workbook.sheet_tree import plain, scan_tree
from forms.workbook.sheet_xml import StopScan, scan_sheet
from forms.workbook.strict import open_strict
from tests.workbook_fixtures import _signed_sample_master, signed  # noqa: F401  (fixtures)

STRINGS = [("first", False), ("rich", True)]
N_STYLES = 3
FOREIGN = "urn:example:foreign"


def _outcome(read, stop_after: int | None):
    visits: list = []

    def visit(*cell):
        if stop_after is not None and len(visits) >= stop_after:
            raise StopScan
        visits.append(cell)
    try:
        facts = read(visit)
    except Exception as e:    # noqa: BLE001 - the refusal is the outcome compared
        return ("refused", type(e).__name__, str(e), visits)
    return ("read", None if facts is None else asdict(facts), visits)


def _both(xml: bytes, stop_after: int | None = None, budget: int | None = None):
    from xml.etree.ElementTree import XMLParser
    stream = _outcome(lambda v: scan_sheet(xml_events(io.BytesIO(xml), "sheet"), "w", STRINGS,
                                           N_STYLES, v, budget), stop_after)
    parser = XMLParser(encoding="utf-8")
    parser.feed(xml)
    root = parser.close()
    whole = _outcome(lambda v: scan_tree(root, "w", STRINGS, N_STYLES, v, budget), stop_after)
    return stream, whole, root


def _agree(xml: bytes, stop_after: int | None = None, budget: int | None = None) -> bool:
    """True when the whole reading was used (the sheet is plain), after checking it agrees."""
    stream, whole, root = _both(xml, stop_after, budget)
    if whole[0] == "read" and whole[1] is None:
        assert not plain(root, budget)
        return False
    assert whole == stream, xml
    return True


# --- generated sheets ---------------------------------------------------------------

_text = st.sampled_from(["", "1", "2.5", "-3e2", "abc", "0", "1e999", " 7", "_x0041_B", "x" * 5])
_ref = st.one_of(st.none(), st.sampled_from(["A1", "B1", "A2", "C3", "AA10", "a1", "A0", "ZZZZ1",
                                             "A1048577", "B2", "A1 "]))
_type = st.one_of(st.none(), st.sampled_from(["n", "s", "str", "b", "e", "d", "inlineStr", "q"]))
_style = st.one_of(st.none(), st.sampled_from(["0", "1", "2", "3", "-1", "x"]))


def _attrs(**kv) -> str:
    return "".join(f' {k}="{v}"' for k, v in kv.items() if v is not None)


@st.composite
def _inline(draw) -> str:
    kind = draw(st.sampled_from(["t", "runs", "two", "nested", "phonetic", "foreign"]))
    t = draw(_text)
    return {"t": f"<is><t>{t}</t></is>",
            "runs": f"<is><r><rPr><b/></rPr><t>{t}</t></r><r><t>z</t></r></is>",
            "two": f"<is><t>{t}</t><t>b</t></is>",
            "nested": "<is><c r=\"A1\"><v>1</v></c></is>",
            "phonetic": f"<is><t>{t}</t><rPh><t>p</t></rPh></is>",
            "foreign": f"<is><t>{t}</t><x:odd/></is>"}[kind]


@st.composite
def _cell(draw) -> str:
    parts = draw(st.lists(st.one_of(
        _text.map(lambda t: f"<v>{t}</v>"), _text.map(lambda t: "<f>SUM(A1:A2)</f>" if t else
                                                     "<f/>"), _inline(),
        st.sampled_from(["<v><c/></v>", "<x:odd/>", "<extLst/>", "<v>1</v><v>2</v>"])),
        max_size=3))
    return (f"<c{_attrs(r=draw(_ref), t=draw(_type), s=draw(_style))}>" + "".join(parts)
            + "</c>")


@st.composite
def _row(draw) -> str:
    r = draw(st.one_of(st.none(), st.sampled_from(["1", "2", "3", "2", "0", "x", "1048577"])))
    attrs = _attrs(r=r, ht=draw(st.sampled_from([None, "15", "0", "2.5", "abc"])),
                   hidden=draw(st.sampled_from([None, "1", "0"])),
                   outlineLevel=draw(st.sampled_from([None, "0", "1"])))
    cells = draw(st.lists(st.one_of(_cell(), st.sampled_from(["<v>1</v>", "<x:odd/>",
                                                              "<row/>"])), max_size=4))
    return f"<row{attrs}>" + "".join(cells) + "</row>"


_OTHERS = st.sampled_from([
    '<cols><col min="1" max="2" width="9"/><col min="3" max="3" hidden="1"/></cols>',
    '<cols><col min="5" max="2"/></cols>',
    '<cols><col min="1" max="16385" width="1"/></cols>',
    '<sheetViews><sheetView showZeros="0"><selection/></sheetView></sheetViews>',
    '<sheetViews><sheetView showFormulas="1"/></sheetViews>',
    '<sheetFormatPr defaultRowHeight="1"/>',
    '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>',
    '<mergeCells>' + '<mergeCell ref="A1:B2"/>' * 7 + '</mergeCells>',
    '<hyperlinks><hyperlink ref="A1"/></hyperlinks>',
    '<conditionalFormatting sqref="A1"><cfRule type="expression"/></conditionalFormatting>',
    '<dataValidations><dataValidation sqref="A1" prompt="p"/></dataValidations>',
    '<headerFooter><oddHeader>&amp;CHello</oddHeader><oddFooter> </oddFooter></headerFooter>',
    '<tableParts><tablePart xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" r:id="rId1"/></tableParts>',
    '<mc:AlternateContent><mc:Choice Requires="x"><pageSetup/></mc:Choice>'
    '<mc:Fallback><pageSetup/></mc:Fallback></mc:AlternateContent>',
    '<oleObjects/>', '<controls/>', '<x:thing><dataValidation sqref="B1" type="list"/></x:thing>',
    '<extLst><ext><x:thing/></ext></extLst>', '<a>' * 40 + '</a>' * 40,
    '<pageSetup><sheetData/></pageSetup>'])


@st.composite
def sheets(draw) -> bytes:
    before = draw(st.lists(_OTHERS, max_size=3))
    after = draw(st.lists(_OTHERS, max_size=2))
    rows = draw(st.lists(st.one_of(_row(), st.sampled_from(["<c/>", "<extLst/>", "<x:odd/>",
                                                            "<mc:AlternateContent/>"])),
                         max_size=5))
    datas = draw(st.sampled_from([1, 1, 1, 0, 2]))
    data = ("<sheetData>" + "".join(rows) + "</sheetData>") * datas
    return (f'<worksheet xmlns="{NS_MAIN}" xmlns:mc="{NS_MC}" xmlns:x="{FOREIGN}">'
            + "".join(before) + data + "".join(after) + "</worksheet>").encode()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.one_of(st.none(), st.integers(0, 4)), st.sampled_from([None, 5, 40, 10_000]))
def test_a_sheet_read_whole_is_read_as_the_stream_reads_it(xml, stop_after, budget):
    _agree(xml, stop_after, budget)


def test_plain_sheets_are_read_whole_and_the_rest_go_to_the_stream():
    """Not a test that passes by always handing back: plain sheets do take the fast way."""
    plain_sheet = (f'<worksheet xmlns="{NS_MAIN}"><cols><col min="1" max="1" width="30"/></cols>'
                   '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c>'
                   '</row><row r="3" ht="30"><c r="A3" t="inlineStr"><is><t>x</t></is></c>'
                   '<c r="B3"><f>B1*2</f><v>5</v></c></row></sheetData>'
                   '<mergeCells><mergeCell ref="A3:A4"/></mergeCells></worksheet>').encode()
    assert _agree(plain_sheet)
    assert _agree(plain_sheet.replace(b'r="3"', b'r="1"'))      # refused alike: row again
    assert _agree(plain_sheet.replace(b"<v>2.5</v>", b"<v>2,5</v>"))   # refused alike
    assert _agree(plain_sheet, stop_after=1)                    # stopped alike
    for odd in (b'<c r="A1" t="s"><v>0</v><x:odd xmlns:x="urn:x"/></c>',
                b'<c r="A1" t="s"><v>0</v></c><extLst/>'):
        assert not _agree(plain_sheet.replace(b'<c r="A1" t="s"><v>0</v></c>', odd))
    assert not _agree(plain_sheet, budget=5)       # over budget: the stream says how far


def test_every_sheet_of_an_exported_workbook_is_read_whole_and_alike(signed):  # noqa: F811
    with open_strict(signed) as gw:
        for title in gw.sheet_names:
            part = gw.entry(title).part
            with gw.pkg.zip.open(gw.pkg.member(part)) as f:
                xml = f.read()
            assert _agree(xml), title


def test_a_deeply_nested_sheet_costs_no_recursion():
    deep = (f'<worksheet xmlns="{NS_MAIN}"><sheetData/>' + "<a>" * 50_000 + "</a>" * 50_000
            + "</worksheet>").encode()
    _agree(deep)
