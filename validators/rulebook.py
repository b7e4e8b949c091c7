"""A rule pack in plain English, for a policy person who never opens Python or TOML.

Every rule says what it checks, for whom, from when, its severity and its
message, grouped as comparators, commitments, consistency and plausibility;
``diff`` says what changed between two packs.
"""
from __future__ import annotations

from decimal import Decimal

from forms.schema import paths as P
from forms.schema.metrics import METRICS, format_value
from forms.schema.wording import plural, severity_word

from .packs import Rule, RulePack

GROUPS = ("comparator", "commitment", "consistency", "plausibility")
GROUP_TITLES = {"comparator": "Comparators", "commitment": "Commitments (Table A)",
                "consistency": "Consistency and completeness", "plausibility": "Plausibility"}
_CHANGE = {"percent": "a change in per cent", "amount": "a change", "level": "a level"}


# Which group a rule kind's rules read under; None: decided by what the rule reads.
KIND_GROUPS = {"comparator": "comparator", "baseline_change": "commitment",
               "change": "plausibility", "unchanged": "plausibility"}
QUERY_KIND_GROUPS = {"range": "plausibility"}     # a range that only queries is plausibility


def group_of(rule: Rule) -> str:
    s = rule.spec
    group = KIND_GROUPS.get(s.kind)
    if group == "comparator":
        return "commitment" if s.applies_to else "comparator"
    if group is None and "commitments[*]" in " ".join(_paths(rule)):
        return "commitment"
    if group is None and s.severity == "query":
        group = QUERY_KIND_GROUPS.get(s.kind)
    return group or "consistency"


def _paths(rule: Rule) -> list[str]:
    from .kinds import REGISTRY
    return REGISTRY[rule.spec.kind].paths(rule.params)


def _label(path: str) -> str:
    return P.qualified_label(path)


def _num(v: Decimal, path: str = "") -> str:
    unit = P.describe_path(path).unit if path else ""
    return format_value(v, unit, max(0, -v.as_tuple().exponent))


def _target(metric: str, v: Decimal) -> str:
    return format_value(v, METRICS[metric].unit, max(0, -v.as_tuple().exponent))


def checks(rule: Rule) -> str:
    """What the rule checks, in a sentence."""
    k, p = rule.spec.kind, rule.params
    if k == "required":
        return "Filled in: " + ", ".join(_label(x) for x in p.paths) + "."
    if k == "range":
        bounds = [f"at least {_num(p.min, p.path)}" if p.min is not None else "",
                  f"at most {_num(p.max, p.path)}" if p.max is not None else ""]
        return f"{_label(p.path)} is {' and '.join(b for b in bounds if b)}."
    if k == "at_most":
        factor = f" × {p.factor}" if p.factor != 1 else ""
        return f"{_label(p.path)} is at most {' + '.join(map(_label, p.limit))}{factor}."
    if k == "sums_to":
        return (f"{' + '.join(map(_label, p.parts))} add up to {_label(p.total)}, within "
                f"{p.tolerance_pct} %.")
    if k == "comparator":
        word = "at least" if p.better == "higher" else "at most"
        return (f"{METRICS[p.metric].label} is {word} {_target(p.metric, p.target)}; within "
                f"{p.tolerance_pct} % of it is reported as such.")
    if k == "year_order":
        return f"{_label(p.later)} comes after {_label(p.earlier)}."
    if k == "change":
        return (f"{', '.join(map(_label, p.paths))}: a change of more than {p.max_pct} % from "
                "last year's return is queried.")
    if k == "unchanged":
        return (f"{', '.join(map(_label, p.paths))}: a figure exactly the same as in last "
                "year's return is queried.")
    if k == "refs_exist":
        return f"Every one of {_label(p.refs)} names an existing {_label(p.keys)}."
    if k == "chosen_action_exists":
        return "The action chosen for a benchmark shortfall is in the action plan."
    if k == "baseline_change":
        unit = "%" if p.change == "percent" else ""
        target = f"{p.target} {unit}".strip() if unit else _num(p.target, p.path)
        stated = f" (stated: {_num(p.stated_baseline, p.path)})" if p.stated_baseline else ""
        return (f"{_label(p.path)} against its {p.baseline_year} baseline{stated} on the "
                f"Baselines page, as {_CHANGE[p.change]}: {target}. A missing baseline is a "
                "query naming the figure and the year.")
    return ""


def who(rule: Rule) -> str:
    return ", ".join(rule.spec.applies_to) if rule.spec.applies_to else "every body"


def when(rule: Rule) -> str:
    s = rule.spec
    span = (f"{s.from_year} only" if s.from_year and s.from_year == s.until_year else
            f"{s.from_year} to {s.until_year}" if s.from_year and s.until_year else
            f"from {s.from_year}" if s.from_year else f"until {s.until_year}" if s.until_year
            else "every year")
    return span + (f"; due {s.due}" if s.due else "")


def entry(rule: Rule) -> dict:
    from .kinds import REGISTRY
    s = rule.spec
    return {"id": rule.id, "group": group_of(rule), "title": s.title, "kind": s.kind,
            "checks": checks(rule), "for": who(rule), "when": when(rule),
            "severity": s.severity, "message": s.message or REGISTRY[s.kind].default_message,
            "source": s.source}


def as_json(pack: RulePack) -> dict:
    return {"pack": pack.id, "version": pack.version, "title": pack.title,
            "sha256": pack.sha256, "rules": [entry(r) for r in pack.rules]}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(pack: RulePack) -> str:
    entries = [entry(r) for r in pack.rules]
    lines = [f"# Rule book: {pack.title}", "",
             f"Rule pack `{pack.id}` version {pack.version}, {plural(len(entries), 'rule')} "
             f"(SHA-256 `{pack.sha256}`). Generated by `backoffice rules --pack {pack.id}`; "
             "do not edit.", "",
             "Errors must be fixed; queries must be fixed or explained; benchmarks show where "
             "the return stands and never block.", ""]
    for g in GROUPS:
        mine = [e for e in entries if e["group"] == g]
        if not mine:
            continue
        lines += [f"## {GROUP_TITLES[g]}", "",
                  "| Rule | What it checks | For | When | Severity | Message |",
                  "|---|---|---|---|---|---|"]
        for e in mine:
            name = f"**{e['id']}**" + (f"<br>{e['title']}" if e["title"] else "")
            lines.append("| " + " | ".join(_cell(x) for x in (
                name, e["checks"], e["for"], e["when"], severity_word(e["severity"]),
                e["message"])) + " |")
        lines.append("")
    return "\n".join(lines)


def diff(old: RulePack, new: RulePack) -> list[str]:
    """What changed from ``old`` to ``new``, a line per rule added, removed or changed."""
    a = {r.id: entry(r) for r in old.rules}
    b = {r.id: entry(r) for r in new.rules}
    params_a = {r.id: r.spec.params for r in old.rules}
    params_b = {r.id: r.spec.params for r in new.rules}
    out = [f"From {old.id} {old.version} to {new.id} {new.version}:"]
    out += [f"+ {rid} added ({b[rid]['group']}): {b[rid]['checks']}" for rid in b if rid not in a]
    out += [f"- {rid} removed ({a[rid]['group']}): {a[rid]['checks']}"
            for rid in a if rid not in b]
    for rid in (r for r in b if r in a):
        what = [k for k in ("title", "checks", "for", "when", "severity", "message", "source")
                if a[rid][k] != b[rid][k]]
        if params_a[rid] != params_b[rid] and "checks" not in what:
            what.append("parameters")
        for k in what:
            out.append(f"~ {rid} {k}: {a[rid][k]!s} → {b[rid][k]!s}" if k != "parameters" else
                       f"~ {rid} parameters: {params_a[rid]} → {params_b[rid]}")
    if len(out) == 1:
        out.append("no rule changed.")
    return out
