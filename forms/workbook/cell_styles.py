"""The exporter's cell styles, described once as plain data.

The exporter turns each into openpyxl's font, fill and alignment
(forms.workbook.export); verify turns each into the look a reader is shown
(forms.workbook.appearance.expected_looks), without loading openpyxl.
tests/test_cell_styles.py writes every style with the exporter and reads it
back with verify's own reader, so the two readings cannot drift apart.
"""
from __future__ import annotations

from forms.workbook.fit import TOP    # a style key's suffix: the cell reads from the top

_GREY = "595959"

# Every font a style sets is named as the workbook's own (openpyxl's default font:
# Calibri, the theme's minor font). A font with no name is shown by LibreOffice in a
# serif font, beside Calibri cells; Excel shows it as Calibri. Verify reads a font's
# name only for symbol fonts (forms.workbook.appearance), so returns signed before
# this verify as they did.
PLAIN_FONT = {"name": "Calibri", "family": 2, "scheme": "minor"}

# key -> {bold, italic, size, colour, fill, horizontal, vertical, wrapped, indent}
STYLES: dict[str, dict] = {
    "title": {"bold": True, "size": 14},
    "note": {"italic": True, "colour": _GREY},
    "header": {"bold": True, "fill": "DDEBF7", "wrapped": True, "vertical": "top"},
    "wrap": {"wrapped": True, "vertical": "top"},
    "text": {}, "index": {}, "label": {},
    "centre": {"horizontal": "center"},
    "sev:error": {"bold": True, "colour": "C00000"},
    "sev:query": {"bold": True, "colour": "9C5700"},
    "sev:benchmark": {"colour": "1F4E79"},
    "status:good": {"fill": "C6EFCE", "colour": "006100"},
    "status:near": {"fill": "FFEB9C", "colour": "9C5700"},
    "status:bad": {"fill": "FFC7CE", "colour": "9C0006"},
    "status:na": {"fill": "EDEDED", "colour": _GREY},
    **{f"label:{d}": ({"indent": d} if d else {}) for d in range(4)},
    **{f"subhead:{d}": {"bold": True, "indent": d} for d in range(4)},
}
STYLES["subhead"] = STYLES["subhead:0"]

NUMBER = "num:"       # a style key's prefix: a number format, nothing else


def split_key(key: str) -> tuple[str, bool]:
    """(style key without its suffix, whether it reads from the top)."""
    return (key[:-len(TOP)], True) if key.endswith(TOP) else (key, False)


def spec_of(key: str) -> dict:
    """The plain description of a style key (a number format or unknown key: plain)."""
    base, top = split_key(key)
    spec = {} if base.startswith(NUMBER) else dict(STYLES.get(base, {}))
    if top:
        spec["vertical"] = "top"
    return spec
