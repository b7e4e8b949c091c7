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

tests/test_openpyxl_door.py probes each, so a release that renames one fails
a test that names it, never a genuine return read as "damaged".
"""
from __future__ import annotations

from typing import IO

INTERNALS = ("Workbook._archive", "ReadOnlyWorksheet._worksheet_path")
WRITE_INTERNALS = ("Cell._style",)


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
