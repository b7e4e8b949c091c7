"""Verify parses with the C parser behind a byte-level refusal of DTDs and entities.

A hostile sender who knows the code tries every way past it: a declaration
split across two reads, hidden behind a long comment, an external entity,
another encoding declared so that the bytes "<!DOCTYPE" never appear, an
entity used with no declaration. Each is refused; a UTF-8 byte-order mark,
which some writers add, is not.
"""
import io

import pytest

from forms.workbook.package import XmlDeclaration, _NoDeclarations, xml_events
from forms.workbook.verify import verify_workbook
from workbook_fixtures import (_signed_sample_master, rewrite_zip,  # noqa: F401
                               signature_sheet_member, signed)

DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


class Trickle(io.RawIOBase):
    """A stream that hands over at most ``n`` bytes a read, whatever is asked."""

    def __init__(self, data: bytes, n: int):
        self.data, self.n = data, n

    def read(self, size=-1):
        out, self.data = self.data[:self.n], self.data[self.n:]
        return out


@pytest.mark.parametrize("n", [1, 2, 5, 8, 9, 16384])
def test_a_declaration_split_across_reads_is_still_seen(n):
    doc = DECL + b"<!-- " + b"x" * 16370 + b' --><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'
    stream = _NoDeclarations(Trickle(doc, n))
    with pytest.raises(XmlDeclaration):
        while stream.read(n):
            pass


def test_plain_xml_passes_through_unchanged():
    doc = DECL + b"<a><!-- a comment --><![CDATA[<b>]]><c x='1'/></a>"
    events = [(ev, el.tag) for ev, el in xml_events(io.BytesIO(doc), "part")]
    assert events == [("start", "a"), ("start", "c"), ("end", "c"), ("end", "a")]


def _edit_sheet(signed, tmp_path, change):
    member = signature_sheet_member(signed)
    return rewrite_zip(signed, tmp_path / "edited.xlsx",
                       lambda name, data: change(data) if name == member else data)


def _after_declaration(data: bytes, insert: bytes) -> bytes:
    head, sep, body = data.partition(b"?>")
    return head + sep + insert + body


@pytest.mark.parametrize("insert", [
    b"<!DOCTYPE worksheet>",                                          # no entities at all
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>',
    b'<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',              # an external DTD
    b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "http://example.invalid/x">]>',
    b"<!-- " + b"padding " * 4096 + b"-->" + b"<!DOCTYPE worksheet>",  # past the first read
], ids=["doctype", "entity", "external-dtd", "external-entity", "after-padding"])
def test_a_dtd_anywhere_in_a_part_is_refused_as_an_xml_bomb(signed, tmp_path, insert):
    path = _edit_sheet(signed, tmp_path, lambda d: _after_declaration(d, insert))
    r = verify_workbook(path)
    assert not r.ok and not r.readable
    assert "XML entity or DTD declarations" in r.problems[0], r.problems


def test_another_encoding_cannot_hide_a_declaration(signed, tmp_path):
    """Declared UTF-16, the bytes never spell <!DOCTYPE; parsed as UTF-8 they are no XML."""
    def utf16(data):
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        text = _after_declaration(text.encode(), b'<!DOCTYPE worksheet [<!ENTITY e "x">]>')
        return b"\xff\xfe" + text.decode().encode("utf-16-le")
    r = verify_workbook(_edit_sheet(signed, tmp_path, utf16))
    assert not r.ok and not r.readable
    assert "damaged" in r.problems[0] or "DTD" in r.problems[0], r.problems


def test_an_entity_used_without_a_declaration_is_damage(signed, tmp_path):
    r = verify_workbook(_edit_sheet(signed, tmp_path,
                                    lambda d: d.replace(b"<t>", b"<t>&lol9;", 1)))
    assert not r.ok and "damaged" in r.problems[0], r.problems


def test_a_utf8_byte_order_mark_still_verifies(signed, tmp_path):
    r = verify_workbook(_edit_sheet(signed, tmp_path, lambda d: b"\xef\xbb\xbf" + d))
    assert r.ok, r.problems
