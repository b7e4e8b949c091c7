"""The .xlsx package read strictly: one reading, the one Excel and LibreOffice make.

openpyxl is lenient by design; a verifier must not be. This module opens the
zip and the parts a reader is shown through (content types, relationships,
workbook, styles, shared strings) with no DTD or entity allowed, and refuses anything two
programs could read two ways: duplicate or case-twin zip entries, bytes before
or between the zip's entries, a part reached through a relationship whose
target matches no entry, markup-compatibility blocks around content, two
shared strings in one item. Part names are resolved as Excel and LibreOffice
resolve them: relative to the source part, %-decoded and without regard to
letter case (OPC part names are case-insensitive).

It also refuses active and foreign content by what the package declares
(content types and relationship types, not a byte search): macros, external
links, data connections and web queries, OLE objects, ActiveX controls and
custom XML. Sheets are read by forms.workbook.sheet_xml.
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from forms.schema.errors import NotAReturn
from forms.workbook.guard import MAX_SHEETS, inspect_package

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# Active and foreign content, by the words of the package's own declarations:
# relationship types (their last segment), content types and part names.
_FOREIGN = (
    (("vbaproject", "macroenabled", "macrosheet", "dialogsheet"),
     "macros (a VBA project or macro sheet)"),
    (("externallink",), "links to other workbooks (external links)"),
    (("connections", "querytable", "datamashup"),
     "data connections (database or web queries that refresh themselves)"),
    (("oleobject", "embeddings/", "rel:package"), "embedded OLE objects"),
    (("activex", "rel:control", "ctrlprop"), "ActiveX controls"),
    (("customxml",), "custom XML parts"),
    (("pivotcache", "pivottable", "slicer", "timeline"), "pivot tables or slicers"),
    (("attachedtemplate",), "a link to a template"),
)
# Relationship types the exporter writes, or a re-save by Excel or LibreOffice
# adds without changing anything shown. Anything else is reported by name.
_PLAIN_RELS = {"officeDocument", "core-properties", "extended-properties", "custom-properties",
               "thumbnail", "worksheet", "styles", "sharedStrings", "theme", "calcChain",
               "printerSettings", "hyperlink", "drawing", "vmlDrawing", "comments",
               "image", "table", "threadedComment", "person",
               "chart", "chartStyle", "chartColorStyle",   # a chart, and Excel's styles of it
               "classificationlabels"}     # sensitivity labels (OFFICIAL...): metadata only


class Ambiguous(NotAReturn):
    """The package can be read two ways, or holds what no export does: exit 1."""


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


class XmlDeclaration(ValueError):
    """A part declares a DTD or entities: never in a spreadsheet, the stuff of XML bombs."""


class _NoDeclarations:
    """A part's bytes as the parser reads them, refused at the first DOCTYPE or ENTITY.

    The parser is told every part is UTF-8, whatever its XML declaration says, so
    these ASCII bytes are the only spelling a declaration can have: a part in
    another encoding fails to parse instead. Without a DOCTYPE no entity can be
    declared, expanded or fetched; expat refuses any other entity reference."""

    _KEEP = 8       # len("<!DOCTYPE") - 1: a declaration split across two reads is still seen

    def __init__(self, stream):
        self._stream = stream
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        seen = self._tail + chunk
        if b"<!" in seen and (b"<!DOCTYPE" in seen or b"<!ENTITY" in seen):
            raise XmlDeclaration("DTD or entity declaration")
        self._tail = seen[-self._KEEP:]
        return chunk


def xml_events(stream, name: str, events=("start", "end")):
    """iterparse over a part's stream, DTDs and entities refused.

    The standard library's C parser behind the byte-level refusal above, not
    defusedxml's pure-Python one: the same refusals, and a return verifies about
    13 % sooner, most of its time being these parts' elements (defusedxml still
    guards openpyxl: forms.workbook.guard)."""
    from xml.etree.ElementTree import XMLParser, iterparse
    return iterparse(_NoDeclarations(stream), events=events, parser=XMLParser(encoding="utf-8"))


def _bad_xml(file: str, part: str, e: BaseException) -> NotAReturn:
    if isinstance(e, XmlDeclaration):
        return NotAReturn(f"{file} cannot be read: it contains XML entity or DTD "
                          f"declarations (an XML bomb?) in {part}; refused.")
    return NotAReturn(f"{file} cannot be read: it is damaged (part {part} is not valid "
                      "spreadsheet XML). Ask the sender for a fresh copy.")


def _check_layout(file: str, path: Path, z: zipfile.ZipFile) -> None:
    """Every byte of the file belongs to one entry, in order, from offset 0.

    Data before the first entry, between entries or a second zip inside
    would be read by one program and not another."""
    infos = sorted(z.infolist(), key=lambda i: i.header_offset)
    seen: dict[str, str] = {}
    for i in infos:
        folded = i.filename.casefold()
        if folded in seen:
            same = seen[folded] == i.filename
            raise Ambiguous(f"{file} holds the part {i.filename} twice"
                            + ("" if same else f" (as {seen[folded]} and {i.filename}, names "
                               "that differ only in letter case)")
                            + ": programs would read different ones.")
        seen[folded] = i.filename
        if "\\" in i.filename or i.filename.startswith("/") or "\x00" in i.filename:
            raise Ambiguous(f"{file} holds a part with an unusual name ({i.filename!r}).")
    with open(path, "rb") as f:
        pos = 0
        for i in infos:
            if i.header_offset != pos:
                _intact(file, z)
                raise Ambiguous(f"{file} has {abs(i.header_offset - pos):,} bytes of other data "
                                f"{'before its first part' if pos == 0 else 'between its parts'}"
                                ": not the workbook as exported.")
            f.seek(i.header_offset)
            head = f.read(30)
            n, m = struct.unpack("<HH", head[26:30]) if len(head) == 30 else (0, 0)
            if head[:4] != b"PK\x03\x04" or f.read(n) != i.orig_filename.encode(
                    "utf-8" if i.flag_bits & 0x800 else "cp437", "replace"):
                raise NotAReturn(f"{file} is damaged (part {i.filename} is not where the zip "
                                 "index says). Ask the sender for a fresh copy.")
            pos += 30 + n + m + i.compress_size
            if i.flag_bits & 0x08:          # a data descriptor follows, signature optional
                f.seek(pos)
                sig = f.read(4)
                pos += (16 if sig == b"PK\x07\x08" else 12) + (8 if i.file_size > 0xFFFFFFFF else 0)
        if z.start_dir != pos:
            _intact(file, z)
            raise Ambiguous(f"{file} has {abs(z.start_dir - pos):,} bytes of other data after "
                            "its last part: not the workbook as exported.")


def _intact(file: str, z: zipfile.ZipFile) -> None:
    """Extra bytes in a zip whose parts are damaged are damage, not a second reading."""
    try:
        bad = z.testzip()
    except Exception:      # zlib errors, truncated members: damaged
        bad = "?"
    if bad is not None:
        raise NotAReturn(f"{file} is damaged (its contents cannot be unpacked). Ask the sender "
                         "for a fresh copy.")


@lru_cache(maxsize=4096)     # the same content types and part names in every return
def foreign_kind(text: str) -> str | None:
    low = text.casefold()
    for words, what in _FOREIGN:
        if any(w in low for w in words):
            return what
    return None


class Package:
    """The zip's entries by case-insensitive part name, with relationships resolved."""

    def __init__(self, path: str | Path, data: bytes | None = None):
        """``data``: a workbook this program just wrote in memory (the exporter's probe),
        read with the same rules but without the file checks.

        openpyxl is not asked whether it parses through defusedxml here: this
        package is parsed by xml_events alone, and verifying must not load
        openpyxl (0.1 s per process). GuardedWorkbook, which hands files to
        openpyxl, asks."""
        self.path = Path(path)
        self.name = self.path.name
        if data is None:
            inspect_package(self.path)
        try:
            self.zip = zipfile.ZipFile(self.path if data is None else io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise NotAReturn(f"{self.name} is damaged or truncated (not a complete .xlsx). "
                             "Ask the sender for a fresh copy.") from None
        try:
            if data is None:
                _check_layout(self.name, self.path, self.zip)
            self._parts = {i.filename.casefold(): i.filename for i in self.zip.infolist()}
            self._types()
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    # --- parts -------------------------------------------------------------------

    def member(self, part: str) -> str | None:
        """The zip entry for a part name ("/xl/Worksheets/Sheet1.xml"), any case."""
        return self._parts.get(unquote(part.lstrip("/")).casefold())

    def parse(self, part: str, events=("start", "end")):
        """(event, element) pairs of a part, streamed from the zip (a 90 MB sheet is never
        held whole), with its XML and unpacking errors in the file's words."""
        entry = self.member(part)
        if entry is None:
            raise Ambiguous(f"{self.name}: the part {part} it refers to is not in the file.")
        try:
            with self.zip.open(entry) as stream:
                yield from xml_events(stream, part, events)     # delegated: no step per event
        except NotAReturn:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                zlib.error):
            raise NotAReturn(f"{self.name} is damaged (its part {entry} cannot be unpacked). "
                             "Ask the sender for a fresh copy.") from None
        except Exception as e:     # expat errors, declarations refused
            raise _bad_xml(self.name, part, e) from None

    def tree(self, part: str, limit: int):
        """A part parsed whole (its root element) when it unpacks to at most ``limit``
        bytes and parses cleanly; otherwise None, and the caller streams it with
        ``parse``, which says what is wrong in the file's words."""
        from xml.etree.ElementTree import XMLParser
        entry = self.member(part)
        if entry is None:
            return None
        try:
            with self.zip.open(entry) as stream:
                data = stream.read(limit + 1)     # never more: the sizes are the sender's
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                zlib.error):
            return None
        if len(data) > limit or (b"<!" in data and (b"<!DOCTYPE" in data
                                                    or b"<!ENTITY" in data)):
            return None
        parser = XMLParser(encoding="utf-8")
        try:
            parser.feed(data)
            return parser.close()
        except Exception:   # noqa: BLE001 - any parse error: the stream reports it
            return None

    def digest(self, part: str) -> str:
        """SHA-256 of a part's unpacked bytes (never the zip's own CRC: the sender writes it)."""
        import hashlib
        entry = self.member(part)
        if entry is None:
            raise Ambiguous(f"{self.name}: the part {part} it refers to is not in the file.")
        h = hashlib.sha256()
        try:
            with self.zip.open(entry) as stream:
                for chunk in iter(lambda: stream.read(1 << 16), b""):
                    h.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                zlib.error):
            raise NotAReturn(f"{self.name} is damaged (its part {entry} cannot be unpacked). "
                             "Ask the sender for a fresh copy.") from None
        return h.hexdigest()

    def _types(self) -> None:
        if self.member("[Content_Types].xml") is None:
            raise NotAReturn(f"{self.name} is not an Excel workbook (it has no content types); "
                             "open a signed return (.xlsx).")
        self.types: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for ev, el in self.parse("[Content_Types].xml", ("end",)):
            tag = local(el.tag)
            if tag in ("Override", "Default"):
                table = self.types if tag == "Override" else defaults
                key = (unquote(el.get("PartName", "")).lstrip("/") if tag == "Override"
                       else el.get("Extension", "")).casefold()
                if key in table:
                    raise Ambiguous(f"{self.name} declares the content type of {key or 'a part'}"
                                    " twice: programs would read different ones.")
                table[key] = el.get("ContentType", "")
        for folded in self._parts:
            if folded not in self.types and not folded.endswith("/"):
                ext = folded.rpartition(".")[2]
                self.types[folded] = defaults.get(ext, "")
        for part, ctype in list(self.types.items()) + [(p, "") for p in self._parts]:
            what = foreign_kind(ctype) or foreign_kind("/" + part)
            if what:
                raise NotAReturn(f"{self.name} contains {what} ({self._parts.get(part, part)}); "
                                 "a signed return never does. Refused: ask the sender for "
                                 "the .xlsx file the program exported.")

    def content_type(self, part: str) -> str:
        return self.types.get(unquote(part.lstrip("/")).casefold(), "")

    def rels(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, resolved part name or external target) of a part.

        External targets are refused except for hyperlinks (reported by the
        sheet reader); foreign relationship types are refused by name."""
        folder, _, base = source.lstrip("/").rpartition("/")
        rels_part = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        out: dict[str, tuple[str, str]] = {}
        if self.member(rels_part) is None:
            return out
        for ev, el in self.parse(rels_part, ("end",)):
            if local(el.tag) != "Relationship":
                continue
            rid, rtype, target = el.get("Id", ""), el.get("Type", ""), el.get("Target", "")
            rel_kind = rtype.rpartition("/")[2]
            what = foreign_kind("rel:" + rel_kind)
            if what:
                raise NotAReturn(f"{self.name} contains {what} (a relationship from {source}); "
                                 "a signed return never does. Refused: ask the sender for the "
                                 ".xlsx file the program exported.")
            if rid in out:
                raise Ambiguous(f"{self.name}: {rels_part} names relationship {rid} twice.")
            if el.get("TargetMode", "Internal") == "External":
                if rel_kind != "hyperlink":
                    raise NotAReturn(f"{self.name} links to an outside file or address "
                                     f"({rel_kind}: {target[:80]}); a signed return never does. "
                                     "Refused.")
                out[rid] = (rel_kind, target)
                continue
            if rel_kind not in _PLAIN_RELS:
                raise Ambiguous(f"{self.name} holds content the program never writes "
                                f"({rel_kind}, {target[:80]}).")
            resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                          else posixpath.join(folder, target))
            out[rid] = (rel_kind, unquote(resolved))
        return out

    def main_part(self) -> str:
        docs = [t for k, t in self.rels("") .values() if k == "officeDocument"]
        if len(docs) != 1:
            raise NotAReturn(f"{self.name} is not an Excel workbook (it names "
                             f"{len(docs)} main documents).")
        part = docs[0]
        ctype = self.content_type(part)
        if self.member(part) is None or ctype != MAIN_TYPE:
            if "spreadsheetml" in ctype or self.member(part) is None:
                what = ctype or "no main workbook part"
                raise NotAReturn(f"{self.name} is not a plain .xlsx workbook ({what}); open the "
                                 "signed return (.xlsx).")
            raise NotAReturn(f"{self.name} is not an Excel workbook (a Word or other Office "
                             "file?). Open a signed return (.xlsx).")
        return part


def too_many_sheets(name: str, n: int) -> None:
    if n > MAX_SHEETS:
        raise NotAReturn(f"{name} has {n} sheets: not a return.")
