"""The consolidated workbook's every cell, as the consolidation's tables say it should be.

The writer styles each look once and copies it, and reads a frame a column at a
time, to be fast; these tests read back every cell of every sheet and hold it to
the rule the sheets were written by: the value, and its font, fill, number format
and wrap."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest

from consolidate_fixtures import consolidated, received  # noqa: F401 - fixtures

HEAD_FILL, HEAD_FONT = "1F4E78", "FFFFFF"


@pytest.fixture(scope="module")
def book(consolidated, tmp_path_factory):  # noqa: F811 - fixture
    from openpyxl import load_workbook
    from forms.consolidate.workbook import write_workbook
    return load_workbook(write_workbook(consolidated, tmp_path_factory.mktemp("w") / "c.xlsx"))


def _rgb(color) -> str | None:
    """An explicit colour as RRGGBB; the default (a theme's) as None."""
    return str(color.rgb)[-6:] if color is not None and color.type == "rgb" else None


def _look(cell) -> dict:
    """What a reader sees of a cell's style."""
    fill = _rgb(cell.fill.fgColor) if cell.fill.fill_type == "solid" else None
    return {"bold": bool(cell.font.b), "colour": _rgb(cell.font.color), "fill": fill, "format": cell.number_format,
            "wrap": bool(cell.alignment.wrap_text)}


PLAIN = {"bold": False, "colour": None, "fill": None, "format": "General", "wrap": False}


def _same_value(got, want) -> bool:
    if want == "":
        return got is None          # an empty string is an empty cell, read back as None
    if isinstance(want, (Decimal, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and math.isclose(got, float(want), rel_tol=1e-15)
    return got == want


def _check_frame(ws, df, formats: dict, first_row: int, wrap=()) -> None:
    """Header white on dark blue; each row the frame's values; statuses coloured,
    else numbers in their column's format, else wrapped columns wrapped."""
    from forms.consolidate.sheet_writer import STATUS_FILL, STATUS_FONT, _plain
    cols = list(df.columns)
    heads = [ws.cell(first_row, i + 1) for i in range(len(cols))]
    for h in heads:
        assert _look(h) == {**PLAIN, "bold": True, "colour": HEAD_FONT, "fill": HEAD_FILL,
                            "wrap": True}     # a long name wraps, never cut off
    assert [t for t in ws.tables.values() if t.ref.startswith(f"A{first_row}:")][0] \
        .column_names == [h.value for h in heads]
    rows = list(df.itertuples(index=False, name=None))
    for r, values in enumerate(rows, first_row + 1):
        for i, (col, v) in enumerate(zip(cols, values)):
            v, cell = _plain(v), ws.cell(r, i + 1)
            assert _same_value(cell.value, v), (ws.title, cell.coordinate, cell.value, v)
            if (col.startswith("status") or col.endswith("status")) and v in STATUS_FILL:
                want = {**PLAIN, "colour": STATUS_FONT[v], "fill": STATUS_FILL[v]}
            elif formats.get(col) and isinstance(v, (int, float, Decimal)):
                want = {**PLAIN, "format": formats[col]}
            elif col in wrap:
                want = {**PLAIN, "wrap": True}
            else:
                want = PLAIN
            assert _look(cell) == want, (ws.title, cell.coordinate, v)
            if col in wrap:
                assert cell.alignment.vertical == "top"
    assert ws.max_row == first_row + max(1, len(rows))


def test_every_table_sheet_holds_its_frame_cell_for_cell(book, consolidated):  # noqa: F811
    from forms.consolidate.rows import fixed_labels  # noqa: F401 - the Returns header
    from forms.consolidate.workbook import number_formats, shown_frames
    from forms.schema.metrics import METRICS
    c = consolidated
    assert len(c.rejected) and len(c.superseded) and len(c.year_on_year)   # all kinds seen
    returns, rejected, superseded = shown_frames(c)     # files named below their folder
    _check_frame(book["Returns"], returns, number_formats(), 1)
    money = "#,##0.00"
    _check_frame(book["Year on year"], c.year_on_year, {"from_value": money, "to_value": money,
                 "change": money, "change_pct": "0.00"}, 1)
    _check_frame(book["Commitments progress"], c.progress,
                 {"target": money, "from_value": money, "to_value": money}, 1)
    _check_frame(book["Rejected"], rejected, {}, 1, ("reason", "ask_sender_for", "problems"))
    _check_frame(book["Superseded"], superseded, {}, 1, ("changes",))
    statuses = set()
    for rule, (info, df) in c.league.items():
        m = METRICS.get(info.metric)
        fmt = "#,##0" + ("." + "0" * m.places if m and m.places else "") if m else "#,##0.00"
        cols = ["rank", "who", "financial_year", "return_kind", "value", "target", "status",
                "due", "message"]
        ws = book[f"L {rule}"]
        _check_frame(ws, df[cols], {"value": fmt, "target": fmt, "rank": "0"}, 4)
        assert _look(ws["A1"]) == {**PLAIN, "bold": True} and ws["A1"].font.sz == 14
        statuses |= set(df["status"])
    assert {"meets", "short"} <= statuses        # the colours were tried


def test_files_are_named_below_the_folder_they_were_read_from(book, consolidated):  # noqa: F811
    """In full, every File cell began with the same long folder, and a 40-wide column
    showed nothing else: the folder is said once, on the Summary."""
    from pathlib import Path
    c = consolidated
    folder = Path(c.received[0].received.path).resolve().parent
    while not all(Path(p.received.path).resolve().is_relative_to(folder) for p in c.received):
        folder = folder.parent
    summary = {book["Summary"].cell(r, 1).value: book["Summary"].cell(r, 2).value
               for r in range(1, 20)}
    assert Path(summary["Files read from"]) == folder
    files = [r[0].value for r in book["Returns"].iter_rows(min_row=2) if r[0].value]
    assert len(files) == len(c.returns) and all(not Path(f).is_absolute() for f in files)
    assert sorted(str(folder / f) for f in files) == sorted(
        str(Path(p).resolve()) for p in c.returns["file"])
    names = [r[0].value for r in book["Rejected"].iter_rows(min_row=2) if r[0].value]
    assert names and all(not Path(n).is_absolute() for n in names)
    later = [r[6].value for r in book["Superseded"].iter_rows(min_row=2) if r[0].value]
    assert later and all(not Path(n).is_absolute() for n in later)


def test_the_returns_header_is_two_lines_at_most(book):
    """A 49-character header in a 14-wide column made the header row four lines
    (60 pt) tall: under the frozen panes on screen and on every printed page."""
    from forms.consolidate.sheet_writer import _per_line
    ws = book["Returns"]
    assert (ws.row_dimensions[1].height or 15) <= 30
    for cell in ws[1]:
        width = ws.column_dimensions[cell.column_letter].width
        assert len(cell.value) <= 2 * _per_line(width) or width >= 32, cell.value


def test_files_on_two_drives_are_named_in_full():
    import ntpath
    from types import SimpleNamespace

    from forms.consolidate.workbook import read_from
    files = [SimpleNamespace(received=SimpleNamespace(path=p))
             for p in ("C:\\inbox\\a.xlsx", "D:\\late\\b.xlsx", "C:\\inbox\\DfE\\c.xlsx")]
    common, shown = read_from(SimpleNamespace(received=files), ntpath)   # as on Windows
    assert common == "" and shown("C:\\inbox\\a.xlsx") == "C:\\inbox\\a.xlsx"
    common, shown = read_from(SimpleNamespace(received=files[::2]), ntpath)
    assert common == "C:\\inbox" and shown("C:\\inbox\\DfE\\c.xlsx") == "DfE\\c.xlsx"


def test_summary_and_improvement_plans_keep_their_bold_labels_and_wrapping(
        book, consolidated):  # noqa: F811
    ws = book["Summary"]
    assert ws["A1"].value == "Consolidated back-office returns" and ws["A1"].font.sz == 14
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(4, 6)] == [
        ("Files received", consolidated.counts["received"]),
        ("Valid returns", consolidated.counts["valid"])]
    for r in range(4, 10):
        assert _look(ws.cell(r, 1)) == {**PLAIN, "bold": True}
        assert _look(ws.cell(r, 2)) == PLAIN
    ws = book["Improvement plans"]
    assert [_look(ws.cell(3, i)) for i in range(1, 5)] == [
        {**PLAIN, "bold": True, "colour": HEAD_FONT, "fill": HEAD_FILL, "wrap": True}] * 4
    assert _look(ws["A4"]) == {**PLAIN, "bold": True}                  # year and kind
    texts = [ws.cell(r, 2).value for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value]
    assert texts == [t for _k, g in consolidated.plans.groupby(
        ["financial_year", "return_kind"], sort=True) for _d, b in g.groupby(
        "department", sort=True) for t in b["text"]]
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, 2).value is None:
            continue
        assert [_look(ws.cell(r, i))["wrap"] for i in range(1, 5)] == [True] * 4
        assert _look(ws.cell(r, 1))["bold"] and not _look(ws.cell(r, 2))["bold"]
        planned = ws.cell(r, 4)
        assert planned.value is None or planned.number_format == "#,##0"


def test_rows_are_read_a_column_at_a_time_as_they_were_a_value_at_a_time():
    import numpy as np
    import pandas as pd
    from forms.consolidate.sheet_writer import _plain, _plain_rows
    df = pd.DataFrame({
        "text": pd.array(["a", None, "c", "d", "e"], dtype="str"),
        "object": [Decimal("1.5"), None, "x", np.float64("nan"), pd.NA],
        "whole": np.arange(5, dtype="int64"),
        "nullable": pd.array([1, None, 3, None, 5], dtype="Int64"),
        "float": [0.5, float("nan"), 2.0, np.inf, -1.0]})
    want = [[_plain(v) for v in row] for row in df.itertuples(index=False, name=None)]
    for chunk in (1, 2, 4096):
        got = list(_plain_rows(df, chunk=chunk))
        assert got == want
        assert [[type(v) for v in r] for r in got] == [[type(v) for v in r] for r in want]
    assert list(_plain_rows(df.iloc[:0])) == []
    assert list(_plain_rows(pd.DataFrame(index=range(3)))) == [[], [], []]
