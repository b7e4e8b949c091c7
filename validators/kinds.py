"""Rule kinds: small pure functions with typed parameters, in a registry.

A rule pack names a kind and gives its parameters; the kind looks at the
return through a ``Context`` and yields ``Hit``s, which the engine turns into
findings worded by the rule's message template.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from forms.schema import paths as P
from forms.schema.metrics import METRICS, compute
from forms.schema.model import Return, year_start

from .findings import MEETS, NOT_AVAILABLE, SHORT, WITHIN


class Context:
    """The return being checked, its metrics and last year's, computed once; each
    column's values read once per check (the large return has thousands of rows)."""

    def __init__(self, ret: Return, previous: Return | None = None,
                 previous_metrics: dict | None = None):
        self.ret = ret
        self.rule = None       # the rule being run (set by the engine): its id, title and due
        self.metrics = compute(ret)
        self.previous = previous
        if previous is not None and previous_metrics is None:
            previous_metrics = compute(previous)
        self.previous_metrics = previous_metrics if previous is not None else None
        self._columns: dict[str, list] = {}

    def value(self, path: str, previous: bool = False):
        if path.startswith("metrics."):
            src = self.previous_metrics if previous else self.metrics
            return None if src is None else src[path[8:]]
        obj = self.previous if previous else self.ret
        return None if obj is None else P.get(obj, path)

    def rows(self, path: str) -> int | None:
        """Row count of the table a column path runs over; None for a plain path."""
        table = P.table_of(path)
        return None if table is None else len(P.get(self.ret, table))

    def values(self, path: str) -> list | None:
        """A column's value in every row (None for a plain path)."""
        got = self._columns.get(path)
        if got is None:
            table = P.table_of(path)
            if table is None:
                return None
            tail = path.partition("[*].")[2]
            got = self._columns[path] = [getattr(row, tail) for row in P.get(self.ret, table)]
        return got

    def column(self, path: str):
        """(row index or None, value) for every row, or once for a plain path."""
        col = self.values(path)
        if col is None:
            yield None, self.value(path)
        else:
            yield from enumerate(col)

    def at(self, path: str, row: int | None):
        """A column's value in one row; a plain path's value whatever the row."""
        if row is None or "[*]" not in path:
            return self.value(path)
        return self.values(path)[row]


def concrete(path: str, row: int | None) -> str:
    return path if row is None or "[*]" not in path else P.row_path(path, row)


@dataclass
class Hit:
    paths: tuple[str, ...]
    values: dict = field(default_factory=dict)    # for the message template
    row: str = ""                                 # row path, part of the finding key
    status: str = ""
    value: Decimal | None = None
    target: Decimal | None = None
    unit: str = ""           # of value and target, when they are not the metric's
    severity: str = ""       # when not the rule's: a benchmark rule's query for a missing input
    template: str = ""       # when not the rule's message


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_path(p: str) -> str:
    P.describe_path(p)  # raises PathError with a message naming the path
    return p


@dataclass(frozen=True)
class Kind:
    name: str
    params: type[Params]
    run: Callable[[Context, Params], Iterable[Hit]]
    default_message: str
    paths: Callable[[Params], list[str]]   # every path the rule reads (pack check, GUI)
    severity: str | None = None            # the one severity its rules may have, if any
    # How many answers a rule of this kind asks for; its findings are those left blank
    # (the window shows them as "to do" until the officer has worked on their page).
    asks: Callable[[Context, Params], int] | None = None


REGISTRY: dict[str, Kind] = {}


def rule_kind(name: str, params: type[Params], message: str,
              paths: Callable[[Params], list[str]], severity: str | None = None,
              asks: Callable[[Context, Params], int] | None = None):
    def register(fn):
        REGISTRY[name] = Kind(name, params, fn, message, paths, severity, asks)
        return fn
    return register


def _label(path: str) -> str:
    return P.qualified_label(path)


def _row_of(path: str, row: int | None) -> str:
    """The row a finding is about, 'savings[2]' ('' for a plain path); its key names it
    'savings#3' (forms.schema.finding_keys)."""
    table = P.table_of(path)
    return f"{table}[{row}]" if table is not None and row is not None else ""


def _row_number(row: int | None) -> str:
    return "" if row is None else str(row + 1)


# --- required -------------------------------------------------------------

class RequiredParams(Params):
    paths: list[str]
    _ok = field_validator("paths")(lambda v: [_check_path(p) for p in v])


def _answers(ctx: Context, p: RequiredParams) -> int:
    """One answer for a plain path, one per row for a column."""
    return sum(1 if (n := ctx.rows(path)) is None else n for path in p.paths)


@rule_kind("required", RequiredParams, "{label} is required.", lambda p: list(p.paths),
           asks=_answers)
def required(ctx: Context, p: RequiredParams) -> Iterator[Hit]:
    for path in p.paths:
        col = ctx.values(path)
        pairs = [(None, ctx.value(path))] if col is None else enumerate(col)
        # A list comprehension, not a generator: the large return has thousands of rows.
        missing = [i for i, v in pairs if v is None or (type(v) is str and not v.strip())]
        for i in missing:
            where = concrete(path, i)
            yield Hit(_source_paths(ctx, where),
                      {"label": _label(path), "row": _row_number(i)},
                      row=where)


# --- range ----------------------------------------------------------------

class RangeParams(Params):
    path: str
    min: Decimal | None = None
    max: Decimal | None = None
    _ok = field_validator("path")(_check_path)


@rule_kind("range", RangeParams, "{label} is {value}; expected between {min} and {max}.",
           lambda p: [p.path])
def in_range(ctx: Context, p: RangeParams) -> Iterator[Hit]:
    for i, v in ctx.column(p.path):
        if v is None:
            continue
        if (p.min is not None and v < p.min) or (p.max is not None and v > p.max):
            yield Hit(_source_paths(ctx, concrete(p.path, i)),
                      {"label": _label(p.path), "value": v, "min": p.min, "max": p.max,
                       "row": _row_number(i)},
                      row=_row_of(p.path, i), value=v)


def _source_paths(ctx: Context, path: str) -> tuple[str, ...]:
    """A metric's finding points at the fields it is made of, so the GUI can jump there."""
    if path.startswith("metrics."):
        return (path,) + METRIC_SOURCES.get(path[8:], ())
    return (path,)


METRIC_SOURCES: dict[str, tuple[str, ...]] = {
    "hr_ratio": ("headcount.function_fte.hr", "headcount.employees_fte"),
    "m2_per_fte": ("floor_space.buildings",),
    "fte_per_workstation": ("floor_space.buildings",),
    "workstations_per_fte": ("floor_space.buildings",),
    "finance_pct_orc": ("spend.function_cost.finance", "spend.running_costs_gbp"),
    "hr_pct_orc": ("spend.function_cost.hr", "spend.running_costs_gbp"),
    "ict_pct_orc": ("spend.function_cost.ict", "spend.running_costs_gbp"),
    "procurement_pct_orc": ("spend.function_cost.procurement", "spend.running_costs_gbp"),
    "hr_cost_per_employee": ("spend.function_cost.hr", "headcount.employees_headcount"),
    "office_cost_per_m2": ("floor_space.buildings",),
    "office_cost_per_fte": ("floor_space.buildings",),
    "collaborative_pct": ("spend.collaborative_spend_gbp", "spend.addressable_spend_gbp"),
    "shared_services_pct": ("spend.shared_services_pct",),
    "total_nia_m2": ("floor_space.buildings",),
    "total_workstations": ("floor_space.buildings",),
    "total_building_fte": ("floor_space.buildings",),
    "total_property_cost_gbp": ("floor_space.buildings",),
    "function_fte_total": ("headcount.function_fte",),
    "function_cost_total": ("spend.function_cost",),
    "staff_fte_total": ("headcount.payroll_fte", "headcount.non_payroll_fte"),
    "savings_planned_gbp": ("savings",),
    "savings_delivered_gbp": ("savings",),
    "asset_sales_gbp": ("savings",),
}


# --- at_most: a field against a field, or against a sum -------------------

class AtMostParams(Params):
    path: str                        # may be a column (per row) or a plain path
    limit: list[str] = Field(min_length=1)   # paths summed; same row for columns
    factor: Decimal = Decimal(1)
    _p = field_validator("path")(_check_path)
    _l = field_validator("limit")(lambda v: [_check_path(x) for x in v])


@rule_kind("at_most", AtMostParams, "{label} ({value}) is more than {limit_label} ({limit}).",
           lambda p: [p.path, *p.limit])
def at_most(ctx: Context, p: AtMostParams) -> Iterator[Hit]:
    col = ctx.values(p.path)
    columns = [ctx.values(x) for x in p.limit]
    if col is not None and len(columns) == 1 and columns[0] is not None:
        # One column against another, row by row: the common case, on thousands of rows.
        f = p.factor
        over = [(i, v, l * f) for i, (v, l) in enumerate(zip(col, columns[0]))
                if v is not None and l is not None and v > l * f]
    else:
        fixed = [ctx.value(x) if c is None else None for x, c in zip(p.limit, columns)]
        over = []
        for i, v in ctx.column(p.path):
            parts = fixed if i is None else [f if c is None else c[i] for c, f in zip(columns, fixed)]
            if v is None or any(x is None for x in parts):
                continue
            limit = sum(parts, Decimal(0)) * p.factor
            if v > limit:
                over.append((i, v, limit))
    if not over:
        return
    limit_label = " + ".join(_label(x) for x in p.limit)
    for i, v, limit in over:
        yield Hit(_source_paths(ctx, concrete(p.path, i)) + tuple(concrete(x, i) for x in p.limit),
                  {"label": _label(p.path), "value": v, "limit_label": limit_label,
                   "limit": limit, "row": _row_number(i)},
                  row=_row_of(p.path, i), value=v, target=limit)


# --- sums_to: parts add up to a total -------------------------------------

class SumsToParams(Params):
    parts: list[str]                 # plain paths or columns (a column sums its rows)
    total: str
    tolerance_pct: Decimal = Decimal(0)
    _p = field_validator("parts")(lambda v: [_check_path(x) for x in v])
    _t = field_validator("total")(_check_path)


@rule_kind("sums_to", SumsToParams,
           "{parts_label} add up to {sum}, but {label} is {total}.",
           lambda p: [*p.parts, p.total])
def sums_to(ctx: Context, p: SumsToParams) -> Iterator[Hit]:
    total = ctx.value(p.total)
    values = [v for part in p.parts for _, v in ctx.column(part)]
    present = [v for v in values if v is not None]
    if total is None or not present:
        return
    s = sum(present, Decimal(0))
    if abs(s - total) > abs(total) * p.tolerance_pct / 100:
        yield Hit(tuple(P.table_of(x) or x for x in p.parts) + (p.total,),
                  {"label": _label(p.total), "total": total, "sum": s,
                   "parts_label": " + ".join(_label(x) for x in p.parts)},
                  value=s, target=total)


# --- comparator: position against a benchmark or commitment --------------

def position(v: Decimal | None, target: Decimal, better: str, tolerance_pct: Decimal) -> str:
    """Meets, within the tolerance of the target, short, or not available."""
    if v is None:
        return NOT_AVAILABLE
    meets = v >= target if better == "higher" else v <= target
    slack = abs(target) * tolerance_pct / 100
    near = v >= target - slack if better == "higher" else v <= target + slack
    return MEETS if meets else WITHIN if near else SHORT


class ComparatorParams(Params):
    metric: str
    target: Decimal
    better: Literal["higher", "lower"]
    tolerance_pct: Decimal = Decimal(10)

    @field_validator("metric")
    @classmethod
    def _m(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"unknown metric '{v}'; known: {', '.join(METRICS)}")
        return v


@rule_kind("comparator", ComparatorParams,
           "{label} is {value}; the comparator is {target} ({status}).",
           lambda p: [f"metrics.{p.metric}"], severity="benchmark")
def comparator(ctx: Context, p: ComparatorParams) -> Iterator[Hit]:
    v = ctx.metrics[p.metric]
    status = position(v, p.target, p.better, p.tolerance_pct)
    path = f"metrics.{p.metric}"
    yield Hit(_source_paths(ctx, path), {"label": METRICS[p.metric].label, "value": v,
                                         "target": p.target, "status": status},
              status=status, value=v, target=p.target)


# --- year_order: a later year after an earlier one ------------------------

class YearOrderParams(Params):
    earlier: str
    later: str
    _e = field_validator("earlier", "later")(_check_path)


@rule_kind("year_order", YearOrderParams, "{later_label} ({later}) is not after {earlier_label} ({earlier}).",
           lambda p: [p.earlier, p.later])
def year_order(ctx: Context, p: YearOrderParams) -> Iterator[Hit]:
    earliers = ctx.values(p.earlier)
    for i, later in ctx.column(p.later):
        if not later:
            continue
        earlier = ctx.at(p.earlier, i) if earliers is None or i is None else earliers[i]
        a, b = year_start(earlier or ""), year_start(later)
        if a is not None and b is not None and b <= a:
            yield Hit((concrete(p.later, i), concrete(p.earlier, i)),
                      {"later_label": _label(p.later), "later": later,
                       "earlier_label": _label(p.earlier), "earlier": earlier,
                       "row": _row_number(i)},
                      row=_row_of(p.later, i))


# --- change: against last year's return -----------------------------------

def _this_and_last_year(ctx: Context, paths: list[str]) -> Iterator[tuple[str, Decimal, Decimal]]:
    """(path, this year's, last year's) for each path with both figures."""
    if ctx.previous is None:
        return
    for path in paths:
        now, before = ctx.value(path), ctx.value(path, previous=True)
        if now is not None and before is not None:
            yield path, now, before


class YearOnYearParams(Params):
    paths: list[str]
    _p = field_validator("paths")(lambda v: [_check_path(x) for x in v])


class ChangeParams(YearOnYearParams):
    max_pct: Decimal


@rule_kind("change", ChangeParams,
           "{label} changed by {pct} % from last year ({previous} to {value}); more than {max_pct} % is unusual.",
           lambda p: list(p.paths))
def change(ctx: Context, p: ChangeParams) -> Iterator[Hit]:
    for path, now, before in _this_and_last_year(ctx, p.paths):
        if before == 0:
            continue
        pct = (now - before) * 100 / before
        if abs(pct) > p.max_pct:
            yield Hit(_source_paths(ctx, path),
                      {"label": _label(path), "pct": pct.quantize(Decimal("0.1")),
                       "previous": before, "value": now, "max_pct": p.max_pct},
                      row=path, value=now, target=before)


# --- unchanged: a figure that normally moves, identical to last year's -----------

@rule_kind("unchanged", YearOnYearParams,
           "{label} is {value}, the same as in {year}: confirm it or correct it.",
           lambda p: list(p.paths))
def unchanged(ctx: Context, p: YearOnYearParams) -> Iterator[Hit]:
    """A copied-forward figure: costs and staff numbers move a little every year."""
    for path, now, before in _this_and_last_year(ctx, p.paths):
        if now != 0 and now == before:
            year = ctx.previous.envelope.financial_year or "last year"
            yield Hit(_source_paths(ctx, path), {"label": _label(path), "value": now,
                                                 "year": year},
                      row=path, value=now, target=before)
