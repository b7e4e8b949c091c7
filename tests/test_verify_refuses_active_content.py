"""Issue 9 §3: active and foreign content is named and refused.

Decided from what the package declares (content types and relationships),
never from a byte search: each file is a genuine export with one thing added
to its XML, under names chosen not to give it away.
"""
import zipfile

import pytest

from forms.cli.main import main
from forms.workbook.verify import verify_workbook
from workbook_fixtures import _signed_sample_master, rewrite_zip, signed  # noqa: F401

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
SPEND = "xl/worksheets/sheet4.xml"


def with_part(signed, tmp_path, *, source_rels: str, rel_type: str, target: str,
              member: str | None, content_type: str | None, data: bytes = b"<x/>",
              external: bool = False, sheet_edit=None):
    out = tmp_path / "active.xlsx"
    mode = b' TargetMode="External"' if external else b""

    def change(n, d):
        if n == source_rels:
            return d.replace(b"</Relationships>", b'<Relationship Type="' + rel_type.encode() +
                             b'" Target="' + target.encode() + b'" Id="rId77"' + mode +
                             b" /></Relationships>")
        if n == "[Content_Types].xml" and member and content_type:
            return d.replace(b"</Types>", b'<Override PartName="/' + member.encode() +
                             b'" ContentType="' + content_type.encode() + b'" /></Types>')
        if n == SPEND and sheet_edit:
            return sheet_edit(d)
        return d
    rewrite_zip(signed, out, change)
    names = zipfile.ZipFile(out).namelist()
    with zipfile.ZipFile(out, "a") as z:
        if member and member not in names:
            z.writestr(member, data)
        if source_rels not in names:
            z.writestr(source_rels, '<Relationships xmlns="http://schemas.openxmlformats.org/'
                       f'package/2006/relationships"><Relationship Type="{rel_type}" '
                       f'Target="{target}" Id="rId77"{mode.decode()} /></Relationships>')
    return out


def refused(path, words):
    r = verify_workbook(path)
    assert not r.ok, r.problems
    assert words in "; ".join(r.problems), r.problems
    assert len(r.problems) == 1 and "\n" not in r.problems[0]
    assert main(["verify", str(path)]) in (1, 2)


WB_RELS = "xl/_rels/workbook.xml.rels"
SHEET_RELS = "xl/worksheets/_rels/sheet4.xml.rels"


@pytest.mark.parametrize("kw, words", [
    # a VBA project under an innocent name: found by its relationship and content type
    (dict(source_rels=WB_RELS, rel_type="http://schemas.microsoft.com/office/2006/relationships/"
          "vbaProject", target="data.bin", member="xl/data.bin",
          content_type="application/vnd.ms-office.vbaProject"), "macros"),
    (dict(source_rels=WB_RELS, rel_type=REL + "externalLink", target="links/l1.xml",
          member="xl/links/l1.xml", content_type="application/vnd.openxmlformats-officedocument."
          "spreadsheetml.externalLink+xml"), "external links"),
    (dict(source_rels=WB_RELS, rel_type=REL + "connections", target="conn.xml",
          member="xl/conn.xml", content_type="application/vnd.openxmlformats-officedocument."
          "spreadsheetml.connections+xml",
          data=b'<connections><connection id="1" refreshOnLoad="1"><webPr url="http://x/"/>'
               b"</connection></connections>"), "data connections"),
    (dict(source_rels=SHEET_RELS, rel_type=REL + "queryTable", target="../q/q1.xml",
          member="xl/q/q1.xml", content_type="application/vnd.openxmlformats-officedocument."
          "spreadsheetml.queryTable+xml"), "data connections"),
    (dict(source_rels=SHEET_RELS, rel_type=REL + "oleObject", target="../obj/o1.bin",
          member="xl/obj/o1.bin", content_type="application/vnd.openxmlformats-officedocument."
          "oleObject"), "embedded OLE objects"),
    (dict(source_rels=SHEET_RELS, rel_type=REL + "control", target="../x/c1.xml",
          member="xl/x/c1.xml", content_type="application/vnd.ms-office.activeX+xml"),
     "ActiveX controls"),
    (dict(source_rels=WB_RELS, rel_type=REL + "customXml", target="../extra/item1.xml",
          member="extra/item1.xml", content_type=None), "custom XML"),
    (dict(source_rels=WB_RELS, rel_type=REL + "attachedTemplate",
          target="file:///C:/t.xltm", member=None, content_type=None, external=True), "template"),
    (dict(source_rels=SHEET_RELS, rel_type=REL + "image", target="http://x.example/a.png",
          member=None, content_type=None, external=True), "outside file or address"),
])
def test_active_or_foreign_content_is_named_and_refused(signed, tmp_path, kw, words):
    refused(with_part(signed, tmp_path, **kw), words)


@pytest.mark.parametrize("markup, words", [
    (b'<oleObjects><oleObject progId="Package" shapeId="1025"/></oleObjects>',
     "embedded OLE objects"),
    (b'<controls><control shapeId="1025" name="Btn"/></controls>', "ActiveX controls"),
])
def test_objects_in_the_sheet_markup_are_refused(signed, tmp_path, markup, words):
    out = tmp_path / "object.xlsx"
    rewrite_zip(signed, out, lambda n, d: d.replace(b"<pageMargins", markup + b"<pageMargins")
                if n == SPEND else d)
    refused(out, words)


def test_custom_xml_parts_are_refused_even_unreferenced(signed, tmp_path):
    out = tmp_path / "cx.xlsx"
    rewrite_zip(signed, out, lambda n, d: d)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("customXml/item1.xml", "<root/>")
    refused(out, "custom XML")
