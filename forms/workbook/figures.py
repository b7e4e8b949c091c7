"""How figures are shown in a layout-3 workbook: formats that follow what was entered.

Pounds are whole pounds unless pence were entered, areas and other figures
show the decimals that were entered (no ".00" on a whole area), FTE one place
at least, and percentages are spreadsheet percentages: the cell holds the
fraction (35 % as 0.35) under a "0%" format, so an analyst's sums work.

A table column has one format, from every value in it, so its figures line
up. Versions 1 and 2 keep forms.schema.kinds.number_format.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

MAX_SHOWN = 4          # decimal places a format shows at most (figures take up to 4)
WHOLE_UNITS = ("people", "desks")
IN_FORMAT = ("£", "%")     # units the format itself shows


def entered(value: Decimal | None) -> int:
    """Decimal places as entered: "35.0" has one, "17450" none."""
    if value is None or not value.is_finite():
        return 0
    return min(MAX_SHOWN, max(0, -value.as_tuple().exponent))


def _decimals(places: int) -> str:
    return "." + "0" * places if places else ""


def figure_format(unit: str, values: Iterable[Decimal | None], integer: bool = False) -> str:
    """The number format of figures in ``unit`` showing every one of ``values`` as entered."""
    vals = [v for v in values if v is not None and v.is_finite()]
    if integer or unit in WHOLE_UNITS:
        return "#,##0"
    if unit == "£":
        pence = any(v != v.to_integral_value() for v in vals)
        return "£#,##0.00" if pence else "£#,##0"
    places = max((entered(v) for v in vals), default=0)
    if unit == "%":
        return "0" + _decimals(places) + "%"
    if unit == "FTE":
        places = max(1, places)
    return "#,##0" + _decimals(places)


def shown_at(unit: str, places: int) -> str:
    """The format of a figure rounded to ``places`` (benchmarks: metrics and targets)."""
    places = min(MAX_SHOWN, max(0, places))
    if unit == "£":
        return "£#,##0" + _decimals(places)
    if unit == "%":
        return "0" + _decimals(places) + "%"
    return "#,##0" + _decimals(places)


def stored(unit: str, value: Decimal | None) -> Decimal | None:
    """The cell value of a figure: a percentage as its fraction (exact, in Decimal)."""
    if value is None or unit != "%" or not value.is_finite():
        return value
    return value.scaleb(-2)
