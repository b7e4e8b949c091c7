"""Field paths: how a finding, the GUI and the workbook name one place in a return.

``headcount.function_fte.hr`` names a field, ``floor_space.buildings[3].nia_m2``
one cell of a table, ``floor_space.buildings[*].nia_m2`` a whole column, and
``metrics.hr_ratio`` a derived metric.
"""
from __future__ import annotations

import re
from functools import lru_cache

from forms.schema.fields import FieldDesc, Form
from forms.schema.metrics import METRICS
from forms.schema.spec import RETURN

_PART = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[(\*|\d+)\])?$")

Step = tuple[str, "int | str | None"]  # (attribute, None | row index | "*")


class PathError(ValueError):
    pass


@lru_cache(maxsize=4096)
def parse(path: str) -> tuple[Step, ...]:
    steps = []
    for part in path.split("."):
        m = _PART.match(part)
        if not m:
            raise PathError(f"'{path}' is not a field path")
        idx = m.group(2)
        steps.append((m.group(1), None if idx is None else ("*" if idx == "*" else int(idx))))
    return tuple(steps)


@lru_cache(maxsize=1024)
def describe_path(path: str) -> FieldDesc:
    """Label, unit, help and bounds of the field a path names (row index ignored)."""
    steps = parse(path)
    if steps[0][0] == "metrics":
        if len(steps) != 2 or steps[1][0] not in METRICS:
            raise PathError(f"'{path}' names no metric")
        m = METRICS[steps[1][0]]
        return FieldDesc(name=m.name, label=m.label, unit=m.unit, help="", kind="metric",
                         places=m.places)
    form: Form = RETURN
    for i, (name, idx) in enumerate(steps):
        d = form.by_name.get(name)
        if d is None:
            raise PathError(f"'{path}': {form.name} has no field '{name}'")
        if i == len(steps) - 1:
            if idx is not None and not d.codec.holds_rows:
                raise PathError(f"'{path}': '{name}' is not a table")
            return d
        if d.form is None:
            raise PathError(f"'{path}': '{name}' has no fields inside")
        if (idx is not None) != d.codec.holds_rows:
            raise PathError(f"'{path}': '{name}' is " + ("not a table" if idx is not None
                                                          else "a table: name a row"))
        form = d.form
    raise PathError(f"'{path}' is empty")


def get(obj, path: str):
    """The value at a concrete path (no ``*``); None where a row does not exist."""
    cur = obj
    for name, idx in parse(path):
        cur = getattr(cur, name)
        if idx is not None:
            if not isinstance(idx, int) or idx >= len(cur):
                return None
            cur = cur[idx]
    return cur


def row_path(path: str, index: int) -> str:
    """``savings[*].planned_gbp`` with row 3 -> ``savings[3].planned_gbp``."""
    return path.replace("[*]", f"[{index}]", 1)


def table_of(path: str) -> str | None:
    """The table part of a column path: ``savings[*].x`` -> ``savings``."""
    head, star, _ = path.partition("[*]")
    return head if star else None


def split_row(path: str) -> tuple[str, int, str] | None:
    """``floor_space.buildings[3].nia_m2`` -> ("floor_space.buildings", 3, "nia_m2")."""
    m = re.match(r"^(.*?)\[(\d+)\](?:\.(.*))?$", path)
    if not m:
        return None
    return m.group(1), int(m.group(2)), m.group(3) or ""


@lru_cache(maxsize=1024)
def qualified_label(path: str) -> str:
    """A label that stands alone in a message: 'HR (FTE by function)'."""
    label = describe_path(path).label
    steps = parse(path)
    if len(steps) >= 3 and steps[-2][1] is None:
        parent = ".".join(n for n, _ in steps[:-1])
        return f"{label} ({describe_path(parent).label})"
    return label


# A table's rows as the officer names them: the word for one row, and the
# field that identifies it (None: the row number is its name).
ROW_NAMES: dict[str, tuple[str, str | None]] = {
    "savings": ("Savings line", "ref"),
    "floor_space.buildings": ("Building", "name"),
    "action_plan.actions": ("Action", None),
    "baselines": ("Baseline", "commitment"),
    "commitments": ("Commitment", None),
}


def row_name(ret, table: str, index: int) -> str:
    """'Savings line S3 (row 3)', 'Building Sanctuary House (row 2)', 'Action 4';
    'Savings line (row 3)' while the row has no ref."""
    word, key_field = ROW_NAMES.get(table, ("Row", None))
    n = index + 1
    key = ""
    if key_field and ret is not None:
        rows = get(ret, table)
        if rows is not None and index < len(rows):
            key = str(getattr(rows[index], key_field, "") or "").strip()
    if not key_field:
        return f"{word} {n}"
    return f"{word} {key} (row {n})" if key else f"{word} (row {n})"


def renumber_choices(choices: dict[str, str], new_index: dict[int, int | None]) -> dict[str, str]:
    """Follow actions that moved: a shortfall's chosen action is a 1-based number.

    A choice whose action was deleted is dropped, so the officer is asked again.
    """
    out: dict[str, str] = {}
    for key, number in choices.items():
        if not number.isdigit() or int(number) < 1:
            out[key] = number
            continue
        new = new_index.get(int(number) - 1, int(number) - 1)
        if new is not None:
            out[key] = str(new + 1)
    return out
