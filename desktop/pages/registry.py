"""The window's pages: which exist, what each shows, and what is shown beneath its tables.

Pages are built from the forms in forms.schema.spec; ``Pages`` builds each the first
time it is asked for, so start-up builds only the page shown.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Callable, Iterator

from PySide6.QtWidgets import QWidget

from forms.schema import spec
from forms.schema.fields import Form
from forms.schema.metrics import format_value, savings_by_category
from forms.schema.wording import choice_label, plural

from desktop.document import Document

# page key -> (sidebar title, first step of the paths it shows)
PAGES = (("details", "Return details", "envelope"), ("headcount", "Headcount", "headcount"),
         ("floor_space", "Floor space", "floor_space"), ("spend", "Spend", "spend"),
         ("savings", "Savings", "savings"), ("action_plan", "Action plan", "action_plan"),
         ("checks", "Checks", "explanations"), ("benchmarks", "Benchmarks", "benchmark_actions"),
         # Last, so that Ctrl+1 to Ctrl+8 keep the pages they had.
         ("commitments", "Commitments", "commitments"))
# The Commitments page also holds the Baselines table.
PAGE_OF_ROOT = {root: key for key, _, root in PAGES} | {"baselines": "commitments"}

def real_path(paths: tuple[str, ...]) -> str:
    """The first path in a finding that is a field or table, not a derived metric."""
    for p in paths:
        if not p.startswith("metrics."):
            return p
    return ""


# form page key -> (form, path prefix, field names shown or None for all, totals beneath tables)
FORM_PAGES = {
    "details": (spec.ENVELOPE, "envelope", None, {}),
    "headcount": (spec.HEADCOUNT, "headcount", None, {}),
    "floor_space": (spec.FLOOR_SPACE, "floor_space", None, {"floor_space.buildings": "buildings"}),
    "spend": (spec.SPEND, "spend", None, {}),
    "savings": (spec.RETURN, "", ["savings"], {"savings": "savings"}),
    "action_plan": (spec.ACTION_PLAN, "action_plan", None, {"action_plan.actions": "actions"}),
    "commitments": (spec.RETURN, "", ["commitments", "baselines"], {}),
}
PAGE_KEYS = tuple(key for key, _, _ in PAGES)


@lru_cache(maxsize=1)
def table_paths() -> frozenset[str]:
    """Paths of the tables the form pages show (lists of rows), known without building them."""
    found: set[str] = set()

    def walk(form: Form, prefix: str, names) -> None:
        for d in form.fields:
            if names is not None and d.name not in names:
                continue
            path = f"{prefix}.{d.name}" if prefix else d.name
            if d.codec.holds_fields:
                walk(d.form, path, None)
            elif d.codec.holds_rows:
                found.add(path)

    for model, prefix, names, _ in FORM_PAGES.values():
        walk(model, prefix, names)
    return frozenset(found)


class Pages(Mapping):
    """Page key -> page widget, each built the first time it is asked for.

    Only the page shown at start is built then; the sidebar's states come from
    the report, so the other pages cost nothing until the officer opens one.
    """

    def __init__(self, build: Callable[[str], QWidget]):
        self._build = build
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        if page is None:
            if key not in PAGE_KEYS:
                raise KeyError(key)
            page = self.built[key] = self._build(key)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(PAGE_KEYS)

    def __len__(self) -> int:
        return len(PAGE_KEYS)


def page_of(path: str) -> str:
    root = path.split(":")[0].split(".")[0].split("[")[0]
    return PAGE_OF_ROOT.get(root, "benchmarks" if root == "metrics" else "details")


def _building_totals(doc: Document) -> str:
    m = doc.metrics
    return ("<b>Totals</b> &nbsp; Office NIA " + format_value(m.get("total_nia_m2"), "m²", 0)
            + " &nbsp;·&nbsp; Workstations " + format_value(m.get("total_workstations"), "", 0)
            + " &nbsp;·&nbsp; FTE " + format_value(m.get("total_building_fte"), "", 1)
            + " &nbsp;·&nbsp; Property cost " + format_value(m.get("total_property_cost_gbp"), "£", 0)
            + " &nbsp;·&nbsp; Space per FTE " + format_value(m.get("m2_per_fte"), "m²", 1))


def _savings_totals(doc: Document) -> str:
    from html import escape     # here: html.entities costs 1 ms of start-up otherwise
    groups = savings_by_category(doc.ret)
    rows = "".join(f"<tr><td>{escape(choice_label(k))}</td><td align='right'>{format_value(v['planned'], '£', 0)}</td>"
                   f"<td align='right'>{format_value(v['delivered'], '£', 0)}</td></tr>"
                   for k, v in sorted(groups.items()))
    m = doc.metrics
    return ("<table cellspacing='0' cellpadding='3'><tr><th align='left'>Category</th>"
            "<th align='right'>Planned</th><th align='right'>Delivered to date</th></tr>"
            f"{rows}<tr><td><b>Total</b></td>"
            f"<td align='right'><b>{format_value(m.get('savings_planned_gbp'), '£', 0)}</b></td>"
            f"<td align='right'><b>{format_value(m.get('savings_delivered_gbp'), '£', 0)}</b>"
            "</td></tr>" + _asset_sales(m) + "</table>")


def _asset_sales(m: dict) -> str:
    """Asset sales under the total, never in it: their proceeds are not savings."""
    if not m.get("asset_sales_gbp"):
        return ""
    return ("<tr><td>Asset sales (not savings)</td>"
            f"<td align='right'>{format_value(m['asset_sales_gbp'], '£', 0)}</td><td></td></tr>")


def _action_totals(doc: Document) -> str:
    acts = doc.ret.action_plan.actions
    refs = {s.ref for s in doc.ret.savings if s.ref}
    linked = {r for a in acts for r in a.savings_refs}
    unknown = sorted(linked - refs)
    text = (f"{plural(len(acts), 'action')}, linked to {len(linked & refs)} of "
            f"{plural(len(refs), 'savings line')}.")
    if unknown:
        text += f" No savings line has the {'ref' if len(unknown) == 1 else 'refs'}: {', '.join(unknown)}."
    return text


TOTALS = {"buildings": _building_totals, "savings": _savings_totals, "actions": _action_totals}
