"""The Excel tables and the benchmark chart of a workbook of layout 3 or 4, as data.

The exporter writes them (object_export.py) and the verifier checks what it
finds against them (object_check.py), as both do for cells. They are made
from the laid-out sheets, never from the payload directly, so a table covers
exactly the cells the layout wrote and a chart points at exactly them.

Tables: the buildings, the savings lines and the actions, with filter
buttons; money and area columns get a totals row of SUBTOTAL(109, ...)
formulas (the sum of the rows a filter shows), whose value is written too for
readers that do not recalculate. A table with no rows is left out: Excel
needs at least one data row. Chart: a native bar chart below the Benchmarks
table, pointing at its cells. Layout 3 drew each value beside its target, on
one axis whatever their units; layout 4 draws each benchmark's share of what
meets its target (benchmarks.py), on an axis from 0 with gridlines every 25 %
up to past 100 %, so every benchmark reads on the same scale.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from forms.workbook.layout import Cell, Sheet, col_letter

# (defined name of the table's cells, Excel table name). Table names share one
# namespace with defined names, letter case aside: "savings" is taken.
TABLES = (("floor_space.buildings", "Buildings"), ("savings", "SavingsLines"),
          ("action_plan.actions", "Actions"))
TOTALLED_UNITS = ("£", "m²")                # money and floor area; not counts or FTE
TABLE_STYLE = "TableStyleLight1"            # black text: readable on the header fill
TOTAL_LABEL = "Total"
CHART_TITLE = "Each benchmark's value against its comparator or commitment"
CHART_X_TITLE = "Benchmark"
CHART_Y_TITLE = "Value, in each benchmark's own unit"
AGAINST_TITLE = "Each benchmark against its comparator (100 % meets it)"
AGAINST_Y_TITLE = "Share of what meets the comparator or commitment; more is better"
AXIS_FORMAT = "0%"                          # the value axis's labels: 25%, not 25.0%
STEP = Decimal("0.25")                      # gridlines every 25 %, up to past 100 %
STEPPED_UP_TO = Decimal(3)                  # beyond 300 %: the spreadsheet spaces them
_RANGE = re.compile(r"\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?\Z")
_STRUCTURED_SPECIAL = re.compile(r"([\[\]#'])")


@dataclass(frozen=True)
class Column:
    name: str            # the header cell's text, as stored
    total: bool = False  # summed in the totals row


@dataclass
class Table:
    name: str
    header_row: int
    first_col: int
    rows: int                     # data rows, at least one
    columns: list[Column] = field(default_factory=list)
    style: str = TABLE_STYLE

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    @property
    def last_data_row(self) -> int:
        return self.header_row + self.rows

    @property
    def totals(self) -> bool:
        return any(c.total for c in self.columns)

    @property
    def totals_row(self) -> int | None:
        return self.last_data_row + 1 if self.totals else None

    @property
    def ref(self) -> str:
        last = self.totals_row or self.last_data_row
        return f"{col_letter(self.first_col)}{self.header_row}:{col_letter(self.last_col)}{last}"

    @property
    def filter_ref(self) -> str:
        """The filter's range: header and data rows (LibreOffice writes the totals row too)."""
        return (f"{col_letter(self.first_col)}{self.header_row}:"
                f"{col_letter(self.last_col)}{self.last_data_row}")

    def total_formulas(self, col: int) -> tuple[str, ...]:
        """The formula texts that total column ``col``: first the one the exporter writes
        (a structured reference, as Excel writes it), then the plain range of exactly
        that column's data rows, which LibreOffice may write instead."""
        name = self.columns[col - self.first_col].name
        letter, first, last = col_letter(col), self.header_row + 1, self.last_data_row
        escaped = _STRUCTURED_SPECIAL.sub(r"'\1", name)      # Excel's escape in [...]
        forms = [f"SUBTOTAL(109,{self.name}[{escaped}])"]
        for a in ("", "$"):
            for b in ("", "$"):
                forms.append(f"SUBTOTAL(109,{a}{letter}{b}{first}:{a}{letter}{b}{last})")
        return tuple(forms)


@dataclass
class Chart:
    """A clustered bar chart: one series per (title cell, values range), shared categories."""
    title: str
    x_title: str
    y_title: str
    categories: str                          # "$B$4:$B$8"
    series: list[tuple[str, str]]            # ("$C$3", "$C$4:$C$8")
    anchor_row: int                          # top-left cell, 1-based
    anchor_col: int
    width_cm: float
    height_cm: float
    below_row: int                           # the sheet's last row with cells: the chart sits under it
    # Layout 4 (None: the spreadsheet's choice, as in layout 3): the value axis's ends,
    # its gridlines' spacing and its labels' format; and the bars' values shown on them.
    axis_min: Decimal | None = None
    axis_max: Decimal | None = None
    major_unit: Decimal | None = None
    axis_format: str = ""
    labels: bool = False

    def refs(self) -> list[str]:
        """Every range the chart reads, in the order series are written."""
        out = []
        for title, values in self.series:
            out += [title, self.categories, values]
        return out


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """"$B$4:$B$8" -> (first row, first col, last row, last col)."""
    from forms.workbook.sheet_xml import col_number
    m = _RANGE.match(ref)
    if not m:
        raise ValueError(f"not a range: {ref}")
    c1, r1 = col_number(m.group(1)), int(m.group(2))
    c2, r2 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return r1, c1, r2, c2


def _totalled_headers(defined: str) -> set[str]:
    """The header texts of the table's money and floor-area columns (from the schema)."""
    from forms.schema.fields import describe, fields_of
    from forms.schema.kinds import NUMBER
    from forms.schema.spec import RETURN
    from forms.workbook.layout import header
    model = RETURN
    for step in defined.split("."):
        model = describe(model, step).form
    return {header(d) for d in fields_of(model) if d.codec is NUMBER and d.unit in TOTALLED_UNITS}


def _add_table(sheet: Sheet, cells_at: dict, defined: str, name: str) -> None:
    ref = sheet.names[defined]
    first_row, first_col, last_row, last_col = parse_range(ref)
    header_row = first_row - 1
    rows = [r for r in range(first_row, last_row + 1)
            if any((r, c) in cells_at for c in range(first_col, last_col + 1))]
    if not rows:
        return       # no rows: Excel cannot have an empty table, so there is none
    totalled = _totalled_headers(defined)
    columns = []
    for c in range(first_col, last_col + 1):
        head = cells_at.get((header_row, c))
        text = str(head.value) if head else ""
        columns.append(Column(text, c > first_col and text in totalled))
    table = Table(name, header_row, first_col, len(rows), columns)
    sheet.tables.append(table)
    if not table.totals:
        return
    row = table.totals_row
    if any((row, c) in cells_at for c in range(first_col, last_col + 1)):
        raise ValueError(f"the totals row of table {name} would overwrite cells")
    sheet.cells.append(Cell(row, first_col, TOTAL_LABEL, "subhead"))
    for c, col in enumerate(table.columns, first_col):
        if not col.total:
            continue
        values = [cells_at[(r, c)].value for r in rows if (r, c) in cells_at]
        total = sum((v for v in values if isinstance(v, Decimal)), Decimal(0))
        style = next(cells_at[(r, c)].style for r in rows if (r, c) in cells_at)
        sheet.cells.append(Cell(row, c, total + 0, style, where=f"total of {col.name}",
                                formula=table.total_formulas(c)[0]))


def _add_chart(sheet: Sheet, cells_at: dict, v4: bool = False) -> None:
    """Layout 3: value (column C) against comparator or commitment (column E), by metric
    (column B). Layout 4: the share of what meets it (column F), by metric."""
    value_ref = sheet.names.get("benchmarks.value", "")
    first, col, last, _ = parse_range(value_ref)
    if not any((r, 2) in cells_at for r in range(first, last + 1)):
        return       # no benchmarks: nothing to draw
    span = lambda c: f"${col_letter(c)}${first}:${col_letter(c)}${last}"   # noqa: E731
    head = first - 1
    bottom = max(c.row for c in sheet.cells)
    rows = last - first + 1
    place = dict(anchor_row=bottom + 2, anchor_col=2, width_cm=24.0,
                 height_cm=max(8.0, 3.0 + 1.2 * rows), below_row=bottom)
    if not v4:
        sheet.charts.append(Chart(CHART_TITLE, CHART_X_TITLE, CHART_Y_TITLE, span(2),
                                  [(f"$C${head}", span(3)), (f"$E${head}", span(5))], **place))
        return
    _, against, _, _ = parse_range(sheet.names["benchmarks.against"])
    shares = [cells_at[(r, against)].value for r in range(first, last + 1)
              if (r, against) in cells_at and isinstance(cells_at[(r, against)].value, Decimal)]
    top = max(shares + [Decimal(1)])
    # Gridlines every 25 % to the step past the longest bar (and past 100 %, so that
    # line is always drawn); a bar many times its target leaves the spacing to the reader.
    stepped = top < STEPPED_UP_TO
    sheet.charts.append(Chart(
        AGAINST_TITLE, CHART_X_TITLE, AGAINST_Y_TITLE, span(2),
        [(f"${col_letter(against)}${head}", span(against))], **place,
        axis_min=Decimal(0), axis_max=(top // STEP + 1) * STEP if stepped else None,
        major_unit=STEP if stepped else None, axis_format=AXIS_FORMAT, labels=True))


def add_objects(sheets: list[Sheet], v4: bool = False) -> None:
    """Tables (with their totals cells) and the chart, added to the laid-out sheets."""
    for sheet in sheets:
        cells_at = {(c.row, c.col): c for c in sheet.cells}
        for defined, name in TABLES:
            if defined in sheet.names:
                _add_table(sheet, cells_at, defined, name)
        if "benchmarks.value" in sheet.names:
            _add_chart(sheet, cells_at, v4)
