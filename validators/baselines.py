"""Commitments that are changes: this year's figure against a baseline from a named year.

"Reduce legal spend by 35 %" is measured from a figure of 2008-09 that the
return carries in its Baselines table (commitment, year, figure, source). The
rule says what is measured, from which year, and the target; ``prefill``
gives a return the rows its commitments need, filled from a figure the
commitment states, or from an earlier return of the same body when one is
imported. A missing baseline is a query naming the figure and the year.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Iterator, Literal

from pydantic import field_validator

from forms.schema import paths as P
from forms.schema.kinds import METRIC
from forms.schema.metrics import entered_places, format_value
from forms.schema.model import check_year, year_start

from .findings import NOT_AVAILABLE
from .kinds import Context, Hit, Params, _check_path, _source_paths, position, rule_kind

HUNDRED = Decimal(100)
KIND = "baseline_change"

NO_BASELINE = ("Baseline needed for {title}: {label} in {baseline_year}. Enter it on the "
               "Baselines page with its source, or import the {baseline_year} return to fill "
               "it in.")
WRONG_YEAR = ("The baseline for {title} is for {year}, but the commitment is measured from "
              "{baseline_year}: enter {label} in {baseline_year} on the Baselines page.")
NO_SOURCE = ("The baseline for {title} ({label} in {baseline_year}) has no source: say where "
             "the figure comes from on the Baselines page.")
UNMEASURED = "{title} cannot be measured without its {baseline_year} baseline."
NOT_YET = "{title} cannot be worked out yet: fill in {label} for this year."
ZERO = ("{title} cannot be worked out: the {baseline_year} baseline is zero, so a change in "
        "per cent has no meaning. Check the baseline.")


def _required_year(value: str) -> str:
    if not value:
        raise ValueError("give the year the change is measured from, e.g. 2008-09")
    return check_year(value)


def _plain_path(value: str) -> str:
    if "[" in value:
        raise ValueError(f"'{value}' names a table column: a change is measured on one figure")
    return _check_path(value)


class BaselineChangeParams(Params):
    path: str                                  # the field or metric measured
    baseline_year: str                         # the year the change is measured from
    change: Literal["percent", "amount", "level"]
    target: Decimal                            # signed change (percent, amount) or level to reach
    better: Literal["higher", "lower"] = "lower"
    tolerance_pct: Decimal = Decimal(10)
    stated_baseline: Decimal | None = None     # a baseline the commitment states (MOD's 27,500)
    stated_source: str = ""
    _p = field_validator("path")(_plain_path)
    _y = field_validator("baseline_year")(_required_year)


def figure_unit(path: str) -> tuple[str, int]:
    """Unit and places a figure of ``path`` reads in: FTE to one place, pounds whole."""
    d = P.describe_path(path)
    if d.codec is METRIC:
        return d.unit, d.places
    return d.unit, 0 if d.integer or d.unit == "£" else 1


def measure_text(path: str) -> str:
    """What a Baselines row's figure is: 'Legal (Cost by function), in £'."""
    unit = figure_unit(path)[0].strip()
    return P.qualified_label(path) + (f", in {unit}" if unit else "")


def _show(v: Decimal, path: str) -> str:
    unit, places = figure_unit(path)
    return format_value(v, unit, entered_places(v, unit, places))


def _pct(v: Decimal) -> str:
    """'22 %', '34.6 %': one place, none when whole."""
    q = abs(v).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_value(q, "%", 0 if q == q.to_integral_value() else 1)


def _stated(v: Decimal, unit: str) -> str:
    """A target as the pack states it: 20,000 FTE, not 20,000.0 FTE."""
    return format_value(abs(v), unit, max(0, -v.as_tuple().exponent))


def _words(p: BaselineChangeParams, base: Decimal, now: Decimal) -> str:
    """'down 22 %', 'up 1.5 m²', 'unchanged'."""
    diff = now - base
    if diff == 0:
        return "unchanged"
    size = _pct(diff * HUNDRED / base) if p.change == "percent" else _show(abs(diff), p.path)
    if size.startswith("0 "):       # a change too small for the places shown
        size = "less than 0.1 %" if p.change == "percent" else f"less than {size[2:]}"
    return f"{'down' if diff < 0 else 'up'} {size}"


@rule_kind(KIND, BaselineChangeParams,
           "{label} is {change} on {baseline_year} ({baseline} then, {value} now); the "
           "commitment is {target}{by_due} ({status}).",
           lambda p: [p.path], severity="benchmark")
def baseline_change(ctx: Context, p: BaselineChangeParams) -> Iterator[Hit]:
    year = year_start(ctx.ret.envelope.financial_year)
    if year is None or year <= year_start(p.baseline_year):
        return      # the baseline year itself, or before it: nothing to measure yet
    rule_id = ctx.rule.id if ctx.rule is not None else ""
    due = ctx.rule.spec.due if ctx.rule is not None else ""
    title = (ctx.rule.spec.title if ctx.rule is not None else "") or rule_id
    words = {"title": title, "label": P.qualified_label(p.path), "baseline_year": p.baseline_year,
             "due": due, "by_due": f" by {due}" if due else ""}
    at = next((i for i, b in enumerate(ctx.ret.baselines) if b.commitment.strip() == rule_id),
              None)
    measured = _source_paths(ctx, p.path)
    if at is None or ctx.ret.baselines[at].figure is None \
            or ctx.ret.baselines[at].year != p.baseline_year:
        row = ctx.ret.baselines[at] if at is not None else None
        if row is None:
            where, template = "baselines", NO_BASELINE
        elif row.year != p.baseline_year:
            where, template = f"baselines[{at}].year", WRONG_YEAR
        else:
            where, template = f"baselines[{at}].figure", NO_BASELINE
        values = dict(words, year=(row.year if row is not None else "") or "no year")
        yield Hit((where,), values, row="baseline", severity="query", template=template)
        yield Hit(measured + (where,), values, status=NOT_AVAILABLE, template=UNMEASURED)
        return
    row, where = ctx.ret.baselines[at], f"baselines[{at}].figure"
    if not row.source.strip():
        yield Hit((f"baselines[{at}].source",), words, row="source", severity="query",
                  template=NO_SOURCE)
    base, now = row.figure, ctx.value(p.path)
    unit, places = ("%", 1) if p.change == "percent" else figure_unit(p.path)
    if now is None or (p.change == "percent" and base == 0):
        yield Hit(measured + (where,), words, status=NOT_AVAILABLE,
                  template=NOT_YET if now is None else ZERO)
        return
    v = {"percent": (now - base) * HUNDRED / base if base else None,
         "amount": now - base, "level": now}[p.change]
    status = position(v, p.target, p.better, p.tolerance_pct)
    target = _pct(p.target) if p.change == "percent" else _stated(p.target, unit)
    yield Hit(measured + (where,),
              dict(words, change=_words(p, base, now), baseline=_show(base, p.path),
                   value=_show(now, p.path), target=target, status=status),
              status=status, value=v, target=p.target, unit=unit.strip())


# --- the Baselines rows a return needs -----------------------------------------------

def _value_in(ret, path: str) -> Decimal | None:
    if path.startswith("metrics."):
        from forms.schema.metrics import compute
        return compute(ret)[path[8:]]
    return P.get(ret, path)


def prefill(ret, pack=None, earlier: Iterable[tuple[object, str]] = ()) -> list[str]:
    """Give ``ret`` a Baselines row for each change commitment that applies to it, and
    fill blank figures: from the commitment's own statement, else from an earlier
    return of the same body for the baseline year (``earlier``: (return, source words)).

    Returns the commitments whose figure was filled in. Typed figures are never replaced."""
    from forms.schema.model import Baseline
    from forms.schema.spec import BASELINE

    from .engine import applies
    from .packs import load_pack
    pack = pack or load_pack(ret.envelope.rule_pack or "smarter-government-2009")
    year = year_start(ret.envelope.financial_year)
    step = Decimal(1).scaleb(-(BASELINE.by_name["figure"].max_places or 0))
    rows, filled = list(ret.baselines), []
    for rule in pack.rules:
        p = rule.params
        if rule.spec.kind != KIND or not applies(rule, ret) or year is None \
                or year <= year_start(p.baseline_year):
            continue
        row = next((b for b in rows if b.commitment.strip() == rule.id), None)
        if row is None:
            row = Baseline(commitment=rule.id, measure=measure_text(p.path), year=p.baseline_year)
            rows.append(row)
        if row.figure is not None or row.year != p.baseline_year:
            continue
        found = (p.stated_baseline, p.stated_source) if p.stated_baseline is not None else \
            next(((v, source or f"The {row.year} return") for old, source in earlier
                  if _same_body(old, ret) and old.envelope.financial_year == row.year
                  and (v := _value_in(old, p.path)) is not None), (None, ""))
        if found[0] is not None:
            v = found[0]     # a metric has more places than a typed figure may
            row.figure = v.quantize(step, rounding=ROUND_HALF_UP) if v.as_tuple().exponent < \
                step.as_tuple().exponent else v
            row.source = found[1]
            filled.append(rule.id)
    ret.baselines = rows
    return filled


def _same_body(a, b) -> bool:
    return (a.envelope.organisation, a.envelope.body_name) == \
        (b.envelope.organisation, b.envelope.body_name)
