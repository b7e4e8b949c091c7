"""Issue 9 §1: the package read strictly, one reading only.

Each file is a genuine export edited in its XML or zip as a hostile sender
would: ambiguities a lenient reader resolves one way and Excel or LibreOffice
another. Every one exits 1 with one line saying what was found.
"""
import io
import re
import zipfile

import pytest

from forms.cli.main import main
from forms.workbook.to_draft import import_workbook
from forms.schema.errors import NotAReturn
from forms.workbook.verify import verify_workbook
from workbook_fixtures import _signed_sample_master, rewrite_zip, signed  # noqa: F401

SPEND = "xl/worksheets/sheet4.xml"           # the exporter's fourth sheet
B4 = b'<c r="B4" s="14" t="n"><v>251400000</v></c>'      # the style of a tall row's figure


def edited(signed, tmp_path, member, change, name="edited.xlsx"):
    def fn(n, data):
        if n != member:
            return data
        new = change(data)
        assert new != data, "the edit did not apply"
        return new
    return rewrite_zip(signed, tmp_path / name, fn)


def refused(path, *words):
    r = verify_workbook(path)
    assert not r.ok and r.readable, r.problems
    text = "; ".join(r.problems)
    assert all(w in text for w in words), r.problems
    assert all("\n" not in p for p in r.problems)
    assert main(["verify", str(path)]) == 1
    with pytest.raises(NotAReturn):
        import_workbook(path)
    return r


@pytest.mark.parametrize("change, words", [
    (lambda d: d.replace(B4, B4.replace(b"</v>", b"</v><v>999</v>")), ("B4", "two values")),
    (lambda d: d.replace(b"</sheetData>", b'<row r="4"><c r="B4" t="n"><v>999</v></c></row>'
                         b"</sheetData>"), ("row 4 twice",)),
    (lambda d: d.replace(b"<is><t>Spend</t></is>", b"<is><t>Spend</t></is><is><t>Spent</t></is>"),
     ("A1", "two values")),
    (lambda d: d.replace(B4, B4 + b'<c r="B4" t="n"><v>999</v></c>'), ("cell B4 twice",)),
    (lambda d: d.replace(b'<row r="5">', b'<row r="5"><c r="B4" t="n"><v>999</v></c>'),
     ("B4", "row 5")),
    (lambda d: re.sub(rb'(<row r="4"[^>]*>)(.*?)</row>', rb'\1\2<c r="A4" t="n"><v>1</v></c></row>',
                      d, count=1), ("cell A4 twice",)),
    (lambda d: d.replace(B4, B4.replace(b"<v>251400000</v>", b"<v> 251400000</v>")),
     ("where a number must be",)),
    (lambda d: d.replace(b"</sheetData>", b'</sheetData><sheetData><row r="90"><c r="A90" '
                         b't="n"><v>1</v></c></row></sheetData>'), ("second or misplaced",)),
])
def test_a_cell_or_row_that_reads_two_ways_is_refused(signed, tmp_path, change, words):
    refused(edited(signed, tmp_path, SPEND, change), *words)


MC_NS = b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_alternate_content_whose_choice_and_fallback_differ_is_refused(signed, tmp_path):
    def change(d):
        d = d.replace(b"<worksheet ", b"<worksheet " + MC_NS + b" ", 1)
        cols = re.search(rb"<cols>.*?</cols>", d).group(0)
        hidden = cols.replace(b'min="2" max="2"', b'min="2" max="2" hidden="1"')
        return d.replace(cols, b'<mc:AlternateContent><mc:Choice Requires="x14">' + hidden +
                         b"</mc:Choice><mc:Fallback>" + cols + b"</mc:Fallback>"
                         b"</mc:AlternateContent>")
    refused(edited(signed, tmp_path, SPEND, change), "markup-compatibility")


def test_alternate_content_among_the_cells_is_refused(signed, tmp_path):
    def change(d):
        d = d.replace(b"<worksheet ", b"<worksheet " + MC_NS + b" ", 1)
        return d.replace(B4, b'<mc:AlternateContent><mc:Choice Requires="x14">'
                         b'<c r="B4" t="n"><v>999</v></c></mc:Choice><mc:Fallback>' + B4 +
                         b"</mc:Fallback></mc:AlternateContent>")
    refused(edited(signed, tmp_path, SPEND, change), "markup-compatibility")


def _add_sheet(signed, tmp_path, target: bytes, member: str, title: bytes, name="added.xlsx"):
    """An added sheet with forged figures, reached through ``target``."""
    forged = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="4"><c r="B4" t="n"><v>999</v></c></row></sheetData>'
              b"</worksheet>")
    out = tmp_path / name

    def change(n, d):
        if n == "xl/workbook.xml":
            return d.replace(b"</sheets>", b'<sheet name="' + title + b'" sheetId="90" '
                             b'state="visible" r:id="rId99" /></sheets>')
        if n == "xl/_rels/workbook.xml.rels":
            return d.replace(b"</Relationships>", b'<Relationship Type="http://schemas.'
                             b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                             b'Target="' + target + b'" Id="rId99" /></Relationships>')
        if n == "[Content_Types].xml":
            return d.replace(b"</Types>", b'<Override PartName="/' + member.encode() +
                             b'" ContentType="application/vnd.openxmlformats-officedocument.'
                             b'spreadsheetml.worksheet+xml" /></Types>')
        return d
    rewrite_zip(signed, out, change)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(member, forged)
    return out


def test_a_sheet_reached_through_a_target_in_other_letter_case_is_read_as_excel_does(
        signed, tmp_path):
    out = _add_sheet(signed, tmp_path, b"/xl/worksheets/SHEET90.xml", "xl/worksheets/sheet90.xml",
                     b"Notes")
    refused(out, "sheet 'Notes' was added")


@pytest.mark.parametrize("title, char", [("Spend\u00a0".encode(), "NO-BREAK SPACE"),
                                         ("Sp\u0435nd".encode(), "CYRILLIC")])
def test_a_look_alike_sheet_name_is_named_as_one(signed, tmp_path, title, char):
    out = _add_sheet(signed, tmp_path, b"worksheets/sheet90.xml", "xl/worksheets/sheet90.xml",
                     title)
    refused(out, "looks like the signed sheet 'Spend'", char)


def test_a_signed_sheet_hidden_is_reported(signed, tmp_path):
    out = edited(signed, tmp_path, "xl/workbook.xml",
                 lambda d: d.replace(b'name="Spend" sheetId="4" state="visible"',
                                     b'name="Spend" sheetId="4" state="hidden"'))
    refused(out, "sheet 'Spend' is hidden")


def _zip_with(signed, extra: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(signed) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            z.writestr(i, src.read(i.filename))
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_entry_named_twice_is_refused(signed, tmp_path):
    with zipfile.ZipFile(signed) as z:
        forged = z.read(SPEND).replace(b"<v>251400000</v>", b"<v>999</v>")
    out = tmp_path / "twice.xlsx"
    with pytest.warns(UserWarning):
        out.write_bytes(_zip_with(signed, [(SPEND, forged)]))
    refused(out, "holds the part xl/worksheets/sheet4.xml twice")


def test_parts_that_differ_only_in_case_are_refused(signed, tmp_path):
    with zipfile.ZipFile(signed) as z:
        forged = z.read(SPEND).replace(b"<v>251400000</v>", b"<v>999</v>")
    out = tmp_path / "case.xlsx"
    out.write_bytes(_zip_with(signed, [("xl/worksheets/Sheet4.xml", forged)]))
    refused(out, "differ only in letter case")


def test_data_prepended_to_the_zip_is_refused(signed, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet4.xml", b"<worksheet/>")
    out = tmp_path / "prepended.xlsx"
    out.write_bytes(buf.getvalue() + signed.read_bytes())
    refused(out, "before its first part")


def test_data_between_the_parts_is_refused(signed, tmp_path):
    raw = bytearray(signed.read_bytes())
    with zipfile.ZipFile(signed) as z:
        last = max(z.infolist(), key=lambda i: i.header_offset)
        cd = z.start_dir
    # hide bytes between the last entry and the index; shift the index's offset to match
    junk = b"PK\x03\x04" + bytes(60)
    eocd = raw.rfind(b"PK\x05\x06")
    new = raw[:cd] + junk + raw[cd:]
    eocd += len(junk)
    new[eocd + 16:eocd + 20] = (cd + len(junk)).to_bytes(4, "little")
    out = tmp_path / "between.xlsx"
    out.write_bytes(bytes(new))
    assert last.filename
    refused(out, "after its last part")


def test_a_cell_style_that_reads_two_ways_is_refused(signed, tmp_path):
    """applyFont="0": LibreOffice takes the parent style's (white) font, others the cell's."""
    def change(d):
        d = d.replace(b"</fonts>", b'<font><color rgb="FFFFFFFF"/></font></fonts>')
        n = d.split(b"</fonts>")[0].count(b"<font>") + d.split(b"</fonts>")[0].count(b"<font ")
        d = d.replace(b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"',
                      b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="%d"' % (n - 1))
        return d.replace(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" '
                         b'quotePrefix="0" xfId="0" />', b'<xf numFmtId="0" fontId="0" fillId="0" '
                         b'borderId="0" applyFont="0" xfId="0" />', 1)
    refused(edited(signed, tmp_path, "xl/styles.xml", change), "read two ways")


def test_a_cell_nested_where_no_program_expects_it_is_refused(signed, tmp_path):
    change = lambda d: d.replace(b'<row r="5">', b'<row r="5"><row r="6"><c r="B5" t="n">'  # noqa: E731
                                 b"<v>999</v></c></row>")
    refused(edited(signed, tmp_path, SPEND, change), "outside its sheetData")


@pytest.mark.parametrize("change, words", [
    (lambda d: d.replace(b'<row r="5">', b'<row r="5"><v>999</v>'), "v outside its c"),
    (lambda d: d.replace(B4, B4.replace(b"<v>", b'<c r="B4" t="n"><v>9</v></c><v>')),
     "c outside its row"),
    (lambda d: d.replace(B4, B4.replace(b"<v>251400000</v>", b"<is><v>1</v></is>")),
     "v outside its c"),
])
def test_cell_markup_out_of_its_place_is_refused(signed, tmp_path, change, words):
    refused(edited(signed, tmp_path, SPEND, change), words)


def test_consolidation_puts_an_ambiguous_file_in_the_analysts_words(signed, tmp_path):
    from forms.consolidate.verified import explain
    out = edited(signed, tmp_path, SPEND, lambda d: d.replace(B4, B4 + B4))
    r = verify_workbook(out)
    reason, ask = explain(r.problems, r.readable)
    assert reason.startswith("Not the workbook as exported") and "exported" in ask


@pytest.mark.parametrize("member, change, words", [
    ("xl/styles.xml", lambda d: d.replace(b'<numFmt numFmtId="164" formatCode="#,##0.0" />',
                                          b'<numFmt numFmtId="164" formatCode="#,##0.0" />'
                                          b'<numFmt numFmtId="164" formatCode="&quot;9&quot;" />'),
     "number format 164 twice"),
    ("[Content_Types].xml", lambda d: d.replace(b"</Types>", b'<Override PartName="/xl/styles.xml"'
                                                b' ContentType="application/xml" /></Types>'),
     "content type of xl/styles.xml twice"),
    ("xl/styles.xml", lambda d: d.replace(b"</styleSheet>", b'<cellXfs count="0"></cellXfs>'
                                          b"</styleSheet>"), "two <cellXfs> lists"),
    ("xl/workbook.xml", lambda d: d.replace(b"</workbook>", b'<sheets></sheets></workbook>'),
     "two <sheets> lists"),
])
def test_a_style_or_content_type_declared_twice_is_refused(signed, tmp_path, member, change,
                                                           words):
    refused(edited(signed, tmp_path, member, change), words)
