"""Writing a layout's tables and chart (forms.workbook.objects) with openpyxl's public API.

openpyxl writes a formula without its value, so the totals cells' values are
put into the saved file afterwards (fill_totals): a reader that does not
recalculate (a preview, pandas, LibreOffice by default) then shows the total
rather than a blank, and the verifier can check that value too.
"""
from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

from forms.workbook.layout import Sheet, cell_ref
from forms.workbook.objects import TOTAL_LABEL, Chart, Table, parse_range


def add_objects(ws, sheet: Sheet) -> None:
    """The sheet's tables, totals formulas and charts, onto its openpyxl worksheet."""
    for table in sheet.tables:
        ws.add_table(_table(table))
    if sheet.tables:          # the filter buttons work on the protected sheet
        from copy import copy
        ws.protection = copy(ws.protection)
        ws.protection.autoFilter = False
    for cell in sheet.cells:
        if cell.formula:
            ws.cell(cell.row, cell.col).value = "=" + cell.formula
    for chart in sheet.charts:
        ws.add_chart(_chart(ws, sheet.title, chart), cell_ref(chart.anchor_row, chart.anchor_col))


def _table(t: Table):
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table as XlTable, TableColumn, TableStyleInfo
    columns = [TableColumn(id=i, name=c.name,
                           totalsRowLabel=TOTAL_LABEL if i == 1 and t.totals else None,
                           totalsRowFunction="sum" if c.total else None)
               for i, c in enumerate(t.columns, 1)]
    return XlTable(displayName=t.name, name=t.name, ref=t.ref, headerRowCount=1,
                   totalsRowCount=1 if t.totals else None, autoFilter=AutoFilter(ref=t.filter_ref),
                   tableColumns=columns,
                   tableStyleInfo=TableStyleInfo(name=t.style, showRowStripes=True))


def _chart(ws, title: str, c: Chart):
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.series import SeriesLabel
    quoted = "'" + title.replace("'", "''") + "'"
    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"      # horizontal bars: long labels read
    chart.title = c.title
    chart.x_axis.title, chart.y_axis.title = c.x_title, c.y_title
    chart.x_axis.delete = chart.y_axis.delete = False     # openpyxl 3.1 hides axes otherwise
    chart.width, chart.height = c.width_cm, c.height_cm
    chart.legend.position = "b"
    # Axis and legend words at the cells' 11 pt: printed at 70 % they stay legible.
    chart.x_axis.txPr, chart.y_axis.txPr, chart.legend.txPr = (_text(1100) for _ in range(3))
    for title, size in ((chart.title, 1400), (chart.x_axis.title, 1100),
                        (chart.y_axis.title, 1100)):
        for para in title.tx.rich.p:
            para.pPr.defRPr.sz = size
    for head, values in c.series:
        r1, c1, r2, _c2 = parse_range(values)
        s = Series(Reference(ws, min_col=c1, min_row=r1, max_row=r2))
        s.tx = SeriesLabel(strRef=StrRef(f=f"{quoted}!{head}"))
        s.cat = AxDataSource(strRef=StrRef(f=f"{quoted}!{c.categories}"))
        chart.series.append(s)
    if c.axis_min is not None:
        _scale(chart, c)
    return chart


def _scale(chart, c: Chart) -> None:
    """Layout 4: the value axis from 0, its gridlines and labels as signed, each bar's
    share written at its end, no legend for the one series (the axis title says it)."""
    from openpyxl.chart.data_source import NumFmt
    from openpyxl.chart.label import DataLabelList
    axis = chart.y_axis
    axis.scaling.min = float(c.axis_min)
    axis.scaling.max = None if c.axis_max is None else float(c.axis_max)
    axis.majorUnit = None if c.major_unit is None else float(c.major_unit)
    axis.numFmt = NumFmt(formatCode=c.axis_format, sourceLinked=False)
    # The first benchmark at the top, as in the table; the value axis stays at the foot.
    chart.x_axis.scaling.orientation = "maxMin"
    axis.crosses = "max"
    if c.labels:
        chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                         showLegendKey=False, showPercent=False)
        chart.dataLabels.txPr = _text(1100)       # legible at 70 %, as the axes
    chart.legend = None


def _text(size: int):
    """Text properties at ``size`` (hundredths of a point). Its run is one space: openpyxl
    turns a run-less paragraph into the word 'None' when it saves the workbook again."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (CharacterProperties, Paragraph, ParagraphProperties,
                                       RegularTextRun)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)),
                                 r=[RegularTextRun(t=" ")],
                                 endParaRPr=CharacterProperties(sz=size))])


def totals(sheets: list[Sheet]) -> dict[str, list[tuple[str, Decimal]]]:
    """Sheet title -> (cell reference, value) of each totals formula."""
    out: dict[str, list[tuple[str, Decimal]]] = {}
    for sheet in sheets:
        for cell in sheet.cells:
            if cell.formula:
                out.setdefault(sheet.title, []).append((cell_ref(cell.row, cell.col), cell.value))
    return out


def _number(value: Decimal) -> str:
    return "0" if value.is_zero() else f"{value:f}"


def fill_totals(data: bytes, values: dict[str, list[tuple[str, Decimal]]]) -> bytes:
    """The saved workbook ``data`` with each totals formula's value written beside it."""
    from forms.workbook.strict import StrictWorkbook
    with StrictWorkbook("export.xlsx", data) as wb:
        parts = {wb.entry(title).part.casefold(): cells for title, cells in values.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            for ref, value in parts.get(info.filename.casefold(), ()):
                pattern = re.compile(rb'(<c r="' + ref.encode() + rb'"[^>]*><f>[^<]*</f>)<v ?/>')
                body, n = pattern.subn(lambda m: m.group(1) + b"<v>" + _number(value).encode()
                                      + b"</v>", body, count=1)
                if n != 1:
                    raise RuntimeError(f"the totals formula in {ref} was not written as expected")
            zout.writestr(info, body)
    return out.getvalue()

