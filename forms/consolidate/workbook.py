"""The consolidated workbook: Summary, Returns, league tables, Table A, year on year, Rejected.

Written with openpyxl in write-only mode (thousands of rows stream out in
constant memory); the rows' XML is made in rows_xml, the rest by openpyxl.
Charts are native Excel charts, so analysts can restyle them; every table is
an Excel table with filters and a frozen header.
"""
from __future__ import annotations

import math
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.consolidate.analysis import chart_block, unit_text
from forms.consolidate.rows_xml import Rows, Styled, styled
from forms.consolidate.rows import fixed_labels, input_fields, metric_column
from forms.consolidate.text import writable as _text
from forms.schema.metrics import METRICS

CHART_ROWS = 40                      # bars per chart: more is unreadable
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
        self.bold = Font(bold=True)
        self.head_font = Font(bold=True, color="FFFFFF")
        self.head_fill = PatternFill("solid", fgColor="1F4E78")
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
        self.fonts = {k: Font(color=v) for k, v in STATUS_FONT.items()}
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
            per_line = max(8, int((widths[i] if i < len(widths) else 10) * 1.15))
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
        heads = _unique([labels.get(c, c.replace("_", " ").capitalize()) for c in cols])
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


def number_formats() -> dict[str, str]:
    from forms.schema.kinds import number_format
    fmts = {}
    for col, _path, label in input_fields():
        fmts[col] = "#,##0" if label.endswith("(£)") or label.endswith("(people)") \
            else "#,##0.0##"
    for m in METRICS.values():
        fmts[metric_column(m.name)] = number_format(m.unit, m.places)
    for c in ("buildings", "savings_lines", "actions", "queries", "queries_explained"):
        fmts[c] = "#,##0"
    return fmts


# --- the sheets ------------------------------------------------------------------

def _summary(w: Writer, c) -> None:
    ws = w.sheet("Summary", [44, 48, 30])
    w.title(ws, "Consolidated back-office returns",
            "Made by Back Office Return from the signed workbooks received."
            + (" THE RUN WAS CANCELLED: only part of the files were read." if c.cancelled
               else ""))
    w.add(ws, [])
    years = sorted(set(c.returns["financial_year"].dropna())) if len(c.returns) else []
    n = c.counts
    for label, value in (("Files received", n["received"]), ("Valid returns", n["valid"]),
                         ("Superseded (a later return replaced them)", n["superseded"]),
                         ("Rejected (failed verification)", n["rejected"]),
                         ("Unreadable (not a signed return)", n["unreadable"]),
                         ("Years", ", ".join(str(y) for y in years if y))):
        w.add(ws, [w.cell(ws, label, font=w.bold), value])
    w.add(ws, [])
    w.add(ws, [w.cell(ws, "Expected bodies that have not returned", font=w.bold)])
    if not c.missing:
        w.add(ws, ["Every department and body on the reference list has returned."])
    for code, name, lacking in c.missing:
        w.add(ws, [code, name, ("for " + ", ".join(lacking)) if lacking else "no return"])


def _league(w: Writer, info, df) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference
    m = METRICS.get(info.metric)
    unit = unit_text(m.unit) if m else ""
    fmt = "#,##0" + ("." + "0" * m.places if m and m.places else "") if m else "#,##0.00"
    ws = w.sheet(f"L {info.rule}", [6, 34, 10, 9, 14, 14, 14, 10, 70], freeze="A5")
    kind = "Commitment" if info.commitment else "Comparator"
    measure = f"Measure: {m.label}" + (f" ({unit})" if unit else "") + ". " if m else ""
    w.title(ws, f"{kind}: {info.title}",
            f"{measure}{'Higher' if info.better == 'higher' else 'Lower'} is better. "
            f"Source: {info.source or 'rule pack'}. Best first within each year.")
    w.add(ws, [])
    labels = {"rank": "Rank", "who": "Organisation – body", "financial_year": "Year",
              "return_kind": "Kind", "value": f"Value ({unit})" if unit else "Value",
              "target": f"Target ({unit})" if unit else "Target", "status": "Status",
              "due": "Due", "message": "Message"}
    cols = ["rank", "who", "financial_year", "return_kind", "value", "target", "status", "due",
            "message"]
    w.frame(ws, df[cols], labels, {"value": fmt, "target": fmt, "rank": "0"},
            f"League_{info.rule}", first_row=4)
    block = chart_block(list(df["financial_year"]), list(df["return_kind"]))
    if block is None:
        return
    rows = [i for i, yk in enumerate(zip(df["financial_year"], df["return_kind"])) if yk == block]
    n, shown = len(rows), min(len(rows), CHART_ROWS)
    latest = f"{block[0]} {block[1]}"
    bar = BarChart()
    bar.type = "bar"            # horizontal bars: long names stay readable
    bar.style = 10
    bar.title = f"{info.title}, {latest}" + (f" (best {shown} of {n})" if n > shown else "")
    bar.y_axis.title = (f"{m.label} ({unit})" if unit else m.label) if m else "Value"
    bar.x_axis.scaling.orientation = "maxMin"    # rank 1 at the top
    first = 5 + rows[0]           # a block's rows are together: sorted by year and kind
    last = first + shown - 1
    bar.add_data(Reference(ws, min_col=5, min_row=first, max_row=last), titles_from_data=False)
    bar.series[0].tx = _series_title(f"Value ({unit})" if unit else "Value")
    bar.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    line = LineChart()
    line.add_data(Reference(ws, min_col=6, min_row=first, max_row=last), titles_from_data=False)
    line.series[0].tx = _series_title("Target")
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.width = 28575
    line.series[0].smooth = False
    bar.height, bar.width = max(7.5, 0.5 * shown + 3), 18
    bar += line
    ws.add_chart(bar, "K4")


def _series_title(text: str):
    from openpyxl.chart.series import SeriesLabel
    return SeriesLabel(v=text)


def _plans(w: Writer, plans) -> None:
    ws = w.sheet("Improvement plans", [26, 100, 40, 16], freeze="A4")
    w.title(ws, "Table A: Summaries of back office improvement plans",
            "Rebuilt from the action plans in the valid returns: the summary, then each "
            "action, with the savings lines it delivers.")
    w.header(ws, ["Department", "Action Plan", "Linked savings", "Linked planned (£)"])
    if not len(plans):
        w.add(ws, ["", "No valid return carries an action plan."])
        return
    for (year, kind), group in plans.groupby(["financial_year", "return_kind"], sort=True):
        w.add(ws, [w.cell(ws, f"{year} {kind}", font=w.bold)])
        for dept, block in group.groupby("department", sort=True):
            for row in block.itertuples(index=False):
                w.tall(ws, {1: row.text, 2: row.linked_savings})
                w.add(ws, [w.cell(ws, dept if row.item == 0 else None, font=w.bold, wrap=True),
                           w.cell(ws, row.text, wrap=True), w.cell(ws, row.linked_savings, wrap=True),
                           w.cell(ws, row.linked_planned_gbp, fmt="#,##0", wrap=True)])


def write_workbook(c, path: str | Path) -> Path:
    """Write the consolidated workbook atomically; returns its path."""
    from forms.drafts.atomic import write_atomic
    path = Path(path)
    w = Writer()
    fmts = number_formats()
    labels = fixed_labels()
    _summary(w, c)
    ws = w.sheet("Returns", [40] + [14] * (len(c.returns.columns) - 1), freeze="C2", fit=False)
    ws.print_title_cols = "A:B"    # as frozen on screen: each printed page names its returns
    w.frame(ws, c.returns, labels, fmts, "Returns")
    for _rule, (info, df) in c.league.items():
        _league(w, info, df)
    _plans(w, c.plans)
    if len(c.year_on_year):
        ws = w.sheet("Year on year", [12, 24, 10, 10, 10, 20, 34, 8, 14, 14, 14, 10, 10],
                     freeze="A2")
        w.frame(ws, c.year_on_year, {}, {"from_value": "#,##0.00", "to_value": "#,##0.00",
                                         "change": "#,##0.00", "change_pct": "0.00"}, "YearOnYear")
        ws = w.sheet("Commitments progress", [12, 16, 10, 10, 10, 24, 40, 10, 10, 12, 12, 14,
                                              14, 12], freeze="A2")
        w.frame(ws, c.progress, {}, {"target": "#,##0.00", "from_value": "#,##0.00",
                                     "to_value": "#,##0.00"}, "CommitmentsProgress")
    ws = w.sheet("Rejected", [40, 10, 10, 10, 10, 12, 60, 50, 80], freeze="A2")
    w.frame(ws, c.rejected, {"ask_sender_for": "Ask the sender for"}, {}, "Rejected",
            wrap=("reason", "ask_sender_for", "problems"))
    ws = w.sheet("Superseded", [40, 10, 10, 10, 10, 22, 40, 22, 90], freeze="A2")
    w.frame(ws, c.superseded, {}, {}, "Superseded", wrap=("changes",))
    write_atomic(path, w.save)
    return path
