"""Verify's looks of the exporter's styles are what the exporter really writes.

Verify derives each style's look from the plain style table (no openpyxl);
here every style key, with and without a number format or the tall-row
suffix, is written by the exporter and read back by verify's strict reader."""
import io
from pathlib import Path

from forms.workbook.appearance import expected_looks
from forms.workbook.cell_styles import STYLES


def _probed(keys: list[str]) -> dict[str, tuple]:
    from forms.workbook.export import write_sheets
    from forms.workbook.layout import Sheet
    from forms.workbook.strict import StrictWorkbook
    probe = Sheet("Probe")
    for i, key in enumerate(keys, 1):
        probe.put(i, 1, "x", key)
    buffer = io.BytesIO()
    write_sheets([probe], buffer)
    looks = {}
    with StrictWorkbook(Path("probe.xlsx"), buffer.getvalue()) as wb:
        wb.scan("Probe", lambda r, c, v, t, style, rich: looks.__setitem__(keys[r - 1],
                                                                           style.shown))
    return looks


def test_every_style_looks_as_the_exporter_writes_it():
    keys = [""] + sorted(STYLES) + [k + "|top" for k in sorted(STYLES)] + [
        "num:#,##0", "num:0.0%", "num:#,##0|top", "no-such-style"]
    assert expected_looks(keys) == _probed(keys)


def test_looks_are_distinct_where_the_styles_are():
    looks = expected_looks(STYLES)
    assert looks["title"] != looks["text"] != looks["header"]
    assert looks["status:good"] != looks["status:bad"]
    assert looks["label:0"] == looks[""] and looks["label:2"] != looks[""]
