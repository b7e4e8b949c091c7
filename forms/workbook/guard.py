"""Every read of a workbook goes through here: hostile files are refused, never parsed blind.

Before any XML is parsed, a file's zip structure is checked: member count,
declared sizes and compression ratios (zip bombs), encryption, and that it
is an Excel workbook at all (forms.workbook.package does the rest). openpyxl must be parsing with defusedxml
(entity bombs, external entities): the guard refuses to read otherwise. All
limits are sizes, so nothing can hang: zipfile never inflates a member past
its declared size (the CRC check fails first), and cells are read only
within a bounded range.
"""
from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

from forms.schema.errors import NotAReturn, UserError
from forms.workbook.openpyxl_door import open_sheet_xml

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 96 * 1024 * 1024        # one inflated part (a sheet, shared strings)
MAX_TOTAL_BYTES = 192 * 1024 * 1024        # all parts inflated
MAX_RATIO = 100                            # inflated / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHEETS = 255
MAX_CELL_TEXT = 32767
MAX_ROWS, MAX_COLS = 1_048_576, 16_384     # Excel's own grid

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Markup that changes what a cell shows without changing what it holds: a
# conditional format (any prefix, x14: in extLst too) or zeros shown as blanks.
_DISPLAY_WORDS = (b"conditionalFormatting", b"showZeros")
_OVERLAP = max(len(w) for w in _DISPLAY_WORDS) - 1
_CHUNK = 1 << 20


class UnsafeXmlParser(UserError):
    """openpyxl is not using defusedxml: this installation must not read workbooks."""


def assert_defused() -> None:
    """Refuse to read workbooks unless openpyxl parses XML through defusedxml."""
    import openpyxl
    from openpyxl.xml import functions as xf
    iter_ok = getattr(xf.iterparse, "__module__", "").startswith("defusedxml")
    # With lxml, openpyxl parses parts with resolve_entities=False: also safe.
    from_ok = getattr(xf.fromstring, "__module__", "").startswith("defusedxml") or openpyxl.LXML
    ok = openpyxl.DEFUSEDXML is True and iter_ok and from_ok
    if not ok:
        raise UnsafeXmlParser("This installation cannot read workbooks safely (defusedxml is "
                              "missing or switched off by OPENPYXL_DEFUSEDXML). Reinstall "
                              "Back Office Return.")


def inspect_package(path: str | os.PathLike) -> None:
    """Raise NotAReturn with a one-line reason unless ``path`` is a plain, sane .xlsx."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise NotAReturn(f"{p} is a folder, not a workbook.")
        with open(p, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise NotAReturn(f"{p} does not exist.") from None
    except OSError as e:
        raise NotAReturn(f"Cannot read {p}: {e.strerror or e}.") from None
    if size == 0:
        raise NotAReturn(f"{name} is empty (0 bytes): not a workbook.")
    if size > MAX_FILE_BYTES:
        raise NotAReturn(f"{name} is {size // (1024 * 1024)} MB: far larger than any return; "
                         "refused.")
    if head == OLE2_MAGIC:
        raise NotAReturn(f"{name} is password-protected or an old .xls workbook. Open it in "
                         "Excel, remove the password and save it as .xlsx.")
    if head[:4] != ZIP_MAGIC:
        raise NotAReturn(f"{name} is not an .xlsx workbook: a signed return is the .xlsx "
                         "file that Back Office Return exported.")
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
            _check_members(name, infos)
            names = {i.filename for i in infos}
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except zipfile.BadZipFile:
        raise NotAReturn(f"{name} is damaged or truncated (not a complete .xlsx). "
                         "Ask the sender for a fresh copy.") from None
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        # zlib errors, unsupported compression, CRC failures: a damaged package
        raise NotAReturn(f"{name} is damaged (its contents cannot be unpacked). "
                         "Ask the sender for a fresh copy.") from None
    # Macros and other active content are found by forms.workbook.package, from
    # the content types and relationships the package declares.
    if "mimetype" in names and b"spreadsheetml" not in types:
        raise NotAReturn(f"{name} is an OpenDocument file, not an .xlsx workbook. "
                         "Save it as .xlsx first.")
    if any(n.endswith(".bin") and n.startswith("xl/workbook") for n in names):
        raise NotAReturn(f"{name} is a binary workbook (.xlsb); save it as .xlsx first.")
    if b"spreadsheetml" not in types:
        raise NotAReturn(f"{name} is not an Excel workbook (a Word or other Office file?). "
                         "Open a signed return (.xlsx).")


def _check_members(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise NotAReturn(f"{name} holds {len(infos)} parts: not a genuine return; refused.")
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise NotAReturn(f"{name} is encrypted; remove the password and save it as .xlsx.")
        if i.file_size > MAX_MEMBER_BYTES:
            raise NotAReturn(f"{name}: part {i.filename} unpacks to {i.file_size:,} bytes, "
                             "more than any return needs; refused (a zip bomb?).")
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(1, i.compress_size):
            raise NotAReturn(f"{name}: part {i.filename} is compressed {i.file_size // max(1, i.compress_size)}"
                             " to 1, a sign of a zip bomb; refused.")
        total += i.file_size
    if total > MAX_TOTAL_BYTES:
        raise NotAReturn(f"{name} unpacks to {total:,} bytes, more than any return needs; "
                         "refused (a zip bomb?).")


def _reason(e: BaseException) -> str:
    from defusedxml import DefusedXmlException
    seen = 0
    cause: BaseException | None = e
    while cause is not None and seen < 10:   # openpyxl wraps the parser's error
        if isinstance(cause, DefusedXmlException):
            return "it contains XML entity or DTD declarations (an XML bomb?); refused"
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return "it is damaged (a part of it is not valid spreadsheet XML). Ask the sender " \
           "for a fresh copy"


def _parse_display_changes(part) -> list[str]:
    from defusedxml.ElementTree import iterparse
    found: list[str] = []
    for _event, el in iterparse(part, events=("start",)):
        name = el.tag.rpartition("}")[2]
        if name == "conditionalFormatting" and "conditional formatting" not in found:
            found.append("conditional formatting")
        elif name == "sheetView" and el.get("showZeros", "1").lower() in ("0", "false") \
                and "zero values shown as blanks" not in found:
            found.append("zero values shown as blanks")
    return found


class GuardedWorkbook:
    """A workbook opened read-only after inspection; every read maps failures to NotAReturn."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.name = self.path.name
        assert_defused()
        from forms.workbook.package import Package
        Package(self.path).close()      # the strict checks: active content, ambiguity
        from openpyxl import load_workbook
        self._wb = None
        self._wb = self._guard(lambda: load_workbook(self.path, read_only=True, data_only=False,
                                                     keep_links=False))
        if len(self._wb.sheetnames) > MAX_SHEETS:
            self.close()
            raise NotAReturn(f"{self.name} has {len(self._wb.sheetnames)} sheets: not a return.")

    def _guard(self, fn):
        try:
            return fn()
        except NotAReturn:
            raise
        except MemoryError:
            raise NotAReturn(f"{self.name} is too large to read; refused.") from None
        except Exception as e:   # openpyxl raises many types on malformed parts
            raise NotAReturn(f"{self.name} cannot be read: {_reason(e)}.") from None

    def __enter__(self) -> "GuardedWorkbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._wb is not None:
            try:
                self._wb.close()
            except Exception:
                pass
            self._wb = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def sheet_state(self, title: str) -> str:
        return self._wb[title].sheet_state

    def defined_names(self) -> dict[str, str]:
        """Workbook-level defined names -> their formula text, e.g. "'Cover'!$B$4"."""
        def read():
            return {n: (d.attr_text or "") for n, d in self._wb.defined_names.items()}
        return self._guard(read)

    def display_changes(self, title: str) -> list[str]:
        """What in the sheet makes a cell show something other than it holds:
        conditional formatting (a rule can paint another number format on a
        cell), or zero values shown as blanks.

        A byte search first (the sheet parts of a large return are megabytes);
        a real parse only when a word is there (markup, or an officer's text
        that mentions it) or the part is not in an ASCII-compatible encoding.
        """
        def read():
            with open_sheet_xml(self._wb, title) as part:
                head = part.read(4)
                plain = head[:1] == b"<" or head[:3] == b"\xef\xbb\xbf"   # not UTF-16/32
                tail, seen = head, False
                while plain and not seen and (chunk := part.read(_CHUNK)):
                    window = tail + chunk
                    seen = any(w in window for w in _DISPLAY_WORDS)
                    tail = window[-_OVERLAP:]
                if plain and not seen:
                    return []
            with open_sheet_xml(self._wb, title) as part:
                return _parse_display_changes(part)
        return self._guard(read)

    def cells(self, title: str, max_row: int,
              max_col: int) -> dict[tuple[int, int], tuple[Any, str, str]]:
        """Non-empty cells of a sheet within A1:(max_row, max_col).

        (row, col) -> (value, data type, number format): the format too, since
        a format like '"999"' shows another figure than the cell holds.

        The bounds keep a hostile sheet (a cell at XFD1048576, sparse
        million-row sheets) from costing more than the range asked for.
        """
        max_row, max_col = min(max_row, MAX_ROWS), min(max_col, MAX_COLS)

        def read():
            ws = self._wb[title]
            ws.reset_dimensions()   # a sheet's declared size may lie
            out: dict[tuple[int, int], tuple[Any, str, str]] = {}
            for row in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col):
                for c in row:
                    v = getattr(c, "value", None)
                    if v is None:
                        continue
                    if isinstance(v, str) and len(v) > MAX_CELL_TEXT:
                        raise NotAReturn(f"{self.name}: sheet '{title}' holds a cell with more "
                                         "text than Excel allows; not a genuine workbook.")
                    out[(c.row, c.column)] = (v, c.data_type, c.number_format)
            return out
        return self._guard(read)
