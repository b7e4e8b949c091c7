"""Check a return against a rule pack: the one function CLI, GUI and tests call."""
from __future__ import annotations

import re
from decimal import Decimal

from forms.schema import paths as P
from forms.schema.kinds import NUMBER
from forms.schema.metrics import entered_places, format_value
from forms.schema.model import Return, year_start
from forms.schema.spec import DEFAULT_RULE_PACK

from .findings import NOT_AVAILABLE, Finding, Report
from .kinds import REGISTRY, Context, Hit
from .packs import Rule, RulePack, load_pack

_ROW = re.compile(r"\[\d+\]")
_NUMBER_KEYS = ("value", "min", "max", "limit", "total", "sum", "target", "previous")


def applies(rule: Rule, ret: Return) -> bool:
    s = rule.spec
    env = ret.envelope
    if s.applies_to and env.organisation not in s.applies_to:
        return False
    year = year_start(env.financial_year)
    if year is not None:
        if s.from_year and year < year_start(s.from_year):
            return False
        if s.until_year and year > year_start(s.until_year):
            return False
    return True


def _unit(rule: Rule, hit: Hit, key: str) -> tuple[str, int]:
    """Unit and decimal places of one number in a message, from the field it comes from.

    A limit or total is in its own field's unit (a headcount is people, not FTE);
    anything else in the unit of the field the finding is about.
    """
    name = {"sum": "parts"}.get(key, key)
    # model_fields first: a missing attribute costs pydantic an exception.
    src = getattr(rule.params, name) if name in type(rule.params).model_fields else None
    if isinstance(src, list):
        src = src[0] if src else None
    candidates = [src] if isinstance(src, str) else []
    # As a column path ("savings[*].x"): a few distinct paths, so describe_path's cache holds.
    candidates += [_ROW.sub("[*]", p) for p in hit.paths[:1]]
    candidates.append(REGISTRY[rule.spec.kind].paths(rule.params)[0])
    d, places = None, None
    for path in candidates:
        try:
            d = P.describe_path(path)
        except P.PathError:
            continue
        places = d.codec.message_places(d)
        if places is not None:      # a figure: a typed number or a metric
            break
    if d is None:
        return "", 2
    # No figure among them: the last field read as a typed figure would be.
    return d.unit, places if places is not None else NUMBER.message_places(d)


def _finding(rule: Rule, hit: Hit, ret: Return | None = None) -> Finding:
    values = dict(hit.values)
    for k in _NUMBER_KEYS:
        v = values.get(k)
        if isinstance(v, Decimal):
            unit, places = _unit(rule, hit, k)
            # A target reads as the pack states it: 77 : 1, not 77.0 : 1.
            p = max(0, -v.as_tuple().exponent) if k == "target" else \
                entered_places(v, unit, places)
            values[k] = format_value(v, unit, p)
        elif k in values and v is None:
            values[k] = "not set"
    if "pct" in values:
        values["pct"] = f"{values['pct']:+}"
    template = rule.spec.message or REGISTRY[rule.spec.kind].default_message
    if hit.status == NOT_AVAILABLE:
        inputs = [P.qualified_label(p) for p in hit.paths[1:]]
        template = (f"{rule.spec.title or '{label}'} cannot be worked out yet: "
                    f"fill in {' and '.join(inputs) or 'the figures it needs'}.")
    try:
        message = template.format(**values)
    except (KeyError, IndexError, ValueError):
        message = f"{template} ({', '.join(f'{k}={v}' for k, v in values.items())})"
    if values.get("row"):
        message = f"{_row_name(ret, hit.row, values['row'])}: {message}"
    return Finding(rule_id=rule.id, severity=rule.spec.severity, message=message,
                   paths=hit.paths, key=f"{rule.id}@{hit.row}" if hit.row else rule.id,
                   status=hit.status, metric=getattr(rule.params, "metric", ""),
                   value=hit.value, target=hit.target, due=rule.spec.due)


def _row_name(ret: Return | None, row_path: str, number: str) -> str:
    """'Savings line S3 (row 3)': the row by its table and key, as the officer knows it."""
    parts = P.split_row(row_path)
    if parts is None:
        return f"Row {number}"
    return P.row_name(ret, parts[0], parts[1])


def check(ret: Return, pack: RulePack | None = None, previous: Return | None = None) -> Report:
    """Every finding of the pack's rules that apply to this return."""
    return check_and_measure(ret, pack, previous)[0]


def check_and_measure(ret: Return, pack: RulePack | None = None, previous: Return | None = None,
                      previous_metrics: dict | None = None) -> tuple[Report, dict]:
    """The report and the return's metrics, computed once for both (the window shows
    both after every edit)."""
    pack = pack or load_pack(ret.envelope.rule_pack or DEFAULT_RULE_PACK)
    ctx = Context(ret, previous, previous_metrics)
    findings: list[Finding] = []
    for rule in pack.rules:
        if not applies(rule, ret):
            continue
        for hit in REGISTRY[rule.spec.kind].run(ctx, rule.params):
            findings.append(_finding(rule, hit, ret))
    order = {"error": 0, "query": 1, "benchmark": 2}
    findings.sort(key=lambda f: order[f.severity])
    return Report(findings=findings, explanations=dict(ret.explanations),
                  pack_id=pack.id, pack_hash=pack.sha256), ctx.metrics
