"""The one place that reaches past openpyxl's public API, and what it relies on.

The exporter writes through the public API only. Reading has one need with no
public way: the raw XML of a sheet of a read-only workbook, which the guard
searches for markup openpyxl does not model (conditional formats inside
extLst, zeros shown as blanks). For that it relies on two internals of
openpyxl 3.1, the minor version pyproject.toml bounds it to:

- ``Workbook._archive``: the open zip of a workbook loaded read-only;
- ``ReadOnlyWorksheet._worksheet_path``: the sheet's part name in that zip.

tests/test_openpyxl_door.py probes each, so a release that renames one fails
a test that names it, never a genuine return read as "damaged".
"""
from __future__ import annotations

from typing import IO

INTERNALS = ("Workbook._archive", "ReadOnlyWorksheet._worksheet_path")


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
