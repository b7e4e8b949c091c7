"""The exporter's former fast write path against openpyxl's public API.

Until issue 8 §5 the exporter filled openpyxl's private cell map (``ws._cells``,
``Cell`` slots, style arrays, ``DefinedName`` instance dicts). Three writers of
the same laid-out sheets (the sample's, and the large return's: 2,000
buildings, 1,000 savings lines) are compared here:
- the former fast path, kept here and only here as the reference;
- the public API (``ws.cell``), which forms.workbook.export now uses;
- the public write-only API, as fast, but its sheets declare no dimension, so
  openpyxl parses every sheet twice when the workbook is read (verify, import).
Their workbooks are compared first (cells, formats, fonts, fills, widths,
defined names), then each write is timed, interleaved, and so is opening
what each wrote (the guarded read-only open that verify and import start
with). The issue's rule: within 1.3x of the fast path, go public.

Run: .venv/bin/python -m bench.bench_openpyxl_door [runs]
"""
from __future__ import annotations

import base64
import statistics
import sys
import tempfile
import time
from copy import copy
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.generate import SAMPLE, large_return  # noqa: E402
from forms.drafts.store import load_draft  # noqa: E402
from forms.signing import keys  # noqa: E402
from forms.signing.payload import decode  # noqa: E402
from forms.workbook.export import (_styles, add_names, check_cell_text, export_signed,  # noqa: E402
                                   fill_cell, new_workbook, worksheets, write_sheets)
from forms.workbook.guard import GuardedWorkbook  # noqa: E402
from forms.workbook.layout import (FORMULA_START, Sheet, escape_text, layout,  # noqa: E402
                                   signature_sheet)
from forms.workbook.verify import read_signed  # noqa: E402
from workbook_snapshot import snapshot  # noqa: E402

PASS = "bench passphrase 2009"


# --- the former fast path (openpyxl 3.1 internals) ---------------------------------

def _array(arrays: dict, ws, key: str, quote: bool):
    """The openpyxl style array for a style key, registered on first use.

    Setting fonts and fills cell by cell costs a lookup each time; copying a
    ready style array is what openpyxl itself does when copying cells. Only
    the styles a workbook uses reach its stylesheet.
    """
    k = f"{key}|q" if quote else key
    arr = arrays.get(k)
    if arr is None:
        from openpyxl.cell import Cell
        probe = Cell(ws)       # detached: only its style is wanted
        if key.startswith("num:"):
            probe.number_format = key[4:]
        else:
            for attr, v in _styles().get(key, {}).items():
                setattr(probe, attr, v)
        if quote:
            probe.quotePrefix = True
        arr = arrays[k] = copy(probe._style)
    return arr


PLAIN = frozenset(("", "text", "index", "label", "label:0"))


def write_sheets_fast(sheets: list[Sheet], path, payload: dict | None = None) -> None:
    """The exporter's write until issue 8 §5: straight into openpyxl's cell map."""
    wb = new_workbook(payload)
    arrays: dict[str, object] = {}
    for ws, sheet in worksheets(wb, sheets):
        _add_cells(ws, sheet, arrays)
        quoted = "'" + sheet.title.replace("'", "''") + "'"
        for name, ref in sheet.names.items():
            wb.defined_names[name] = _defined_name(name, f"{quoted}!{ref}")
    wb.save(path)


@lru_cache(maxsize=1)
def _name_template() -> dict | None:
    from openpyxl.workbook.defined_name import DefinedName
    fields = vars(DefinedName("n", attr_text="r"))
    # openpyxl keeps each attribute in the instance dict under its own name;
    # if a release ever stops doing so, names are built the ordinary way.
    return dict(fields) if {"name", "attr_text"} <= fields.keys() else None


def _defined_name(name: str, ref: str):
    """DefinedName(name, attr_text=ref), without sixteen validated assignments
    per name: a workbook has one per data cell, and they were a twentieth of
    the sample's export time."""
    from openpyxl.workbook.defined_name import DefinedName
    template = _name_template()
    if template is None:
        return DefinedName(name, attr_text=ref)
    dn = DefinedName.__new__(DefinedName)
    vars(dn).update(template, name=name, attr_text=ref)
    return dn


# The attributes openpyxl's Cell.__init__ sets. When a release has exactly these
# slots, cells are filled in directly, a quarter of the constructor's cost (a
# large return has some 30,000 cells); any other release gets the constructor.
_CELL_SLOTS = frozenset(("row", "column", "_value", "data_type", "parent", "_hyperlink",
                         "_comment", "_style"))


@lru_cache(maxsize=1)
def _cell_maker():
    from openpyxl.cell import Cell
    from openpyxl.styles.cell_style import StyleArray
    slots = set()
    for klass in Cell.__mro__:
        slots.update(getattr(klass, "__slots__", ()))
    if slots != _CELL_SLOTS:
        def construct(ws, row, col, value, data_type, style):
            cell = Cell(ws, row, col, None, style)
            cell._value, cell.data_type = value, data_type     # typed here, never guessed
            return cell
        return construct
    new = Cell.__new__

    def make(ws, row, col, value, data_type, style):
        cell = new(Cell)
        cell.parent, cell.row, cell.column = ws, row, col
        cell._value, cell.data_type = value, data_type
        cell._style = StyleArray(style) if style is not None else None
        cell._hyperlink = cell._comment = None
        return cell
    return make


def _add_cells(ws, sheet: Sheet, arrays) -> None:
    """Put the sheet's cells straight into the worksheet's cell map, typed here.

    Text is always text (openpyxl would make "=..." a formula and "#N/A" an
    error), numbers are numbers; each cell gets its style array at once instead
    of a font/fill lookup per cell.
    """
    make = _cell_maker()
    cells = ws._cells
    plain = {k: None for k in PLAIN}          # style key -> style array (None: default)
    for c in sheet.cells:
        v, style = c.value, c.style
        if v is None and not style:
            continue
        if style in plain:
            arr = plain[style]
        else:
            arr = plain[style] = _array(arrays, ws, style, False)
        if isinstance(v, str):
            if v.startswith(FORMULA_START):    # officer text, never a formula
                arr = _array(arrays, ws, style or "text", True)
            v, kind = check_cell_text(escape_text(v) if "_x" in v else v), "s"
        elif v is None or isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            kind = "n"
        else:     # anything else the layout may one day hold: openpyxl types it
            from openpyxl.cell import Cell as XlCell
            cells[(c.row, c.col)] = XlCell(ws, c.row, c.col, v, arr)
            continue
        cells[(c.row, c.col)] = make(ws, c.row, c.col, v, kind, arr)
    if cells:    # what ws._add_cell would have kept: the sheet's last row
        ws._current_row = max(r for r, _ in cells)


# --- the public write-only API (measured, not used) -------------------------------

def write_sheets_write_only(sheets: list[Sheet], path, payload: dict | None = None) -> None:
    """The same sheets through the public write-only API (rows streamed in order)."""
    wb = new_workbook(payload, write_only=True)
    for ws, sheet in worksheets(wb, sheets):
        for row in _streamed_rows(ws, sheet):
            ws.append(row)
        add_names(wb, sheet)
    wb.save(path)


def _streamed_rows(ws, sheet: Sheet):
    """The sheet's cells as rows from row 1, blank rows included (a streamed sheet
    is appended row by row).

    Text is always text (openpyxl would make "=..." a formula and "#N/A" an
    error), numbers are numbers. A plain cell goes as its value, which openpyxl
    types the same way; a styled one as a cell with its style.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    styles = _styles()
    by_row: dict[int, dict[int, object]] = {}
    for c in sheet.cells:
        v, style = c.value, c.style
        if v is None and not style:
            continue
        plain = not style.startswith("num:") and not styles.get(style)
        if isinstance(v, str):
            v = check_cell_text(escape_text(v) if "_x" in v else v)
            plain = plain and not v.startswith(FORMULA_START) and v not in ERROR_CODES
        if not plain:
            cell = WriteOnlyCell(ws)
            fill_cell(cell, c.value, style)
            v = cell
        by_row.setdefault(c.row, {})[c.col] = v
    last = 0
    for r in sorted(by_row):
        yield from ([] for _ in range(last + 1, r))
        cells = by_row[r]
        line = [None] * max(cells)
        for col, v in cells.items():
            line[col - 1] = v
        yield line
        last = r


# --- the comparison ---------------------------------------------------------------

def laid_out(ret, key, info, tmp: Path):
    out = tmp / "signed.xlsx"
    export_signed(ret, key, info, out)
    with GuardedWorkbook(out) as gw:
        parts = read_signed(gw)
    payload = decode(parts.data)
    return payload, layout(payload) + [signature_sheet(base64.b64encode(parts.data).decode(),
                                                       base64.b64encode(parts.signature).decode(),
                                                       info.public_pem)]


def once(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


WRITERS = (("fast path (openpyxl internals)", write_sheets_fast),
           ("public API (the exporter)", write_sheets),
           ("public write-only API", write_sheets_write_only))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    tmp = Path(tempfile.mkdtemp(prefix="bench-door-"))
    keys.generate_keyfile("DCSF", PASS, tmp / "bench.key")
    key, info = keys.load_private_key(tmp / "bench.key", PASS)
    for name, ret, n in (("sample", load_draft(SAMPLE), runs * 3),
                         ("large (2,000 bldg, 1,000 sav)", large_return(), runs)):
        payload, sheets = laid_out(ret, key, info, tmp)
        paths = [tmp / f"w{i}.xlsx" for i in range(len(WRITERS))]
        for (_, write), path in zip(WRITERS, paths):
            write(sheets, path, payload)
        snaps = [snapshot(p) for p in paths]
        print(f"{name}: {sum(len(s.cells) for s in sheets):,} cells; the three workbooks "
              f"identical (cells, formats, names): {all(s == snaps[0] for s in snaps)}")
        times: list[list[float]] = [[] for _ in WRITERS]
        reads: list[list[float]] = [[] for _ in WRITERS]
        for _ in range(n):        # interleaved, so machine noise hits all alike
            for i, ((_, write), path) in enumerate(zip(WRITERS, paths)):
                times[i].append(once(lambda: write(sheets, path, payload)))
        for _ in range(max(3, n // 3)):
            for i, path in enumerate(paths):
                reads[i].append(once(lambda: GuardedWorkbook(path).close()))
        base = statistics.median(times[0])
        for (label, _), xs, ys in zip(WRITERS, times, reads):
            med = statistics.median(xs)
            print(f"  {label:<32} write median {med * 1000:7.1f} ms ({med / base:4.2f} x)   "
                  f"opening what it wrote {statistics.median(ys) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
