"""Rows made as XML (forms/consolidate/rows_xml.py) come out as openpyxl writes them.

The consolidated workbook's rows are serialised here, not by openpyxl's
per-cell writer; these tests write the same workbook both ways and hold every
part to the same bytes: the test corpus, hostile text in the Rejected sheet,
and awkward values one by one and at random."""
from __future__ import annotations

import dataclasses
import gc
import io
import math
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from consolidate_fixtures import consolidated, received  # noqa: F401 - fixtures
from forms.workbook import openpyxl_door as door

# A workbook openpyxl refuses mid-write leaves its row stream to be closed after
# its file: openpyxl's own, with or without rows_xml.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
STAMPED = "docProps/core.xml"           # when the file was made: differs by the second


@pytest.fixture
def plain_openpyxl(monkeypatch):
    """Writers made in here leave every row to openpyxl, as before rows_xml."""
    def switch(on: bool):
        if on:
            monkeypatch.setattr(door, "row_internals_missing", lambda: ["plain openpyxl"])
        else:
            monkeypatch.undo()
    return switch


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != STAMPED}


def _outcome(make):
    """The workbook's parts, or the error that stopped it."""
    try:
        return _parts(make())
    except Exception as e:      # noqa: BLE001 - the same refusal is what is compared
        gc.collect()            # openpyxl's abandoned row stream closes here, not in another test
        return type(e).__name__


def _both(make, plain_openpyxl):
    assert door.row_internals_missing() == [], "rows_xml would not be used: see test_openpyxl_door"
    fast = _outcome(make)
    plain_openpyxl(True)
    try:
        old = _outcome(make)
    finally:
        plain_openpyxl(False)
    return fast, old


def _workbook(c, tmp_path) -> bytes:
    from forms.consolidate.workbook import write_workbook
    return write_workbook(c, tmp_path / "c.xlsx").read_bytes()


def test_the_consolidated_workbook_is_byte_for_byte_what_openpyxl_writes(
        consolidated, tmp_path, plain_openpyxl):  # noqa: F811 - fixture
    fast, old = _both(lambda: _workbook(consolidated, tmp_path), plain_openpyxl)
    assert isinstance(fast, dict) and fast.keys() == old.keys()
    sheets = [n for n in fast if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) > 5
    assert [n for n in fast if fast[n] != old[n]] == []


@pytest.mark.parametrize("hostile", [
    "bad \x01 byte", "=HYPERLINK(\"http://x\")", "#N/A", "x" * 40_000, "tab\there\r\nand <b>&amp;</b>",
    " lead", "trail ", "\u2028line\ufeff", "emoji 😀 and é", ""])
def test_hostile_text_in_the_rejected_sheet_is_written_or_refused_as_openpyxl_would(
        consolidated, tmp_path, plain_openpyxl, hostile):  # noqa: F811 - fixture
    rejected = consolidated.rejected.copy()
    assert len(rejected), "the corpus has rejected returns"
    rejected["reason"] = [hostile + " " + str(r) for r in rejected["reason"]]
    rejected.loc[rejected.index[0], "reason"] = hostile
    c = dataclasses.replace(consolidated, rejected=rejected)
    fast, old = _both(lambda: _workbook(c, tmp_path), plain_openpyxl)
    assert fast == old


def test_a_control_character_is_written_as_a_replacement_not_a_failed_run(
        consolidated, tmp_path):  # noqa: F811 - fixture
    from openpyxl import load_workbook
    rejected = consolidated.rejected.copy()
    rejected.loc[rejected.index[0], "reason"] = "sent \x01"
    path = tmp_path / "c.xlsx"
    from forms.consolidate.workbook import write_workbook
    write_workbook(dataclasses.replace(consolidated, rejected=rejected), path)
    texts = [v for v in load_workbook(path, read_only=True)["Rejected"].iter_rows(
        values_only=True) for v in v]
    assert "sent \ufffd" in texts          # forms.consolidate.text
    gc.collect()


def _sheet(lines) -> bytes:
    """A workbook of one sheet: each line plain, then each value in each look."""
    from openpyxl.styles import Font, PatternFill
    from forms.consolidate.sheet_writer import Writer
    w = Writer()
    ws = w.sheet("T", [10, 20], freeze="A2")
    w.header(ws, ["A long heading that wraps", "B"])
    red = Font(color="9C0006")
    for line in lines:
        w.tall(ws, dict(enumerate(line)))
        w.add(ws, list(line))
        w.add(ws, [w.cell(ws, v, fmt="#,##0.0##") for v in line])
        w.add(ws, [w.cell(ws, v, font=red, fill=PatternFill("solid", fgColor="FFC7CE"),
                          wrap=True) for v in line])
        w.add(ws, [])
    out = io.BytesIO()
    w.save(out)
    return out.getvalue()


AWKWARD = [None, "", " ", "   ", "&<>\"'", "a\nb", " x ", "ünïcödé", "😀", "\u00a0nbsp\u00a0",
           "y" * 5000, "z" * 32767, "w" * 32768, "=1+1", "=", "#DIV/0!", "\x0b", "\x7f",
           0, -1, 2**53 + 1, 10**20, 10**400, 0.1, 1e-7, 1e20, -0.0, 1 / 3, math.pi,
           float("inf"), float("-inf"), float("nan"), Decimal("1.10"), Decimal("-0.000001"),
           Decimal("1E+30"), Decimal("NaN"), Decimal("Infinity"), True, False]


@pytest.mark.parametrize("value", AWKWARD, ids=lambda v: repr(v)[:30])
def test_each_awkward_value_comes_out_as_openpyxl_writes_it(value, plain_openpyxl):
    fast, old = _both(lambda: _sheet([[value, "after"], ["before", value]]), plain_openpyxl)
    assert fast == old


VALUES = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(), st.booleans(),
                   st.decimals(places=4, allow_nan=False), st.sampled_from(AWKWARD))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(VALUES, max_size=6), max_size=4))
def test_any_rows_come_out_as_openpyxl_writes_them(lines, plain_openpyxl):
    fast, old = _both(lambda: _sheet(lines), plain_openpyxl)
    assert fast == old


def test_rows_are_left_to_openpyxl_when_it_is_not_as_probed(
        consolidated, tmp_path, monkeypatch):  # noqa: F811 - fixture
    from openpyxl import load_workbook
    monkeypatch.setattr(door, "_PROBE", [list(door.ROW_INTERNALS)])
    wb = load_workbook(io.BytesIO(_workbook(consolidated, tmp_path)), read_only=True)
    assert "Returns" in wb.sheetnames
