"""The one place that reaches past openpyxl's public API, and what it relies on.

The exporter writes through the public API only. Reading has one need with no
public way: the raw XML of a sheet of a read-only workbook, which the guard
searches for markup openpyxl does not model (conditional formats inside
extLst, zeros shown as blanks). For that it relies on two internals of
openpyxl 3.1, the minor version pyproject.toml bounds it to:

- ``Workbook._archive``: the open zip of a workbook loaded read-only;
- ``ReadOnlyWorksheet._worksheet_path``: the sheet's part name in that zip.

The consolidated workbook styles 100,000 cells; it works each look out once
on one cell and gives the rest a copy (Cell's public ``style_array``
argument), which needs one more:

- ``Cell._style``: the cell's style array (indices into the workbook's lists).

Streaming 100,000 cells through openpyxl's per-cell writer took most of the
consolidated workbook's write; forms/consolidate/rows_xml.py makes each row's
XML itself, and a write-only sheet takes it as it is (``take_row_xml``). That
reaches into openpyxl 3.1's streamed-sheet writer and et_xmlfile 2.0:

- ``WriteOnlyWorksheet._get_writer`` and ``._writer``: the sheet's WorksheetWriter;
- ``WriteOnlyWorksheet._values_to_row(values, row_idx)``: an appended row's cells;
- ``WorksheetWriter.write_row(xf, row, row_idx)``: writes one ``<row>``;
- ``_IncrementalFileWriter._file`` (et_xmlfile): the stream's text write, unescaped.

tests/test_openpyxl_door.py probes each, so a release that renames one fails
a test that names it, never a genuine return read as "damaged".
"""
from __future__ import annotations

from typing import IO

INTERNALS = ("Workbook._archive", "ReadOnlyWorksheet._worksheet_path")
WRITE_INTERNALS = ("Cell._style",)
ROW_INTERNALS = ("WriteOnlyWorksheet._get_writer", "WriteOnlyWorksheet._writer",
                 "WriteOnlyWorksheet._values_to_row", "WorksheetWriter.write_row",
                 "_IncrementalFileWriter._file")


def open_sheet_xml(wb, title: str) -> IO[bytes]:
    """The raw XML part of sheet ``title`` of a workbook loaded with read_only=True."""
    return wb._archive.open(wb[title]._worksheet_path)


def missing_internals(wb) -> list[str]:
    """The internals above that ``wb`` (loaded read-only) does not have as expected."""
    missing = []
    archive = getattr(wb, "_archive", None)
    if archive is None or not callable(getattr(archive, "open", None)):
        missing.append(INTERNALS[0])
    parts = set(archive.namelist()) if missing == [] else set()
    for title in wb.sheetnames:
        path = getattr(wb[title], "_worksheet_path", None)
        if not isinstance(path, str) or (parts and path not in parts):
            missing.append(INTERNALS[1])
            break
    return missing


def style_array(cell):
    """The style array of ``cell``, to give other cells as Cell(style_array=...)."""
    return cell._style


def missing_write_internals() -> list[str]:
    """WRITE_INTERNALS that openpyxl does not have as expected: a cell given another's
    style array must show the same font, fill and format."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    ws = Workbook(write_only=True).create_sheet("probe")
    styled = WriteOnlyCell(ws)
    styled.font, styled.fill = Font(bold=True), PatternFill("solid", fgColor="1F4E78")
    styled.number_format = "#,##0.0##"
    try:
        copy = Cell(ws, row=1, column=1, value=1, style_array=style_array(styled))
        same = (copy.font.b and copy.fill.fgColor.rgb == "001F4E78"
                and copy.number_format == "#,##0.0##" and copy.style_id == styled.style_id)
    except (AttributeError, TypeError):
        same = False
    return [] if same else list(WRITE_INTERNALS)


class RowXml(tuple):
    """(row number, the row's ``<c>`` elements as XML text): a row already serialised.
    A tuple, as a streamed sheet's append asks."""
    __slots__ = ()


def take_row_xml(ws) -> bool:
    """Let write-only sheet ``ws`` take RowXml rows as they are, and other rows as ever.

    Call it just before the first append (the sheet's top, widths and panes, goes
    out then). False, and ``ws`` left as it was, if openpyxl is not as expected."""
    if row_internals_missing():
        return False
    _hook(ws)
    return True


def _hook(ws) -> None:
    ws._get_writer()
    writer = ws._writer
    cells_of, write_plain, dims = ws._values_to_row, writer.write_row, ws.row_dimensions

    def values_to_row(values, row_idx):
        return values if values.__class__ is RowXml else cells_of(values, row_idx)

    def write_row(xf, row, row_idx):
        if row.__class__ is not RowXml:
            return write_plain(xf, row, row_idx)
        n, cells = row
        if n != row_idx:
            raise ValueError(f"row {n} made for row {row_idx} of {ws.title!r}")
        dim = dims.get(row_idx)
        if dim is None:             # what openpyxl writes for a row with no height
            xf._file(f'<row r="{row_idx}">{cells}</row>')
            return
        attrs = {"r": f"{row_idx}"}
        attrs.update(dim)
        with xf.element("row", attrs):
            xf._file(cells)

    ws._values_to_row = values_to_row
    writer.write_row = write_row


_PROBE: list[list[str]] = []


def row_internals_missing() -> list[str]:
    """ROW_INTERNALS not as expected (worked out once): a sheet written with RowXml
    rows must come out byte for byte as openpyxl writes the same cells itself."""
    if not _PROBE:
        _PROBE.append(_probe_rows())
    return _PROBE[0]


def _probe_rows() -> list[str]:
    import io
    import zipfile
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    def sheet(raw: bool) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("probe")
        ws.row_dimensions[2].height = 30
        bold = WriteOnlyCell(ws, value="a & b")
        bold.number_format = "0.0"
        if raw:
            _hook(ws)
            ws.append(RowXml((1, f'<c r="A1" s="{bold.style_id}" t="inlineStr"><is><t>'
                                'a &amp; b</t></is></c><c r="B1" t="n"><v>1.5</v></c>')))
            ws.append(RowXml((2, "")))
        else:
            ws.append([bold, 1.5])
            ws.append([])
        ws.append(["plain", None, 2])
        out = io.BytesIO()
        wb.save(out)
        with zipfile.ZipFile(out) as z:
            return z.read("xl/worksheets/sheet1.xml")

    try:
        same = sheet(True) == sheet(False)
    except Exception:      # noqa: BLE001 - whatever it is, rows are left to openpyxl
        same = False
    return [] if same else list(ROW_INTERNALS)
