"""One worksheet part read strictly, in one pass, in memory that does not grow with it.

Every cell is handed to a visitor as it is read (the comparison keeps only
what differs), so a sheet of a million cells costs time, not memory. A cell
or row that could be read two ways is refused (Ambiguous): a second <v> or
<is>, both, two cells with one reference, a row number again or out of
order, a cell outside its row, markup-compatibility blocks in the cell data,
or elements of another namespace there. What the sheet shows besides its
cells (hidden or zero-size rows and columns, merges, hyperlinks, drawings,
comments, validation prompts, filters, outlines, print headers, conditional
formats, zeros shown as blanks) is collected in SheetFacts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from forms.schema.errors import NotAReturn
from forms.workbook.package import NS_MAIN, NS_MC, NS_REL, Ambiguous, local

M = "{" + NS_MAIN + "}"
MC = "{" + NS_MC + "}"
# The tags the scan compares every element with, made once (not per element).
_ALT, _SHEET_DATA, _ROW, _CELL = MC + "AlternateContent", M + "sheetData", M + "row", M + "c"
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})\Z")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
MAX_ROW, MAX_COL = 1_048_576, 16_384
_V, _IS, _F = M + "v", M + "is", M + "f"
_PARENT = {M + "row": M + "sheetData", M + "c": M + "row", M + "v": M + "c",
           M + "is": M + "c", M + "f": M + "c"}
_ACTIVE = {M + "oleObjects": "embedded OLE objects", M + "oleObject": "embedded OLE objects",
           M + "controls": "ActiveX controls", M + "control": "ActiveX controls"}
MAX_CELL_TEXT = 32767
MAX_HEADER = 2000        # a header is at most 255 characters in Excel: the rest is noise
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Sheet-level elements a reader is shown: named in SheetFacts.extras when present.
_SHOWN = {"mergeCell": "merged cells", "hyperlink": "hyperlinks", "drawing": "a drawing "
          "(text boxes, pictures or shapes)", "legacyDrawing": "comments or notes",
          "legacyDrawingHF": "pictures in the print header", "picture": "a background picture",
          "dataValidation": "data-validation prompts", "autoFilter": "a filter",
          "sparklineGroup": "sparklines", "tableParts": "tables", "customSheetView":
          "custom views", "protectedRange": "protected ranges", "cellWatch": "cell watches",
          "ignoredError": None, "webPublishItem": "web publishing", "scenario": "scenarios"}


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_REFS: dict[str, tuple[int, int]] = {}     # references read before: returns share them
_MAX_REFS = 65_536                          # bounded: a hostile sheet cannot grow it


def parse_ref(ref: str, where: str) -> tuple[int, int]:
    known = _REFS.get(ref)
    if known is not None:
        return known
    m = _REF.match(ref)
    if not m:
        raise Ambiguous(f"{where} has a cell reference {ref[:20]!r} that spreadsheet programs "
                        "read differently")
    row, col = int(m.group(2)), col_number(m.group(1))
    if row > MAX_ROW or col > MAX_COL:
        raise Ambiguous(f"{where} has a cell {ref} outside the spreadsheet grid")
    if len(_REFS) < _MAX_REFS:
        _REFS[ref] = (row, col)
    return row, col


def unescape(text: str) -> str:
    """Cell text as Excel shows it: _xHHHH_ stands for that character."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def string_item(el, where: str) -> tuple[str, bool]:
    """(text, rich) of an <si> or <is>: one <t>, or runs of <r><t>; phonetic runs ignored."""
    ts = [c for c in el if c.tag == M + "t"]
    runs = [c for c in el if c.tag == M + "r"]
    # phonetic guides can be shown above the text: treated as text of its own look
    phonetic = any(c.tag == M + "rPh" for c in el)
    if len(ts) > 1 or (ts and runs):
        raise Ambiguous(f"{where} holds two texts in one string")
    if ts:
        return unescape(ts[0].text or ""), phonetic
    parts, rich = [], False
    for r in runs:
        t = [c for c in r if c.tag == M + "t"]
        if len(t) > 1:
            raise Ambiguous(f"{where} holds two texts in one run of a string")
        rich = rich or any(c.tag == M + "rPr" for c in r)
        parts.append(t[0].text or "" if t else "")
    return unescape("".join(parts)), rich or phonetic


class Formula(str):
    """A formula cell's text ("=..."), with its markup's attributes and the value the file
    holds for it (``cached``: None when it holds none, which a spreadsheet recalculates)."""
    attrs: dict
    cached: Any
    cached_kind: str


@dataclass
class SheetFacts:
    """What a sheet shows besides its cells' values and styles."""
    display: list[str] = field(default_factory=list)     # may show another value than held
    extras: dict[str, list[str]] = field(default_factory=dict)   # what -> where
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    col_widths: dict[int, float] = field(default_factory=dict)
    outline: bool = False
    header_footer: list[tuple[str, str]] = field(default_factory=list)   # (part, codes)
    table_parts: list[str] = field(default_factory=list)    # relationship ids, in order
    row_heights: dict[int, float] = field(default_factory=dict)   # rows with a height of their own
    cells: int = 0
    truncated: str = ""          # why reading stopped early (the verdict was already known)

    def add(self, what: str, where: str) -> None:
        self.extras.setdefault(what, [])
        if len(self.extras[what]) < 5:
            self.extras[what].append(where)
        else:
            raise StopScan      # five named are enough: the sheet differs


Visitor = Callable[[int, int, Any, str, int, bool], None]


class StopScan(Exception):
    """Raised by a visitor that has seen enough: the sheet already differs."""


def scan_sheet(events, where: str, strings: list[tuple[str, bool]], n_styles: int,
               visit: Visitor, budget: int | None = None) -> SheetFacts:
    """Read a worksheet's (event, element) stream; ``visit(row, col, value, type, xf, rich)``
    for every cell element. Types: n, s (text), b, e (error), d (date), f (formula).

    ``budget`` bounds the elements read: a sheet with far more markup than the
    signed one differs from it whatever the rest holds, and reading on would
    only cost time (SheetFacts.truncated says so)."""
    facts = SheetFacts()
    try:
        _scan(events, where, strings, n_styles, visit, budget, facts)
    except StopScan:
        facts.truncated = "it differs in too many places to list"
    return facts


def _scan(events, where, strings, n_styles, visit, budget, facts) -> None:
    stack: list = []
    in_data = mc_depth = seen = data_seen = 0
    row_no, last_row, last_col = 0, 0, 0
    for ev, el in events:
        tag = el.tag
        if ev == "start":
            seen += 1
            if budget is not None and seen > budget:
                facts.truncated = (f"it holds far more markup than the signed sheet (over "
                                   f"{budget:,} elements)")
                return
            stack.append(el)
            if in_data and (parent := _PARENT.get(tag)) is not None:
                # The cell markup itself (row, c, v, is, f), most of a sheet's elements:
                # in the data no markup-compatibility block is open (one is refused
                # there), so of the checks below only where it sits applies.
                if stack[-2].tag != parent:
                    raise Ambiguous(f"{where} has a {local(tag)} outside its "
                                    f"{local(parent)}: programs read it differently")
                if tag == _ROW:
                    row_no = _row(el, where, row_no, last_row, facts)
                    last_row, last_col = row_no, 0
                continue
            if tag in _ACTIVE:
                raise NotAReturn(f"{where} holds {_ACTIVE[tag]}; a signed return never does. "
                                 "Refused: ask the sender for the .xlsx file the program "
                                 "exported.")
            if tag == _ALT:
                if in_data:
                    raise Ambiguous(f"{where} wraps cell data in markup-compatibility blocks, "
                                    "which programs read differently")
                mc_depth += 1
            elif mc_depth and tag.startswith(M):
                raise Ambiguous(f"{where} wraps sheet content ({local(tag)}) in a "
                                "markup-compatibility block, which programs read differently")
            elif tag == _SHEET_DATA:
                if data_seen or len(stack) != 2:
                    raise Ambiguous(f"{where} has a second or misplaced <sheetData>: programs "
                                    "read different cells")
                in_data = data_seen = 1
            elif in_data and not tag.startswith(M) and not _inside_ext(stack):
                raise Ambiguous(f"{where} has foreign markup ({local(tag)}) among its cells")
            continue
        stack.pop()
        if in_data:          # (no markup-compatibility block ends in the data: see above)
            if tag == _CELL:
                last_col = _cell(el, where, row_no, last_col, strings, n_styles, visit)
                facts.cells += 1
            elif tag == _ROW:
                stack[-1].remove(el)          # rows are done with: memory stays flat
            elif tag == _SHEET_DATA:
                in_data -= 1
            continue
        if tag == _ALT:
            _same_choices(el, where)
            mc_depth -= 1
        else:
            _sheet_element(el, tag, facts, where)
            if not mc_depth and stack:
                stack[-1].remove(el)      # done with: a million merges cost no memory


def _row(el, where: str, row_no: int, last_row: int, facts: SheetFacts) -> int:
    """A row's number (refused when out of order), and whether it is hidden or sized."""
    r = el.get("r")
    row_no = int(r) if r and r.isdigit() else (row_no + 1 if r is None else -1)
    if not 1 <= row_no <= MAX_ROW:
        raise Ambiguous(f"{where} has a row numbered {str(r)[:20]!r}")
    if row_no <= last_row:
        raise Ambiguous(f"{where} has row {row_no} twice or out of order "
                        f"(after row {last_row}): programs show different ones")
    ht = el.get("ht")
    if el.get("hidden") in ("1", "true") or (ht is not None and _small(ht)):
        facts.hidden_rows.append(row_no)
    elif ht is not None:
        facts.row_heights[row_no] = float(ht) if _NUMBER.match(ht) else 0.0
    if el.get("outlineLevel") not in (None, "0"):
        facts.outline = True
    return row_no


def _inside_ext(stack) -> bool:
    return any(e.tag == M + "extLst" for e in stack)


def _small(ht: str | None) -> bool:
    try:
        return float(ht or "15") < 3
    except ValueError:
        return True


def _same_choices(el, where: str) -> None:
    from xml.etree.ElementTree import tostring
    choices = [c for c in el if c.tag == MC + "Choice"]
    fallback = [c for c in el if c.tag == MC + "Fallback"]
    if fallback and any([tostring(x) for x in c] != [tostring(x) for x in fallback[0]]
                        for c in choices):
        raise Ambiguous(f"{where} has a markup-compatibility block whose choice and fallback "
                        "differ: Excel and LibreOffice would show different content")


def _cell(el, where, row_no, last_col, strings, n_styles, visit) -> int:
    # Run for every cell of every return received: the cell's name for a message is
    # made only when there is something to say.
    ref = el.get("r")
    if ref is None:
        row, col = row_no, last_col + 1
    else:
        row, col = parse_ref(ref, where)
    if row != row_no:
        raise Ambiguous(f"{_named(where, ref, col)} sits in row {row_no}'s markup: programs "
                        "place it differently")
    if col <= last_col:
        raise Ambiguous(f"{where} has cell {ref} twice or out of order: programs show "
                        "different ones")
    v = is_ = f = None
    n_v = n_is = n_f = 0
    for child in el:          # one pass: a large return has tens of thousands of cells
        t = child.tag
        if t == _V:
            v, n_v = child, n_v + 1
        elif t == _IS:
            is_, n_is = child, n_is + 1
        elif t == _F:
            f, n_f = child, n_f + 1
    if n_v > 1 or n_is > 1 or (n_v and n_is) or n_f > 1:
        raise Ambiguous(f"{_named(where, ref, col)} holds two values (a second <v> or <is>): "
                        "programs show different ones")
    s = el.get("s")
    if s is None:
        xf = 0
    else:
        try:
            xf = int(s)
        except ValueError:
            xf = -1
    if not 0 <= xf < max(1, n_styles):
        raise Ambiguous(f"{_named(where, ref, col)} names a style that is not in the workbook")
    t = el.get("t", "n")
    raw = v.text or "" if v is not None else None
    rich = False
    if f is not None:
        value, kind = Formula("=" + (f.text or "")), "f"
        value.attrs = dict(f.attrib)
        value.cached, value.cached_kind = _cached(raw, t, _named(where, ref, col), strings)
    elif is_ is not None:
        name = _named(where, ref, col)
        if t != "inlineStr":
            raise Ambiguous(f"{name} holds an inline string but is typed {t!r}")
        value, rich = string_item(is_, name)
        kind = "s"
    elif raw is None:
        value, kind = None, "n"
    elif t == "n":
        if not _NUMBER.match(raw):
            raise Ambiguous(f"{_named(where, ref, col)} holds {raw[:20]!r} where a number "
                            "must be")
        value, kind = float(raw), "n"
    elif t == "s":
        if not raw.isdigit() or int(raw) >= len(strings):
            raise Ambiguous(f"{_named(where, ref, col)} names a shared string that is not in "
                            "the workbook")
        (value, rich), kind = strings[int(raw)], "s"
    elif t == "str":
        value, kind = unescape(raw), "s"
    elif t == "b":
        if raw not in ("0", "1"):
            raise Ambiguous(f"{_named(where, ref, col)} holds {raw[:20]!r} where TRUE or FALSE "
                            "must be")
        value, kind = raw == "1", "b"
    elif t in ("e", "d"):
        value, kind = raw, t
    else:
        raise Ambiguous(f"{_named(where, ref, col)} has the unknown type {t[:20]!r}")
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        raise NotAReturn(f"{_named(where, ref, col)} holds more text than Excel allows; not a "
                         "genuine workbook.")
    visit(row, col, value, kind, xf, rich)
    return col


def _named(where: str, ref: str | None, col: int) -> str:
    return f"{where}, cell {ref or col}"


def _cached(raw: str | None, t: str, name: str, strings) -> tuple[Any, str]:
    """The value a formula cell holds beside its formula, read as its type says."""
    if not raw:
        return None, "n"
    if t == "n":
        if not _NUMBER.match(raw):
            raise Ambiguous(f"{name} holds {raw[:20]!r} where a number must be")
        return float(raw), "n"
    if t == "str":
        return unescape(raw), "s"
    if t == "s" and raw.isdigit() and int(raw) < len(strings):
        return strings[int(raw)][0], "s"
    if t == "b" and raw in ("0", "1"):
        return raw == "1", "b"
    if t == "e":
        return raw, "e"
    raise Ambiguous(f"{name} holds a formula's value that programs read differently")


def _sheet_element(el, tag: str, facts: SheetFacts, where: str) -> None:
    name = local(tag)
    if name == "tablePart" and tag == M + "tablePart":
        facts.table_parts.append(el.get(f"{{{NS_REL}}}id") or "")
    if name == "conditionalFormatting":
        if "conditional formatting" not in facts.display:
            facts.display.append("conditional formatting")
    elif name == "sheetView":
        if el.get("showZeros", "1").lower() in ("0", "false") \
                and "zero values shown as blanks" not in facts.display:
            facts.display.append("zero values shown as blanks")
        if el.get("showFormulas", "0").lower() in ("1", "true"):
            facts.display.append("formulas shown instead of values")
    elif name == "col" and tag == M + "col":
        lo, hi = _int(el.get("min")), _int(el.get("max"))
        if not 1 <= lo <= hi <= MAX_COL:
            raise Ambiguous(f"{where} has a column range {lo}-{hi} outside the grid")
        width = el.get("width")
        if el.get("hidden") in ("1", "true") or (width is not None and _small(width)):
            facts.hidden_cols.append((lo, hi))
        if el.get("outlineLevel") not in (None, "0"):
            facts.outline = True
        if width is not None and hi - lo < 64:
            for c in range(lo, hi + 1):
                facts.col_widths[c] = float(width) if _NUMBER.match(width) else 0.0
    elif name == "sheetFormatPr":
        if el.get("zeroHeight") in ("1", "true") or _small(el.get("defaultRowHeight")):
            facts.hidden_rows.append(0)      # every row without its own height
        width = el.get("defaultColWidth") or el.get("baseColWidth")
        if width is not None and _small(width):
            facts.hidden_cols.append((0, 0))   # every column without its own width
    elif name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                  "firstFooter") and (el.text or "").strip():
        facts.header_footer.append((name, el.text.strip()[:MAX_HEADER]))
    elif name in _SHOWN and _SHOWN[name]:
        ref = el.get("ref") or el.get("sqref") or el.get(f"{{{NS_REL}}}id") or ""
        if name == "dataValidation" and not (el.get("prompt") or el.get("error")
                                             or el.get("showDropDown") or el.get("type")):
            return
        facts.add(_SHOWN[name], ref)


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else -1
