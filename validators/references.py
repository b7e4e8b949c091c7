"""References inside a return: what an action or a shortfall names must exist.

Two rule kinds (so a pack decides their severity and words, as for any rule)
and the note `validate` and `export` print about shortfalls with no action.
"""
from __future__ import annotations

from typing import Iterator

from pydantic import field_validator

from forms.schema.paths import table_of
from forms.schema.wording import plural

from .findings import SHORT
from .kinds import Context, Hit, Params, _check_path, _row_number, concrete, rule_kind


class RefsExistParams(Params):
    refs: str        # a column of lists of refs, e.g. action_plan.actions[*].savings_refs
    keys: str        # the column they must name, e.g. savings[*].ref
    _ok = field_validator("refs", "keys")(_check_path)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@rule_kind("refs_exist", RefsExistParams, "{missing} named here {verb} not in the table.",
           lambda p: [p.refs, p.keys])
def refs_exist(ctx: Context, p: RefsExistParams) -> Iterator[Hit]:
    known = {str(v).strip().casefold() for _, v in ctx.column(p.keys) if v}
    for i, refs in ctx.column(p.refs):
        missing = [str(r) for r in refs or () if str(r).strip().casefold() not in known]
        if missing:
            word = "savings line" if len(missing) == 1 else "savings lines"
            where = concrete(p.refs, i)
            yield Hit((where, table_of(p.keys) or p.keys),
                      {"missing": f"{word} {_and(missing)}",
                       "verb": "is" if len(missing) == 1 else "are", "row": _row_number(i)},
                      row=where.rpartition(".")[0] if "." in where else where)


class ChosenActionParams(Params):
    pass


@rule_kind("chosen_action_exists", ChosenActionParams,
           "The shortfall {benchmark} names action {number}, but the action plan has {count}.",
           lambda p: ["benchmark_actions", "action_plan.actions"])
def chosen_action_exists(ctx: Context, p: ChosenActionParams) -> Iterator[Hit]:
    count = len(ctx.ret.action_plan.actions)
    for key, number in ctx.ret.benchmark_actions.items():
        number = str(number).strip()
        if not number:
            continue
        if not number.isdigit() or not 1 <= int(number) <= count:
            yield Hit(("benchmark_actions", "action_plan.actions"),
                      {"benchmark": key, "number": number,
                       "count": plural(count, "action") if count else "no actions"},
                      row=f"benchmark_actions.{key}")


def shortfalls_without_action(report, ret) -> list:
    """Benchmarks that fall short and have no action of the plan chosen for them."""
    chosen = {k for k, v in ret.benchmark_actions.items() if str(v).strip()}
    return [f for f in report.benchmarks if f.status == SHORT and f.key not in chosen]


def orphan_explanations(report) -> list[str]:
    """Keys of explanations that match no finding (the query went away, or a typo)."""
    keys = {f.key for f in report.findings}
    return [k for k, v in report.explanations.items() if v.strip() and k not in keys]
