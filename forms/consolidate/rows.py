"""One row of the consolidated table from one signed payload.

Columns are named once here (snake case, for CSV, DuckDB and Spark) with a
readable label for the workbook. Numbers stay Decimal: inputs exactly as
signed, metrics rounded to METRIC_PLACES.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from forms.schema.fields import fields_of
from forms.schema.kinds import NUMBER
from forms.schema.metrics import METRICS
from forms.schema.spec import RETURN

METRIC_PLACES = Decimal("0.000001")
INPUT_PAGES = ("headcount", "spend")
ID_COLUMNS = {
    "file": "File", "organisation": "Organisation", "organisation_name": "Organisation name",
    "parent": "Parent", "body": "Body", "financial_year": "Year", "return_kind": "Kind",
    "verification": "Verification", "reason": "Reason",
}
TAIL_COLUMNS = {
    "rule_pack": "Rule pack", "rule_pack_sha256": "Rule pack SHA-256", "queries": "Queries",
    "queries_explained": "Queries explained", "submission_id": "Submission ID",
    "signed_at": "Signed at (UTC)", "key_fingerprint": "Key fingerprint",
}
COUNT_COLUMNS = {"buildings": "Buildings", "savings_lines": "Savings lines",
                 "actions": "Actions"}


@lru_cache(maxsize=1)
def input_fields() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(column, path in the return, label) of every single number the officer types."""
    out = []

    def walk(form, path: tuple[str, ...], label: str) -> None:
        for d in fields_of(form):
            if d.codec.holds_fields:
                walk(d.form, path + (d.name,), d.label)
            elif d.codec is NUMBER:
                head = f"{label}: {d.label}" if label else d.label
                out.append(("_".join(path + (d.name,)), path + (d.name,),
                            f"{head} ({d.unit})" if d.unit else head))
    for page in INPUT_PAGES:
        d = next(f for f in fields_of(RETURN) if f.name == page)
        walk(d.form, (page,), "")
    return tuple(out)


def metric_column(name: str) -> str:
    return f"metric_{name}"


def status_column(rule_id: str) -> str:
    return "status_" + rule_id.replace("-", "_").replace(".", "_")


def unit_text(unit: str) -> str:
    """A unit as a reader says it: ': 1' is a ratio ('N : 1'); '' and '-' are none."""
    unit = unit.strip()
    if unit in ("", "-"):
        return ""
    return f"N {unit}" if unit.startswith(":") else unit


@lru_cache(maxsize=1)
def fixed_labels() -> dict[str, str]:
    """Column -> label for every column but the per-rule statuses, in table order."""
    labels = dict(ID_COLUMNS)
    labels.update({c: lab for c, _p, lab in input_fields()})
    labels.update(COUNT_COLUMNS)
    for m in METRICS.values():
        unit = unit_text(m.unit)
        labels[metric_column(m.name)] = f"{m.label} ({unit})" if unit else m.label
    labels.update(TAIL_COLUMNS)
    return labels


def returns_labels(league: dict[str, tuple]) -> dict[str, str]:
    """Column -> label of the Returns table, as the workbook and the window head it: the
    fixed columns, and each status by its rule's title (``league``: rule id -> (RuleInfo,
    table), as consolidation makes it)."""
    return fixed_labels() | {status_column(rule): f"Status: {info.title}"
                             for rule, (info, _table) in league.items()}


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _rounded(v: Any) -> Decimal | None:
    d = _dec(v)
    return None if d is None else d.quantize(METRIC_PLACES)


def _get(data: dict, path: tuple[str, ...]) -> Any:
    for p in path:
        data = data.get(p) if isinstance(data, dict) else None
    return data


def benchmark_findings(payload: dict) -> list[dict]:
    return [f for f in (payload.get("check") or {}).get("findings") or []
            if isinstance(f, dict) and f.get("severity") == "benchmark"]


def row_of(payload: dict) -> dict[str, Any]:
    """Inputs, counts, metrics, benchmark statuses and signing facts of one return."""
    from forms.drafts.store import from_dict
    from forms.schema.metrics import compute
    from forms.schema.organisations import find_organisation
    from forms.schema.errors import UserError
    ret = payload["return"]
    env = ret.get("envelope") or {}
    code = str(env.get("organisation", ""))
    try:
        org = find_organisation(code)
        name, parent = org.name, org.parent or ""
    except UserError:
        name, parent = "", ""
    row: dict[str, Any] = {"organisation": code, "organisation_name": name, "parent": parent,
                           "body": str(env.get("body_name", "")),
                           "financial_year": str(env.get("financial_year", "")),
                           "return_kind": str(env.get("return_kind", ""))}
    for col, path, _label in input_fields():
        row[col] = _dec(_get(ret, path))
    row["buildings"] = len(_get(ret, ("floor_space", "buildings")) or [])
    row["savings_lines"] = len(ret.get("savings") or [])
    row["actions"] = len(_get(ret, ("action_plan", "actions")) or [])
    metrics = compute(from_dict(ret, "the signed return"))
    for name, value in metrics.items():
        row[metric_column(name)] = None if value is None else value.quantize(METRIC_PLACES)
    for f in benchmark_findings(payload):
        row[status_column(str(f.get("rule", "")))] = str(f.get("status", ""))
    findings = (payload.get("check") or {}).get("findings") or []
    queries = [f for f in findings if isinstance(f, dict) and f.get("severity") == "query"]
    pack = payload.get("rule_pack") or {}
    sub = payload.get("submission") or {}
    row.update(rule_pack=f"{pack.get('id', '')} {pack.get('version', '')}".strip(),
               rule_pack_sha256=str(pack.get("sha256", "")), queries=len(queries),
               queries_explained=sum(1 for f in queries if str(f.get("explanation") or "").strip()),
               submission_id=str(sub.get("id", "")), signed_at=str(sub.get("signed_at", "")),
               key_fingerprint=str(sub.get("key_fingerprint", "")))
    return row


def benchmarks_of(payload: dict) -> list[dict[str, Any]]:
    """Each comparator or commitment the return was judged against, for the league tables."""
    return [{"rule": str(f.get("rule", "")), "metric": str(f.get("metric", "")),
             "value": _rounded(f.get("value")), "target": _dec(f.get("target")),
             "status": str(f.get("status", "")), "due": str(f.get("due", "")),
             "message": str(f.get("message", ""))} for f in benchmark_findings(payload)]


def plan_of(payload: dict) -> dict[str, Any]:
    """The action plan with each action's linked savings lines, for Table A."""
    ret = payload["return"]
    plan = ret.get("action_plan") or {}
    lines = {str(s.get("ref", "")): s for s in ret.get("savings") or [] if isinstance(s, dict)}
    actions = []
    for a in plan.get("actions") or []:
        if not isinstance(a, dict):
            continue
        linked = [{"ref": r, "description": str(lines[r].get("description", "")),
                   "planned_gbp": _dec(lines[r].get("planned_gbp")),
                   "delivered_gbp": _dec(lines[r].get("delivered_gbp"))}
                  for r in a.get("savings_refs") or [] if r in lines]
        actions.append({"text": str(a.get("text", "")), "category": str(a.get("category", "")),
                        "savings": linked})
    return {"summary": str(plan.get("summary", "")), "actions": actions}
