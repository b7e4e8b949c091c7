"""Issue 9 §2: what a reader is shown besides the cells' values is compared too.

Each file is a genuine export with one thing added to a sheet's XML that
changes what Excel or LibreOffice shows while every cell value stays signed.
"""
import pytest

from forms.workbook.verify import verify_workbook
from workbook_fixtures import _signed_sample_master, rewrite_zip, signed  # noqa: F401

SPEND = "xl/worksheets/sheet4.xml"
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _before(tag: bytes, text: bytes):
    return lambda d: d.replace(b"<" + tag, text + b"<" + tag, 1)


def _row4(attrs: bytes):
    """Row 4 given ``attrs`` in place of its own (a height the layout set, or none)."""
    import re
    return lambda d: re.sub(rb'<row r="4"[^>]*>', b'<row r="4" ' + attrs + b">", d, count=1)


@pytest.mark.parametrize("change, words", [
    (_before(b"pageMargins", b'<mergeCells count="1"><mergeCell ref="B4:C4"/></mergeCells>'),
     "merged cells (B4:C4)"),
    (_before(b"pageMargins", b'<hyperlinks><hyperlink ref="B4" location="Cover!A1" '
                             b'display="999"/></hyperlinks>'), "hyperlinks (B4)"),
    (_before(b"pageMargins", b'<dataValidations count="1"><dataValidation sqref="B4" '
                             b'showInputMessage="1" prompt="The figure is 999"/>'
                             b"</dataValidations>"), "data-validation prompts (B4)"),
    (_row4(b'hidden="1"'), "hides rows 4"),
    (_row4(b'ht="0.5" customHeight="1"'), "hides rows 4"),
    (_row4(b'ht="1" customHeight="1"'), "hides rows 4"),
    (_row4(b'ht="15" customHeight="1"'), "row 4 is lowered from 33 to 15 points"),
    (lambda d: d.replace(b'min="2" max="2"', b'min="2" max="2" hidden="1"'), "hides column B"),
    (lambda d: d.replace(b'<col width="16" customWidth="1" min="2"',
                         b'<col width="4" customWidth="1" min="2"'), "narrowed from 16 to 4"),
    (_row4(b'outlineLevel="1"'), "groups rows"),
    (_before(b"pageSetup", b"<headerFooter><oddHeader>&amp;CRunning costs 999</oddHeader>"
                           b"</headerFooter>"), "prints the page header centre 'Running costs"),
    (lambda d: d.replace(b"<worksheet ", b"<worksheet " + R_NS + b" ", 1).replace(
        b"</worksheet>", b'<drawing r:id="rId1"/></worksheet>'), "a drawing"),
    (lambda d: d.replace(b"<worksheet ", b"<worksheet " + R_NS + b" ", 1).replace(
        b"</worksheet>", b'<legacyDrawing r:id="rId1"/></worksheet>'), "comments or notes"),
    (_before(b"pageMargins", b'<autoFilter ref="A3:D16"/>'), "a filter"),
])
def test_presentation_added_to_a_sheet_is_reported(signed, tmp_path, change, words):
    out = tmp_path / "shown.xlsx"
    rewrite_zip(signed, out, lambda n, d: change(d) if n == SPEND else d)
    r = verify_workbook(out)
    assert not r.ok and r.readable, r.problems
    assert any(p.startswith("sheet 'Spend'") and words in p for p in r.problems), r.problems


@pytest.mark.parametrize("markup", [
    b'<is><r><rPr><color rgb="FFFFFFFF"/></rPr><t>Spend</t></r></is>',    # runs of own fonts
    b'<is><t>Spend</t><rPh sb="0" eb="5"><t>999</t></rPh></is>',          # phonetic guides
])
def test_text_with_a_look_of_its_own_is_reported(signed, tmp_path, markup):
    out = tmp_path / "rich.xlsx"
    rewrite_zip(signed, out, lambda n, d: d.replace(b"<is><t>Spend</t></is>", markup)
                if n == SPEND else d)
    assert any("Spend!A1" in p and "rich text" in p for p in verify_workbook(out).problems)


def test_a_defined_name_added_for_a_sheet_is_reported(signed, tmp_path):
    out = tmp_path / "name.xlsx"
    rewrite_zip(signed, out, lambda n, d: d.replace(
        b"</definedNames>", b'<definedName name="spend.running_costs_gbp" localSheetId="3">'
        b"'Spend'!$B$5</definedName></definedNames>") if n == "xl/workbook.xml" else d)
    problems = verify_workbook(out).problems
    assert any("defined name spend.running_costs_gbp (for sheet 'Spend'" in p for p in problems)


B4 = b'<c r="B4" s="%d" t="n"><v>251400000</v></c>'


def _b4_style(signed) -> int:
    import re
    import zipfile
    with zipfile.ZipFile(signed) as z:
        return int(re.search(rb'<c r="B4" s="(\d+)"', z.read(SPEND)).group(1))


def _xf_count(signed) -> int:
    import re
    import zipfile
    with zipfile.ZipFile(signed) as z:
        cell_xfs = z.read("xl/styles.xml").split(b"<cellXfs")[1].split(b"</cellXfs>")[0]
    return len(re.findall(rb"<xf ", cell_xfs))


def _restyled(signed, tmp_path, font=b"", fill=b"", alignment=b""):
    """Spend!B4 given a new style: the exporter's, with another font, fill or alignment."""
    import re
    out = tmp_path / "look.xlsx"

    def change(n, d):
        if n == "xl/styles.xml":
            fonts = len(re.findall(rb"<font>|<font ", d.split(b"</fonts>")[0]))
            fills = len(re.findall(rb"<fill>|<fill ", d.split(b"</fills>")[0]))
            xfs = re.findall(rb"<xf [^>]*?(?:/>|>.*?</xf>)", d.split(b"<cellXfs")[1])
            xf = xfs[_b4_style(signed)]
            if font:
                d = d.replace(b"</fonts>", font + b"</fonts>")
                xf = re.sub(rb'fontId="\d+"', b'fontId="%d"' % fonts, xf)
            if fill:
                d = d.replace(b"</fills>", fill + b"</fills>")
                xf = re.sub(rb'fillId="\d+"', b'fillId="%d"' % fills, xf)
            if alignment and b"<alignment " in xf:     # a tall row's cell: top-aligned
                xf = xf.replace(b"<alignment ", alignment[:-2] + b" ", 1)
            elif alignment:
                xf = xf.replace(b"/>", b">" + alignment + b"</xf>", 1) if xf.endswith(b"/>") \
                    else xf.replace(b"</xf>", alignment + b"</xf>")
            return d.replace(b"</cellXfs>", xf + b"</cellXfs>")
        if n == SPEND:
            return d.replace(B4 % _b4_style(signed), B4 % _xf_count(signed))
        return d
    return rewrite_zip(signed, out, change)


@pytest.mark.parametrize("look, words", [
    (dict(font=b'<font><color rgb="FFFFFFFF"/></font>'), "font colour 000000 → FFFFFF"),
    (dict(font=b'<font><sz val="1"/></font>'), "font size 11.0 → 1.0"),
    (dict(font=b'<font><name val="Wingdings"/></font>'), "symbol font none → Wingdings"),
    (dict(fill=b'<fill><patternFill patternType="solid"><fgColor rgb="FF000000"/>'
               b"</patternFill></fill>"), "fill none → solid 000000"),
    (dict(alignment=b'<alignment indent="250"/>'), "indent 0 → 250"),
    (dict(alignment=b'<alignment textRotation="180"/>'), "rotation 0 → 180"),
])
def test_a_figure_made_to_look_otherwise_is_reported(signed, tmp_path, look, words):
    problems = verify_workbook(_restyled(signed, tmp_path, **look)).problems
    assert any(p.startswith("Spend!B4 (Organisational running costs (ORC)): its look was "
                            "changed") and words in p for p in problems), problems


def test_the_same_look_spelt_otherwise_is_no_difference(signed, tmp_path):
    # black as an RGB colour with alpha, size written out, bold off written out
    out = _restyled(signed, tmp_path, font=b'<font><b val="false"/><sz val="11"/>'
                    b'<color rgb="FF000000"/><name val="Calibri"/></font>')
    assert verify_workbook(out).ok, verify_workbook(out).problems


def test_a_theme_edited_to_turn_the_text_white_is_reported(signed, tmp_path):
    import re
    out = tmp_path / "theme.xlsx"
    rewrite_zip(signed, out, lambda n, d: re.sub(
        rb'(<a:dk1>\s*<a:sysClr val="windowText" lastClr=")000000', rb"\g<1>FFFFFF", d)
        if n == "xl/theme/theme1.xml" else d)
    problems = verify_workbook(out).problems
    assert any("font colour 000000 → FFFFFF" in p for p in problems), problems


@pytest.mark.parametrize("cell, words", [
    (b'<c r="B4" s="8" t="d"><v>251400000</v></c>', "held as a date"),
    (b'<c r="A4" t="e"><v>#N/A</v></c>', "held as an error value"),
])
def test_a_value_held_as_another_kind_is_reported(signed, tmp_path, cell, words):
    import re
    out = tmp_path / "kind.xlsx"
    ref = cell.split(b'"')[1]
    rewrite_zip(signed, out, lambda n, d: re.sub(rb'<c r="' + ref + rb'"[^>]*>.*?</c>', cell, d,
                                                 count=1) if n == SPEND else d)
    assert any(words in p for p in verify_workbook(out).problems)


def test_comments_linked_to_a_sheet_are_reported_without_any_markup_naming_them(signed,
                                                                              tmp_path):
    import zipfile
    out = tmp_path / "comments.xlsx"
    rewrite_zip(signed, out, lambda n, d: d)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/worksheets/_rels/sheet4.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                   '.org/officeDocument/2006/relationships/comments" Target="../c1.xml"/>'
                   "</Relationships>")
        z.writestr("xl/c1.xml", "<comments/>")
    assert any("sheet 'Spend' has comments or notes" in p for p in verify_workbook(out).problems)


@pytest.mark.parametrize("change, words", [
    (lambda d: d.replace(b'defaultRowHeight="15"', b'defaultRowHeight="0.2"'), "hides every row"),
    (_row4(b'ht="0.4"'), "hides rows 4"),
    (lambda d: d.replace(b'<sheetFormatPr ', b'<sheetFormatPr defaultColWidth="0.3" '),
     "hides columns without a width of their own"),
])
def test_rows_and_columns_made_too_small_to_read_are_reported(signed, tmp_path, change, words):
    out = tmp_path / "small.xlsx"
    rewrite_zip(signed, out, lambda n, d: change(d) if n == SPEND else d)
    assert any(words in p for p in verify_workbook(out).problems), verify_workbook(out).problems


def test_styles_and_theme_read_once_per_content_never_stand_in_for_edited_ones(signed, tmp_path):
    """Verify remembers the styles and theme of returns it has read (by their bytes'
    SHA-256): a genuine return first, then copies with an edited theme and edited
    styles whose zip CRCs claim the genuine bytes, in one process, are still caught."""
    import re
    import zipfile
    from forms.workbook import strict
    strict._READ_ONCE.clear()
    assert verify_workbook(signed).ok
    assert {k[0] for k in strict._READ_ONCE} == {"theme", "styles"}
    crc = {i.filename: i.CRC for i in zipfile.ZipFile(signed).infolist()}
    theme = tmp_path / "theme.xlsx"
    rewrite_zip(signed, theme, lambda n, d: re.sub(
        rb'(<a:dk1>\s*<a:sysClr val="windowText" lastClr=")000000', rb"\g<1>FFFFFF", d)
        if n == "xl/theme/theme1.xml" else d)
    styles = _restyled(signed, tmp_path, font=b'<font><color rgb="FFFFFFFF"/><sz val="11"/>'
                       b'<name val="Calibri"/></font>')      # Spend!B4 in white
    for path in (theme, styles):
        # The sender writes the zip's CRCs: here the genuine parts' (zipfile then refuses
        # the file on reading the part in full, before any remembered reading could be used).
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
        for i in infos:
            if i.filename in ("xl/theme/theme1.xml", "xl/styles.xml"):
                at = data.find(i.orig_filename.encode(), 0)   # local header's name
                head = at - 30
                data[head + 14:head + 18] = crc[i.filename].to_bytes(4, "little")
        forged = tmp_path / ("crc-" + path.name)
        forged.write_bytes(bytes(data))
        for p in (path, forged):
            r = verify_workbook(p)
            assert not r.ok, (p.name, r.problems)
