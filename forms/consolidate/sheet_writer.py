"""The consolidated workbook's sheets as they stream out: styles worked out once, rows as XML.

openpyxl in write-only mode (thousands of rows in constant memory); each row's
XML is made in rows_xml where its values allow, else by openpyxl. Every text is
made writable first (forms.consolidate.text).
"""
from __future__ import annotations

import math
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.consolidate.rows_xml import Rows, Styled, styled
from forms.consolidate.text import writable as _text
from forms.workbook.cell_styles import PLAIN_FONT

STATUS_FILL = {"meets": "C6EFCE", "within 10 %": "FFEB9C", "short": "FFC7CE",
               "not available": "EDEDED"}
STATUS_FONT = {"meets": "006100", "within 10 %": "7F6000", "short": "9C0006",
               "not available": "595959"}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _plain(v: Any) -> Any:
    """A DataFrame value as a cell value: NaN, NA and None blank; Decimals kept; text
    made writable (forms.consolidate.text: the last line, should any reach here)."""
    if isinstance(v, str):
        return _text(v)
    if v is None or isinstance(v, (int, Decimal)):
        return v
    if isinstance(v, float):          # numpy's float64 too
        return None if math.isnan(v) else v
    import pandas as pd
    if v is pd.NA or v is pd.NaT:
        return None
    return v.item() if hasattr(v, "item") else v     # numpy scalars


CHARS_PER_WIDTH = 1.15      # characters of body text a unit of column width holds


def heading(col: str, labels: dict[str, str]) -> str:
    """A column's header: its label, else its name in words."""
    return labels.get(col, col.replace("_", " ").capitalize())


def width_for_heading(text: str, least: float, lines: int = 2, most: float = 32) -> float:
    """A column width at which its header wraps to at most ``lines`` lines (within
    ``most``): one 49-character header in a 14-wide column made the whole header row
    four lines tall, on screen under the frozen panes and on every printed page."""
    width = least
    while width < most and math.ceil(len(text) / _per_line(width)) > lines:
        width += 1
    return width


def _per_line(width: float) -> int:
    """Characters a line of a wrapped cell holds at this width (as Writer.tall reckons)."""
    return max(8, int(width * CHARS_PER_WIDTH))


class Writer:
    def __init__(self):
        from openpyxl import Workbook
        from openpyxl.cell import Cell
        from openpyxl.styles import Alignment, Font, PatternFill
        self.wb = Workbook(write_only=True)
        self.titles: set[str] = set()
        self.widths: dict[str, list[float]] = {}
        self.count: dict[str, int] = {}
        self.Font, self.Fill, self.Alignment, self.Cell = Font, PatternFill, Alignment, Cell
        self.looks: dict[tuple, tuple] = {}
        # Each font named as the workbook's own (Calibri, the theme's minor font): a font
        # with no name is shown in a serif font by LibreOffice, beside Calibri cells.
        self.bold = Font(**PLAIN_FONT, bold=True)
        self.head_font = Font(**PLAIN_FONT, bold=True, color="FFFFFF")
        self.head_fill = PatternFill("solid", fgColor="1F4E78")
        self.title_font = Font(**PLAIN_FONT, bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
        self.fonts = {k: Font(**PLAIN_FONT, color=v) for k, v in STATUS_FONT.items()}
        # Sheets whose rows are made as XML here (forms/consolidate/rows_xml.py), by
        # title; their cells are Styled until written. None: openpyxl not as expected.
        self.rows: dict[str, Any] = {}
        self.hooked: set[str] = set()

    def sheet(self, title: str, widths: list[float] = (), freeze: str | None = None,
              fit: bool = True):
        title = _BAD_TITLE.sub("-", title)[:31]
        base, n = title, 2
        while title.casefold() in self.titles:
            title = f"{base[:28]} {n}"
            n += 1
        self.titles.add(title.casefold())
        ws = self.wb.create_sheet(title)
        from forms.workbook.openpyxl_door import row_internals_missing
        self.rows[title] = None if row_internals_missing() else Rows(ws)
        self.widths[title] = list(widths)
        from openpyxl.utils import get_column_letter
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        if freeze:
            ws.freeze_panes = freeze
        # Printed or turned into PDF: landscape; narrow sheets as wide as the page.
        ws.page_setup.orientation = "landscape"
        if fit:
            from openpyxl.worksheet.properties import PageSetupProperties
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        return ws

    def look(self, ws, font=None, fill=None, fmt: str | None = None, wrap: bool = False):
        """The style of a cell with this font, fill, format and wrap, worked out once.

        Setting font, fill and format on each of 100,000 cells looked each up in the
        workbook's lists every time. The first cell of a look is styled through
        openpyxl's own setters (the lists fill in the same order as ever); later
        cells are given a copy of its style array (an openpyxl internal, so
        through forms/workbook/openpyxl_door.py)."""
        key = (id(font), id(fill), fmt or None, bool(wrap))
        hit = self.looks.get(key)
        if hit is None:
            from openpyxl.cell import WriteOnlyCell
            from forms.workbook.openpyxl_door import style_array
            proto = WriteOnlyCell(ws)
            if font is not None:
                proto.font = font
            if fill is not None:
                proto.fill = fill
            if fmt:
                proto.number_format = fmt
            if wrap:
                proto.alignment = self.wrap
            # The key's font and fill are kept with it: their ids cannot be reused.
            hit = self.looks[key] = (style_array(proto), font, fill)
        return hit[0]

    def cell(self, ws, value: Any, *, font=None, fill=None, fmt: str | None = None,
             wrap: bool = False):
        style = self.look(ws, font, fill, fmt, wrap)
        if self.rows.get(ws.title) is not None:
            return Styled(_plain(value), style)
        return self.Cell(worksheet=ws, row=1, column=1, value=_plain(value), style_array=style)

    def add(self, ws, line) -> None:
        """Append a row; openpyxl's streamed sheets do not count their rows.

        Made as XML here when its values allow (see rows_xml), else by openpyxl."""
        n = self.count[ws.title] = self.count.get(ws.title, 0) + 1
        line = [_text(v) if v.__class__ is str else v for v in line]    # forms.consolidate.text
        rows = self.rows.get(ws.title)
        if rows is not None:
            if ws.title not in self.hooked:     # now, as openpyxl starts the sheet now
                from forms.workbook.openpyxl_door import take_row_xml
                if not take_row_xml(ws):
                    raise RuntimeError("openpyxl's streamed sheet is not as probed")
                self.hooked.add(ws.title)
            made = rows.row(n, line)
            if made is not None:
                ws.append(made)
                return
            line = rows.cells(line)
        ws.append(line)

    def tall(self, ws, texts: dict[int, Any]) -> None:
        """Give the next row the height its wrapped text needs (column index -> text).

        Spreadsheets do not measure rows of a streamed file: without a height,
        wrapped lines would overlap the next row."""
        widths = self.widths.get(ws.title, [])
        lines = 1
        for i, text in texts.items():
            if not isinstance(text, str) or not text:
                continue
            per_line = _per_line(widths[i] if i < len(widths) else 10)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[self.count.get(ws.title, 0) + 1].height = min(409, 15 * lines)

    def header(self, ws, names: list[str]) -> None:
        # Wrapped, and the row as tall as its longest name needs: a name wider than its
        # column would otherwise be cut off by the next one ("Organisation n").
        self.tall(ws, dict(enumerate(names)))
        self.add(ws, [self.cell(ws, n, font=self.head_font, fill=self.head_fill, wrap=True)
                      for n in names])

    def title(self, ws, text: str, note: str = "") -> None:
        self.add(ws, [self.cell(ws, text, font=self.title_font)])
        self.add(ws, [note])

    def table(self, ws, name: str, first_row: int, heads: list[str], n_rows: int) -> None:
        """An Excel table (filters, banding) over the header and rows just written."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
        last = first_row + max(1, n_rows)
        t = Table(displayName=re.sub(r"\W", "_", name)[:250],
                  ref=f"A{first_row}:{get_column_letter(len(heads))}{last}",
                  tableColumns=[TableColumn(id=i, name=h) for i, h in enumerate(heads, 1)])
        t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        with warnings.catch_warnings():   # write-only mode warns even when columns are given
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(t)

    def frame(self, ws, df, labels: dict[str, str], formats: dict[str, str], name: str,
              first_row: int = 1, wrap: tuple[str, ...] = ()) -> None:
        """A DataFrame as a header and rows, then an Excel table over them."""
        cols = list(df.columns)
        heads = _unique([heading(c, labels) for c in cols])
        ws.print_title_rows = f"{first_row}:{first_row}"   # every printed page says what is what
        self.header(ws, heads)
        make = [self._maker(ws, c.startswith("status") or c.endswith("status"),
                            formats.get(c), c in wrap) for c in cols]
        styled = [(i, m) for i, m in enumerate(make) if m is not None]
        wraps = [i for i, c in enumerate(cols) if c in wrap]
        n = 0
        for line in _plain_rows(df):
            if wraps:
                self.tall(ws, {i: line[i] for i in wraps})
            for i, m in styled:
                line[i] = m(line[i])
            self.add(ws, line)
            n += 1
        if n == 0:
            self.add(ws, [None] * len(cols))
        self.table(ws, name, first_row, heads, n)

    def _maker(self, ws, status: bool, fmt: str | None, wrap: bool):
        """What a column's values become: a styled cell or the plain value.

        A status (meets, short...) is coloured; else a number gets its format;
        else wrapped columns wrap, blanks too. None: the column is left plain."""
        if not (status or fmt or wrap):
            return None
        Cell, look, fills, fonts = self.Cell, self.look, self.fills, self.fonts
        if self.rows.get(ws.title) is not None:
            Cell = styled
        numbers = (int, float, Decimal)
        got: dict = {}      # this column's looks by kind, each made when first needed

        def make(v):
            if status and v in fills:
                kind = v                    # a status: its colours
            elif fmt and isinstance(v, numbers):
                kind = _NUMBER              # a number: the column's format
            elif wrap:
                kind = _WRAP                # anything else, wrapped
            else:
                return v
            style = got.get(kind)
            if style is None:
                style = got[kind] = (look(ws, fmt=fmt) if kind is _NUMBER else
                                     look(ws, wrap=True) if kind is _WRAP else
                                     look(ws, fonts[v], fills[v]))
            return Cell(worksheet=ws, row=1, column=1, value=v, style_array=style)
        return make

    def save(self, path: Path) -> None:
        self.wb.save(path)


_NUMBER, _WRAP = object(), object()         # kinds of look, besides a status
_KEPT = {int, Decimal, type(None)}      # what _plain returns as it is (text it cleans)


def _plain_rows(df, chunk: int = 4096):
    """A DataFrame's rows as lists of cell values (see _plain).

    Converted a column at a time, as fast as the values can be read, and a few
    thousand rows at a time, so the lists stay small however long the frame."""
    for start in range(0, len(df), chunk):
        part = df.iloc[start:start + chunk]
        if not len(part.columns):
            yield from ([] for _ in range(len(part)))
            continue
        cols = [[v if v.__class__ in _KEPT else _plain(v) for v in part.iloc[:, k]]
                for k in range(len(part.columns))]
        for row in zip(*cols):
            yield list(row)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = str(n) or "column"
        k = n.casefold()
        seen[k] = seen.get(k, 0) + 1
        out.append(n if seen[k] == 1 else f"{n} ({seen[k]})")
    return out
