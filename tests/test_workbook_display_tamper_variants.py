"""Conditional formatting that LibreOffice applies (checked by re-saving each
variant with soffice: the rule survives), however its markup is spelled or encoded."""
import base64
import os

from openpyxl import load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat

from forms.workbook.verify import verify_workbook
from workbook_fixtures import (_signed_sample_master, rewrite_zip, signed)  # noqa: F401

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_rule(signed, tmp_path):
    wb = load_workbook(signed)
    rule = CellIsRule(operator="greaterThan", formula=["0"])
    rule.dxf = DifferentialStyle(numFmt=NumberFormat(numFmtId=200, formatCode='"999,000,000"'))
    wb["Spend"].conditional_formatting.add("B4", rule)
    out = tmp_path / "cf.xlsx"
    wb.save(out)
    ro = load_workbook(out, read_only=True)
    member = ro["Spend"]._worksheet_path
    ro.close()
    return out, member


def _prefixed(data: bytes, prefix: bytes) -> bytes:
    for tag in (b"conditionalFormatting", b"cfRule", b"formula"):
        data = data.replace(b"<" + tag + b">", b"<" + tag + b" >")
        data = data.replace(b"<" + tag + b" ", b"<" + prefix + b":" + tag + b" ", 1)
        data = data.replace(b"</" + tag + b">", b"</" + prefix + b":" + tag + b">", 1)
    return data.replace(b"<" + prefix + b":conditionalFormatting ",
                        b"<" + prefix + b":conditionalFormatting xmlns:" + prefix + b'="' +
                        MAIN + b'" ', 1)


def _variant(signed, tmp_path, change):
    src, member = _with_rule(signed, tmp_path)
    out = rewrite_zip(src, tmp_path / "variant.xlsx",
                      lambda name, data: change(data) if name == member else data)
    assert load_workbook(out)["Spend"].conditional_formatting      # the rule is really there
    return verify_workbook(out)


def test_a_non_ascii_namespace_prefix_is_still_conditional_formatting(signed, tmp_path):
    r = _variant(signed, tmp_path, lambda d: _prefixed(d, "é".encode()))
    assert not r.ok


def test_a_sheet_part_encoded_as_utf16_is_still_conditional_formatting(signed, tmp_path):
    def utf16(data):
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return ('<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
                + body.decode("utf-8")).encode("utf-16")
    r = _variant(signed, tmp_path, utf16)
    assert not r.ok


def test_a_long_prefix_across_the_1_mib_chunk_boundary_is_still_seen(signed, tmp_path):
    prefix = b"p" * 80          # the start tag is 104 bytes: longer than the 64-byte overlap

    def straddle(data):
        data = _prefixed(data, prefix)
        at = data.index(b"<" + prefix + b":conditionalFormatting")
        # An incompressible comment (the zip-ratio guard refuses padding that compresses)
        # puts the tag's "<" 70 bytes before the 1 MiB mark.
        n = (1 << 20) - 70 - at - len(b"<!---->")
        filler = base64.b64encode(os.urandom(n))[:n].replace(b"-", b"a")
        return data[:at] + b"<!--" + filler + b"-->" + data[at:]
    r = _variant(signed, tmp_path, straddle)
    assert not r.ok
