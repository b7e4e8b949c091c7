"""Check a return against a rule pack: the one function CLI, GUI and tests call."""
from __future__ import annotations

from decimal import Decimal

from forms.schema import paths as P
from forms.schema.metrics import format_value
from forms.schema.model import Return, year_start

from .findings import NOT_AVAILABLE, Finding, Report
from .kinds import REGISTRY, Context, Hit
from .packs import Rule, RulePack, load_pack

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


def _unit(rule: Rule) -> tuple[str, int]:
    """Unit and decimal places of the quantity the rule's numbers are in."""
    first = REGISTRY[rule.spec.kind].paths(rule.params)[0]
    d = P.describe_path(first)
    places = d.places if d.kind == "metric" else (0 if d.integer or d.unit == "£" else 2)
    return d.unit, places


def _finding(rule: Rule, hit: Hit) -> Finding:
    unit, places = _unit(rule)
    values = dict(hit.values)
    for k in _NUMBER_KEYS:
        v = values.get(k)
        if isinstance(v, Decimal):
            # A target reads as the pack states it: 77 : 1, not 77.0 : 1.
            p = max(0, -v.as_tuple().exponent) if k == "target" else places
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
        message = f"Row {values['row']}: {message}"
    return Finding(rule_id=rule.id, severity=rule.spec.severity, message=message,
                   paths=hit.paths, key=f"{rule.id}@{hit.row}" if hit.row else rule.id,
                   status=hit.status, metric=getattr(rule.params, "metric", ""),
                   value=hit.value, target=hit.target, due=rule.spec.due)


def check(ret: Return, pack: RulePack | None = None, previous: Return | None = None) -> Report:
    """Every finding of the pack's rules that apply to this return."""
    pack = pack or load_pack(ret.envelope.rule_pack or "smarter-government-2009")
    ctx = Context(ret, previous)
    findings: list[Finding] = []
    for rule in pack.rules:
        if not applies(rule, ret):
            continue
        for hit in REGISTRY[rule.spec.kind].run(ctx, rule.params):
            findings.append(_finding(rule, hit))
    order = {"error": 0, "query": 1, "benchmark": 2}
    findings.sort(key=lambda f: order[f.severity])
    return Report(findings=findings, explanations=dict(ret.explanations),
                  pack_id=pack.id, pack_hash=pack.sha256)
