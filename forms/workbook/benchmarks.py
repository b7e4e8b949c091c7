"""The Benchmarks sheet: one row per benchmark finding of the signed check.

Layout 4 adds a column putting every benchmark on one scale, whatever its
unit: its value as a share of what would exactly meet its comparator or
commitment, the right way up (100 % meets it, more is better). The chart
below the table (objects.py) draws that column, so a 1.35 % finance cost and
a 55 : 1 HR ratio can be read side by side.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from forms.schema.kinds import cell_number, number_format
from forms.schema.metrics import METRICS
from forms.workbook.figures import IN_FORMAT, shown_at, stored
from forms.workbook.layout import STATUS_STYLE, Sheet, _title, _widths, col_letter, display_text

AGAINST_HEAD = "Against comparator (100 % = meets)"
AGAINST_FORMAT = "0.0%"
_TENTH_OF_A_PER_CENT = Decimal("0.001")
_HEADS = ("#", "Metric", "Value", "Unit", "Comparator or commitment", "Due", "Status",
          "Action (Action plan #)", "Rule", "Message")
_NAMES = ("metric", "value", "unit", "target", "due", "status", "action", "rule", "message")


# A change commitment has no metric: its name, for the Metric column and the chart's
# bar, comes from its signed message ("Legal spend is down 13.7 % on 2008-09 ...",
# or "<its title> cannot be measured ..." when its baseline is missing).
_UNMEASURED = re.compile(r"^(.{3,80}?) cannot be (?:measured|worked out)")
_SUBJECT = re.compile(r"^(.{3,60}?) (?:is|are) ")


def metric_label(f: dict, v4: bool) -> str:
    metric = METRICS.get(str(f.get("metric") or ""))
    if metric is not None:
        return metric.label
    named = str(f.get("metric") or "")
    if named or not v4:
        return named
    message = str(f.get("message") or "")
    if m := _UNMEASURED.match(message):
        return m.group(1)
    if m := _SUBJECT.match(message):
        return f"{m.group(1)} (change)"
    return str(f.get("rule") or "")


def _rounded(value: Any, places: int) -> Decimal | None:
    v = cell_number(value)
    if v is None:
        return None
    try:
        return v.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return v


def higher_is_better(f: dict, value: Decimal, target: Decimal) -> bool:
    """Whether a higher value is better for this finding: as its metric declares
    (forms.schema.metrics), else as its signed status shows. A change commitment has
    no metric and its own unit; the rule that judged it met iff the value is on the
    better side of the target, so meeting it and lying above it go together."""
    metric = METRICS.get(str(f.get("metric") or ""))
    if metric is not None and metric.better in ("higher", "lower") and not f.get("unit"):
        return metric.better == "higher"
    return (f.get("status") == "meets") == (value >= target)


def against(f: dict) -> Decimal | None:
    """The finding's value as a fraction of what exactly meets its target, oriented so
    that more is better: value / target when higher values are better, target / value
    when lower are (both the other way for a negative target: a cut of 30 % against a
    committed cut of 40 % is 75 %). Rounded half up to 0.1 %. None when the value or
    the target is missing or not a number, when the division would be by zero, and
    when value and target lie either side of zero (a rise against a committed cut),
    where a share means nothing: the Status column still says where it stands."""
    value, target = cell_number(f.get("value")), cell_number(f.get("target"))
    if value is None or target is None or not (value.is_finite() and target.is_finite()) \
            or target == 0:
        return None
    # A payload's figures are the sender's: an absurd exponent yields no share, not an error.
    with localcontext() as ctx:
        ctx.prec = 28
        try:
            share = value / target
            if share < 0:
                return None
            if higher_is_better(f, value, target) != (target > 0):
                if share == 0:
                    return None
                share = 1 / share
            return share.quantize(_TENTH_OF_A_PER_CENT, rounding=ROUND_HALF_UP)
        except ArithmeticError:
            return None


def benchmarks_sheet(p: dict, ret: dict, v3: bool = False, v4: bool = False) -> Sheet:
    sheet = Sheet("Benchmarks")
    _title(sheet, "Benchmarks", "Position against the Treasury comparators and the "
                                "organisation's published commitments.")
    # Layout 4: the share beside the comparator it is measured against.
    heads = _HEADS[:5] + (AGAINST_HEAD,) + _HEADS[5:] if v4 else _HEADS
    names = _NAMES[:4] + ("against",) + _NAMES[4:] if v4 else _NAMES
    for c, h in enumerate(heads, 1):
        sheet.put(3, c, h, "header")
    actions = ret.get("benchmark_actions") or {}
    findings = [f for f in (p.get("check") or {}).get("findings") or []
                if f.get("severity") == "benchmark"]
    for i, f in enumerate(findings):
        r, n = 4 + i, i + 1
        metric = METRICS.get(str(f.get("metric") or ""))
        unit = metric.unit if metric else str(f.get("unit") or "")    # a change: its own unit
        places = metric.places if metric else 0 if unit == "£" else 1 if unit else 2
        target = cell_number(f.get("target"))
        t_places = max(0, -target.as_tuple().exponent) if isinstance(target, Decimal) \
            and target.is_finite() else places
        fmt_v, fmt_t = "num:" + number_format(unit, places), "num:" + number_format(unit, t_places)
        value = _rounded(f.get("value"), places)
        if v3:      # percentages as spreadsheet percentages, pounds as pounds
            fmt_v, fmt_t = "num:" + shown_at(unit, places), "num:" + shown_at(unit, t_places)
            value, target = stored(unit, value), stored(unit, target)
        status = str(f.get("status") or "")
        values = [(metric_label(f, v4), "text"),
                  (value, fmt_v), ("" if v3 and unit in IN_FORMAT else unit.strip(), "text"),
                  (target, fmt_t), (str(f.get("due") or ""), "centre" if v3 else "text"),
                  (status, "status:" + STATUS_STYLE.get(status, "na")),
                  (str(actions.get(str(f.get("key") or ""), "")), "text"),
                  (str(f.get("rule") or ""), "text"), (str(f.get("message") or ""), "wrap")]
        if v4:
            values.insert(4, (against(f), "num:" + AGAINST_FORMAT))
        sheet.put(r, 1, n, "index")
        for c, (value, style) in enumerate(values, 2):
            where = f"{heads[c - 1]}, benchmark {n}"
            if isinstance(value, str):
                value = display_text(value, where)
            sheet.put(r, c, value, style, data=True, where=where)
    last = max(4, 3 + len(findings))
    sheet.names["benchmarks"] = f"$A$4:${col_letter(len(heads))}${last}"
    for c, n in enumerate(names, 2):
        sheet.names[f"benchmarks.{n}"] = f"${col_letter(c)}$4:${col_letter(c)}${last}"
    sheet.freeze = "C4"
    # Layout 4 takes the new column's width from the metric, comparator, due and message
    # columns, so the sheet still prints across one landscape page at the same scale.
    _widths(sheet, [5, 25, 10, 6, 12, 11, 8, 12, 9, 18, 30] if v4 else
            [5, 28, 10, 6, 14, 9, 12, 9, 18, 36] if v3 else
            [5, 34, 12, 7, 16, 9, 12, 12, 22, 70])
    return sheet
