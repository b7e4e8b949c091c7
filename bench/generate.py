"""A large, realistic, export-ready return for benchmarks and tests.

``large_return()`` gives DCSF's sample return grown to 2,000 buildings and
1,000 savings lines, with figures that add up (so it has no errors) and an
explanation for every query it raises (so it can be signed). Deterministic:
the same arguments give the same return.
"""
from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from forms.drafts.store import load_draft
from forms.schema.model import Building, Return, SavingsLine

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "sample-return.json"
CATEGORIES = ("ICT", "estates", "procurement", "HR", "finance", "shared services", "legal",
              "communications", "corporate services", "other")
TENURES = ("freehold", "leasehold", "PFI", "shared", "other")
STATUSES = ("planned", "on track", "at risk", "delivered")


def large_return(n_buildings: int = 2000, n_savings: int = 1000, seed: int = 2009) -> Return:
    rnd = random.Random(seed)
    ret = load_draft(SAMPLE)
    total_fte = ret.headcount.employees_fte or Decimal(1)
    buildings = []
    for i in range(n_buildings):
        fte = Decimal(rnd.randint(20, 400) * 10 + 5) / 10
        nia = (fte * Decimal(rnd.randint(90, 160)) / 10).quantize(Decimal(1)) + 10
        desks = int(fte * Decimal("0.9")) + 1
        buildings.append(Building(
            name=f"Office {i + 1:04d}, {rnd.choice(('Crown', 'Station', 'Mill', 'Park'))} House",
            location=f"{rnd.choice(('SW1P', 'S1', 'DL3', 'WA7', 'M1', 'LS1'))} {rnd.randint(1, 9)}"
                     f"{rnd.choice('ABDEFGHJ')}{rnd.choice('LNPQRSTU')}",
            tenure=rnd.choice(TENURES), nia_m2=nia, workstations=Decimal(desks), fte=fte,
            annual_cost_gbp=(nia * Decimal(rnd.randint(150, 600))).quantize(Decimal(1))))
    # The buildings' FTE must add up to the employees' FTE (within 10 %).
    building_fte = sum((b.fte for b in buildings), Decimal(0))
    ret.headcount.employees_headcount = (building_fte * Decimal("1.05")).quantize(Decimal(1))
    ret.headcount.employees_fte = building_fte
    ret.headcount.payroll_fte = building_fte
    scale = building_fte / total_fte
    for f in type(ret.headcount.function_fte).model_fields:
        v = getattr(ret.headcount.function_fte, f)
        if v is not None:
            setattr(ret.headcount.function_fte, f, (v * scale).quantize(Decimal("0.1")))
    ret.floor_space.buildings = buildings
    savings = list(ret.savings)
    for i in range(n_savings - len(savings)):
        planned = Decimal(rnd.randint(10, 5000) * 1000)
        savings.append(SavingsLine(
            ref=f"G{i + 1}", category=rnd.choice(CATEGORIES),
            description=f"Saving {i + 1}: consolidate {rnd.choice(('contracts', 'sites', 'systems', 'teams'))}"
                        f" across the group ({rnd.choice(('phase 1', 'phase 2', 'national roll-out'))})",
            baseline_year="2008-09", target_year=f"{2010 + i % 4}-{(11 + i % 4) % 100:02d}",
            planned_gbp=planned, delivered_gbp=(planned * Decimal(rnd.randint(0, 95)) / 100).quantize(Decimal(1)),
            cash_releasing=rnd.random() < 0.8, recurrence=rnd.choice(("recurring", "one-off")),
            status=rnd.choice(STATUSES), evidence=f"Benefits tracker line {i + 1}"))
    ret.savings = savings
    explain_queries(ret)
    return ret


def explain_queries(ret: Return, previous: Return | None = None) -> None:
    """Give every query the rule pack raises an explanation, so the return can be signed."""
    from validators.engine import check
    report = check(ret, None, previous)
    if report.errors:
        raise ValueError(f"generated return has errors: {report.errors[0].message}")
    explanations = dict(ret.explanations)
    for f in report.queries:
        explanations.setdefault(f.key, f"Checked with the estates team: {f.rule_id} is expected here.")
    ret.explanations = explanations


if __name__ == "__main__":
    r = large_return()
    print(len(r.floor_space.buildings), "buildings,", len(r.savings), "savings lines,",
          len(r.explanations), "explanations")
