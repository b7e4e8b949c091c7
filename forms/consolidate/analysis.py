"""What the Treasury publishes from the kept returns: league tables, Table A, year on year."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from forms.consolidate.collect import Processed
from forms.consolidate.rows import metric_column, unit_text
from forms.schema.metrics import METRICS
from forms.schema.spec import DEFAULT_RULE_PACK

STATUS_ORDER = {"meets": 0, "within 10 %": 1, "short": 2, "not available": 3}


@dataclass(frozen=True)
class RuleInfo:
    rule: str
    title: str
    metric: str
    better: str           # higher | lower
    commitment: bool      # a department's own published commitment (Table A), not a comparator
    source: str


@lru_cache(maxsize=8)
def _pack_rules(pack_id: str) -> dict[str, RuleInfo]:
    from validators.packs import RulePackError, load_shipped
    try:
        pack = load_shipped(pack_id)
    except RulePackError:
        return {}
    out = {}
    for r in pack.rules:
        if r.spec.severity == "benchmark":
            p = r.spec.params
            out[r.id] = RuleInfo(r.id, r.spec.title or r.id, str(p.get("metric", "")),
                                 str(p.get("better", "")), bool(r.spec.applies_to),
                                 r.spec.source)
    return out


def rule_info(rule: str, metric: str, pack_id: str = DEFAULT_RULE_PACK) -> RuleInfo:
    info = _pack_rules(pack_id).get(rule)
    if info:
        return info
    m = METRICS.get(metric)
    return RuleInfo(rule, rule, metric, m.better if m else "", False, "")


def chart_block(years: list[str], kinds: list[str]) -> tuple[str, str] | None:
    """The (year, kind) a chart shows: the latest year with at least half as many
    returns as the fullest one (outturn before plan within a year).

    The table beside it lists every year, newest first, so the chart shows the
    newest too, unless that year is still coming in and would chart a handful of bars."""
    from collections import Counter
    counts = Counter(zip(years, kinds))
    if not counts:
        return None
    top = max(counts.values())
    return max((p for p, n in counts.items() if 2 * n >= top),
               key=lambda p: (p[0], p[1] == "outturn", counts[p]))


def value_headings(metric: str) -> tuple[str, str]:
    """("Value (%)", "Target (%)"): a league's value and target columns, with the unit,
    as the workbook and the window head them."""
    from forms.schema.metrics import METRICS
    m = METRICS.get(metric)
    unit = unit_text(m.unit) if m else ""
    return (f"Value ({unit})", f"Target ({unit})") if unit else ("Value", "Target")


def who(p: Processed) -> str:
    r = p.received
    return " – ".join(x for x in (r.organisation, r.body_name) if x)


def league_tables(kept: list[Processed]) -> dict[str, tuple[RuleInfo, "object"]]:
    """Rule id -> (rule, table) sorted best first, one per comparator and commitment.

    A table holds each return judged against that rule, ranked within its year and
    kind (outturn or plan), newest year first."""
    import pandas as pd
    rows: dict[str, list[dict]] = {}
    for p in kept:
        pack_id = (p.row or {}).get("rule_pack", "").split(" ")[0] or DEFAULT_RULE_PACK
        for b in p.benchmarks:
            rows.setdefault(b["rule"], []).append(dict(
                b, pack=pack_id, who=who(p), organisation=p.received.organisation,
                body=p.received.body_name, financial_year=p.received.financial_year,
                return_kind=p.received.return_kind))
    out = {}
    for rule in sorted(rows, key=lambda r: (rule_info(r, rows[r][0]["metric"],
                                                      rows[r][0]["pack"]).commitment, r)):
        info = rule_info(rule, rows[rule][0]["metric"], rows[rule][0]["pack"])
        df = pd.DataFrame(rows[rule], columns=["who", "organisation", "body", "financial_year",
                                               "return_kind", "value", "target", "status",
                                               "due", "message"])
        df["_v"] = [float(v) if v is not None else None for v in df["value"]]
        # Ranked within each year and kind: a plan is not an outturn's rival.
        df = df.sort_values(["financial_year", "return_kind", "_v"],
                            ascending=[False, True, info.better != "higher"],
                            na_position="last", kind="stable")
        df = df.drop(columns="_v").reset_index(drop=True)
        df.insert(0, "rank", df.groupby(["financial_year", "return_kind"]).cumcount() + 1)
        out[rule] = (info, df)
    return out


# --- Table A ----------------------------------------------------------------------

def table_a_name(code: str) -> str:
    from forms.schema.organisations import commitments_for, find_organisation
    c = commitments_for(code)
    if c:
        return c["table_a_name"]
    try:
        org = find_organisation(code)
    except Exception:      # noqa: BLE001 - an unknown code names itself
        return code
    return org.group or org.name


def bullets(actions: list[dict]) -> list[str]:
    """The actions as Table A prints them: '• text;', the last but one '; and', the last '.'."""
    out = []
    for i, a in enumerate(actions):
        text = a["text"].strip().rstrip(";.").rstrip()
        end = "." if i == len(actions) - 1 else ("; and" if i == len(actions) - 2 else ";")
        out.append(f"• {text}{end}")
    return out


def improvement_plans(kept: list[Processed]):
    """Table A rebuilt: one block per department and year, summary then the actions.

    Departments whose bodies share one entry in Table A (HMT and HMRC: the
    Chancellor's Departments) share one block, each action listed once."""
    import pandas as pd
    blocks: dict[tuple[str, str, str], dict] = {}
    for p in kept:
        if not p.plan or not (p.plan["summary"] or p.plan["actions"]) or p.received.body_name:
            continue
        r = p.received
        key = (table_a_name(r.organisation), r.financial_year, r.return_kind)
        block = blocks.setdefault(key, {"summary": p.plan["summary"], "actions": [],
                                        "organisations": []})
        block["organisations"].append(r.organisation)
        seen = {a["text"] for a in block["actions"]}
        block["actions"] += [dict(a, organisation=r.organisation) for a in p.plan["actions"]
                             if a["text"] not in seen]
    rows = []
    for (dept, year, kind), b in sorted(blocks.items()):
        texts = bullets(b["actions"])
        base = {"department": dept, "organisations": ", ".join(sorted(set(b["organisations"]))),
                "financial_year": year, "return_kind": kind}
        rows.append(dict(base, item=0, text=b["summary"], category="", linked_savings="",
                         linked_planned_gbp=None))
        for i, (a, text) in enumerate(zip(b["actions"], texts), 1):
            planned = [s["planned_gbp"] for s in a["savings"] if s["planned_gbp"] is not None]
            rows.append(dict(base, item=i, text=text, category=a["category"],
                             linked_savings="; ".join(
                                 f"{s['ref']}: {s['description']}" for s in a["savings"]),
                             linked_planned_gbp=sum(planned, Decimal(0)) if planned else None))
    return pd.DataFrame(rows, columns=["department", "organisations", "financial_year",
                                       "return_kind", "item", "text", "category",
                                       "linked_savings", "linked_planned_gbp"])


# --- year on year -----------------------------------------------------------------

def year_on_year(kept: list[Processed]):
    """(metric changes, commitments' progress) between consecutive years of each body.

    Each pair compares the same kind of return (outturn with outturn, plan with plan)."""
    import pandas as pd
    series: dict[tuple, list[Processed]] = {}
    for p in kept:
        r = p.received
        series.setdefault((r.organisation, r.body_name, r.return_kind), []).append(p)
    changes, progress = [], []
    for (org, body, kind), ps in sorted(series.items()):
        ps.sort(key=lambda p: p.received.financial_year)
        for a, b in zip(ps, ps[1:]):
            base = {"organisation": org, "body": body, "return_kind": kind,
                    "from_year": a.received.financial_year, "to_year": b.received.financial_year}
            for name, m in METRICS.items():
                va, vb = a.row.get(metric_column(name)), b.row.get(metric_column(name))
                change = vb - va if va is not None and vb is not None else None
                pct = (change * 100 / va).quantize(Decimal("0.01")) \
                    if change is not None and va != 0 else None
                changes.append(dict(base, metric=name, label=m.label, unit=m.unit.strip(),
                                    from_value=va, to_value=vb, change=change, change_pct=pct,
                                    better=_better(m.better, change, m.places)))
            before = {x["rule"]: x for x in a.benchmarks}
            for x in b.benchmarks:
                old = before.get(x["rule"])
                info = rule_info(x["rule"], x["metric"])
                if old is None or not info.commitment:
                    continue
                progress.append(dict(base, rule=x["rule"], title=info.title, due=x["due"],
                                     target=x["target"], from_value=old["value"],
                                     to_value=x["value"], from_status=old["status"],
                                     to_status=x["status"],
                                     progress=_progress(old["status"], x["status"])))
    return (pd.DataFrame(changes, columns=["organisation", "body", "return_kind", "from_year",
                                           "to_year", "metric", "label", "unit", "from_value",
                                           "to_value", "change", "change_pct", "better"]),
            pd.DataFrame(progress, columns=["organisation", "body", "return_kind", "from_year",
                                            "to_year", "rule", "title", "due", "target",
                                            "from_value", "to_value", "from_status",
                                            "to_status", "progress"]))


def _better(better: str, change: Decimal | None, places: int = 2) -> str:
    """Better or worse as the figures show it: a change that rounds to nothing at the
    metric's own places (0.00) is no change, not 'better'."""
    if change is None or not better:
        return ""
    if change.quantize(Decimal(1).scaleb(-places)) == 0:
        return "no change"
    return "better" if (change > 0) == (better == "higher") else "worse"


def _progress(before: str, after: str) -> str:
    a, b = STATUS_ORDER.get(before, 3), STATUS_ORDER.get(after, 3)
    return "improved" if b < a else ("slipped" if b > a else "unchanged")


# --- who has not returned ---------------------------------------------------------

def missing_bodies(kept: list[Processed]) -> list[tuple[str, str, list[str]]]:
    """(code, name, years) of each expected body (departments and named bodies of the
    reference list) with no valid return for a year others returned."""
    from forms.schema.organisations import organisations
    years = sorted({p.received.financial_year for p in kept if p.received.financial_year})
    have = {(p.received.organisation, p.received.financial_year) for p in kept}
    out = []
    for org in organisations():
        if org.named:          # schools, police forces...: no fixed list of who they are
            continue
        lacking = [y for y in years if (org.code, y) not in have]
        if lacking or not years:
            out.append((org.code, org.name, lacking))
    return out
