"""Check a return against a rule pack: the one function CLI, GUI and tests call."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from forms.schema import paths as P
from forms.schema.finding_keys import finding_key
from forms.schema.kinds import METRIC, NUMBER
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
    template = hit.template or rule.spec.message or REGISTRY[rule.spec.kind].default_message
    if hit.status == NOT_AVAILABLE and not hit.template:
        template = _not_available(rule, hit, ret)
    try:
        message = template.format(**values)
    except (KeyError, IndexError, ValueError):
        message = f"{template} ({', '.join(f'{k}={v}' for k, v in values.items())})"
    if values.get("row"):
        message = f"{_row_name(ret, hit.row, values['row'])}: {message}"
    return Finding(rule_id=rule.id, severity=hit.severity or rule.spec.severity, message=message,
                   paths=hit.paths, key=finding_key(rule.id, hit.row),
                   status=hit.status, metric=getattr(rule.params, "metric", ""),
                   value=hit.value, target=hit.target, due=rule.spec.due, unit=hit.unit,
                   blank=REGISTRY[rule.spec.kind].asks is not None)


def _not_available(rule: Rule, hit: Hit, ret: Return | None) -> str:
    """Why a benchmark has no figure: an input blank, or a denominator typed as zero."""
    title = rule.spec.title or "{label}"
    zero = [p for p in hit.paths[1:] if ret is not None and "[" not in p
            and isinstance(v := P.get(ret, p), Decimal) and v == 0]
    if zero:
        return (f"{title} cannot be worked out: {' and '.join(map(P.qualified_label, zero))} "
                f"{'is' if len(zero) == 1 else 'are'} zero. Check the figure.")
    inputs = [P.qualified_label(p) for p in hit.paths[1:]]
    return (f"{title} cannot be worked out yet: "
            f"fill in {' and '.join(inputs) or 'the figures it needs'}.")


def _row_name(ret: Return | None, row_path: str, number: str) -> str:
    """'Savings line S3 (row 3)': the row by its table and key, as the officer knows it."""
    parts = P.split_row(row_path)
    if parts is None:
        return f"Row {number}"
    return P.row_name(ret, parts[0], parts[1])


def _feeds(error_path: str, source: str) -> bool:
    """An error's figure is one a benchmark is worked out from (a cell of its table too)."""
    try:
        codec = P.describe_path(_ROW.sub("[*]", error_path)).codec
    except P.PathError:
        return False
    if codec not in (NUMBER, METRIC):      # a building's missing name leaves its area sound
        return False
    return error_path == source or error_path.startswith((source + ".", source + "["))


def _untrusted(findings: list[Finding], pack: RulePack) -> list[Finding]:
    """A benchmark worked out from a figure that fails an error rule is not available:
    collaborative spend above addressable spend does not 'meet' 80 %."""
    bad = [(f, p) for f in findings if f.severity == "error" for p in f.paths]
    if not bad:
        return findings
    out = []
    for f in findings:
        culprit = None
        if f.severity == "benchmark" and f.status != NOT_AVAILABLE:
            culprit = next((e for e, p in bad if any(_feeds(p, s) for s in f.paths)), None)
        if culprit is None:
            out.append(f)
            continue
        rule = pack.rule(f.rule_id)
        title = (rule.spec.title if rule else "") or f.rule_id
        out.append(replace(f, status=NOT_AVAILABLE, value=None,
                           message=f"{title} is not available until this error is fixed: "
                                   f"{culprit.message}"))
    return out


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
    answers = 0
    for rule in pack.rules:
        if not applies(rule, ret):
            continue
        ctx.rule = rule
        kind = REGISTRY[rule.spec.kind]
        if kind.asks is not None:
            answers += kind.asks(ctx, rule.params)
        for hit in kind.run(ctx, rule.params):
            findings.append(_finding(rule, hit, ret))
    findings = _untrusted(findings, pack)
    order = {"error": 0, "query": 1, "benchmark": 2}
    findings.sort(key=lambda f: order[f.severity])
    return Report(findings=findings, explanations=dict(ret.explanations),
                  pack_id=pack.id, pack_hash=pack.sha256, answers=answers), ctx.metrics
