"""Derived metrics, all in one place.

A metric whose inputs are missing or whose denominator is zero is ``None``
("not available"), never an exception: a half-filled return has metrics too.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Callable

from forms.schema.spec import ASSET_SALE, FUNCTIONS

if TYPE_CHECKING:    # plain Python at run time: the desktop imports this before pydantic
    from forms.schema.model import Building, Return

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str          # ": 1", "%", "m²", "£", "FTE"
    better: str        # "higher" | "lower" | ""
    places: int


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("hr_ratio", "Employees per HR FTE", ": 1", "higher", 1),
    Metric("m2_per_fte", "Office space per FTE", "m²", "lower", 1),
    Metric("fte_per_workstation", "FTE per workstation", ": 1", "higher", 2),
    # The same ratio the other way up, for commitments stated as desks per person (DECC).
    Metric("workstations_per_fte", "Desks per FTE", "desks per FTE", "lower", 2),
    Metric("finance_pct_orc", "Finance cost as % of ORC", "%", "lower", 2),
    Metric("hr_pct_orc", "HR cost as % of ORC", "%", "lower", 2),
    Metric("ict_pct_orc", "ICT cost as % of ORC", "%", "lower", 2),
    Metric("procurement_pct_orc", "Procurement cost as % of ORC", "%", "lower", 2),
    Metric("hr_cost_per_employee", "HR cost per employee", "£", "lower", 0),
    Metric("office_cost_per_m2", "Office cost per m²", "£", "lower", 0),
    Metric("office_cost_per_fte", "Office cost per FTE", "£", "lower", 0),
    Metric("collaborative_pct", "Collaborative procurement", "%", "higher", 1),
    Metric("shared_services_pct", "Back office through shared services", "%", "higher", 1),
    Metric("total_nia_m2", "Total office NIA", "m²", "", 0),
    Metric("total_workstations", "Total workstations", "desks", "", 0),
    Metric("total_building_fte", "FTE in buildings", "FTE", "", 1),
    Metric("total_property_cost_gbp", "Total property cost", "£", "", 0),
    Metric("function_fte_total", "FTE in back-office functions", "FTE", "", 1),
    Metric("staff_fte_total", "Payroll and non-payroll staff", "FTE", "", 1),
    Metric("function_cost_total", "Cost of back-office functions", "£", "lower", 0),
    Metric("savings_planned_gbp", "Savings planned", "£", "", 0),
    Metric("savings_delivered_gbp", "Savings delivered to date", "£", "", 0),
    Metric("asset_sales_gbp", "Asset sales planned (not savings)", "£", "", 0),
)}


def ratio(num: Decimal | None, den: Decimal | None, scale: Decimal = Decimal(1)) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    try:
        return num * scale / den
    except InvalidOperation:
        return None


def total(values) -> Decimal | None:
    """Sum of the values present; None when none is."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass(frozen=True)
class BuildingTotals:
    nia_m2: Decimal | None
    workstations: Decimal | None
    fte: Decimal | None
    cost_gbp: Decimal | None


def building_totals(buildings: list[Building]) -> BuildingTotals:
    return BuildingTotals(total(b.nia_m2 for b in buildings),
                          total(b.workstations for b in buildings),
                          total(b.fte for b in buildings),
                          total(b.annual_cost_gbp for b in buildings))


def compute(ret: Return) -> dict[str, Decimal | None]:
    """Every metric of METRICS for this return."""
    h, s = ret.headcount, ret.spend
    fc = s.function_cost
    orc = s.running_costs_gbp
    b = building_totals(ret.floor_space.buildings)
    # Office space is judged per FTE based in the buildings when given,
    # else per employee FTE, so a partly filled table still gives a figure.
    space_fte = b.fte if b.fte else h.employees_fte
    savings = savings_lines(ret)
    out: dict[str, Decimal | None] = {
        "hr_ratio": ratio(h.employees_fte, h.function_fte.hr),
        "m2_per_fte": ratio(b.nia_m2, space_fte),
        "fte_per_workstation": ratio(space_fte, b.workstations),
        "workstations_per_fte": ratio(b.workstations, space_fte),
        "finance_pct_orc": ratio(fc.finance, orc, HUNDRED),
        "hr_pct_orc": ratio(fc.hr, orc, HUNDRED),
        "ict_pct_orc": ratio(fc.ict, orc, HUNDRED),
        "procurement_pct_orc": ratio(fc.procurement, orc, HUNDRED),
        "hr_cost_per_employee": ratio(fc.hr, h.employees_headcount),
        "office_cost_per_m2": ratio(b.cost_gbp, b.nia_m2),
        "office_cost_per_fte": ratio(b.cost_gbp, space_fte),
        "collaborative_pct": ratio(s.collaborative_spend_gbp, s.addressable_spend_gbp, HUNDRED),
        "shared_services_pct": s.shared_services_pct,
        "total_nia_m2": b.nia_m2,
        "total_workstations": b.workstations,
        "total_building_fte": b.fte,
        "total_property_cost_gbp": b.cost_gbp,
        "function_fte_total": total(getattr(h.function_fte, f) for f in FUNCTIONS),
        "staff_fte_total": total((h.payroll_fte, h.non_payroll_fte)),
        "function_cost_total": total(getattr(fc, f) for f in FUNCTIONS),
        "savings_planned_gbp": total(line.planned_gbp for line in savings),
        "savings_delivered_gbp": total(line.delivered_gbp for line in savings),
        "asset_sales_gbp": total(line.planned_gbp for line in ret.savings
                                 if line.category == ASSET_SALE),
    }
    return out


def savings_lines(ret: Return) -> list:
    """The lines that are savings: an asset sale's proceeds are not (DECC's land sale)."""
    return [line for line in ret.savings if line.category != ASSET_SALE]


def savings_by(ret: Return, key: Callable) -> dict[str, dict[str, Decimal]]:
    """Planned and delivered savings grouped by ``key(line)`` (category or year)."""
    groups: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"planned": Decimal(0),
                                                                  "delivered": Decimal(0)})
    for line in savings_lines(ret):
        g = groups[key(line) or "(none)"]
        g["planned"] += line.planned_gbp or 0
        g["delivered"] += line.delivered_gbp or 0
    return dict(groups)


def savings_by_category(ret: Return) -> dict[str, dict[str, Decimal]]:
    return savings_by(ret, lambda line: line.category)


def savings_by_year(ret: Return) -> dict[str, dict[str, Decimal]]:
    return savings_by(ret, lambda line: line.target_year)


def format_value(value: Decimal | None, unit: str, places: int = 2) -> str:
    """How a number reads in a message or a cell comment: '44.0 : 1', '£1,234', '12.5 m²'.

    Rounded half up, as people round (23,384.5 m² reads 23,385, £2.5 reads £3).
    """
    if value is None:
        return "not available"
    q = Decimal(1).scaleb(-places)
    try:
        v = value.quantize(q, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        v = value
    body = f"{v:,.{places}f}"
    if unit == "£":
        return ("-£" + body[1:]) if body.startswith("-") else "£" + body
    if unit == ": 1":
        return f"{body} : 1"
    if unit == "%":
        return f"{body} %"
    return f"{body} {unit}".strip()


def entered_places(value: Decimal | None, unit: str, places: int) -> int:
    """Decimal places to show a typed figure with: pounds whole unless pence were typed."""
    if unit == "£" and value is not None and value.is_finite() and value != value.to_integral_value():
        return 2
    return places
