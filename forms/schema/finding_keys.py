"""Finding keys: how an officer names a finding to explain it.

A key is the rule id, then, for a finding about one row or field, ``@`` and
where: ``DELIVERED-LE-PLANNED@savings#3`` is the query on the savings table's
row 3, counted from 1 as the message ("Savings line S3 (row 3)") counts it.
``#`` rather than the field paths' ``[2]``: a key and a path then never look
alike, so nobody reads ``savings[2]`` as row 2 or types a path for a key, and
``#3`` needs no quoting in a shell. Officers see keys in `validate`, type them
into `explain`, and find them in drafts, the Checks sheet and the signed data.

Drafts up to schema 3, and the workbooks signed from them, hold the earlier
form ``RULE@savings[2]`` (row index from 0); ``from_schema_3`` converts one.
"""
from __future__ import annotations

import re

# The first draft schema whose keys count rows from 1.
KEYS_FROM_ONE_SCHEMA = 4

_OLD_ROW = re.compile(r"\[(\d+)\]")


def location(path: str) -> str:
    """A row or field path as a key names it: ``floor_space.buildings[1].name`` ->
    ``floor_space.buildings#2.name``; a plain path stays as it is."""
    return _OLD_ROW.sub(lambda m: f"#{int(m.group(1)) + 1}", path) if "[" in path else path


def finding_key(rule_id: str, where: str = "") -> str:
    """The key of a rule's finding about ``where`` (a path, or '' for the whole return)."""
    return f"{rule_id}@{location(where)}" if where else rule_id


def is_old_form(key: str) -> bool:
    """A key as schema 3 wrote it, naming a row by its index from 0."""
    rule, at, where = key.partition("@")
    return bool(at) and _OLD_ROW.search(where) is not None


def from_schema_3(key: str) -> str:
    """``RULE@savings[2]`` (schema 3 and before) -> ``RULE@savings#3``; others unchanged."""
    rule, at, where = key.partition("@")
    return f"{rule}@{location(where)}" if at and "[" in where else key


def keys_from_schema_3(keyed: dict[str, str]) -> dict[str, str]:
    """A mapping keyed in the old form, keyed in the new one, in the same order.

    Two keys meeting (a hand-edited draft holding both forms) keep the first text
    that is not blank, so no explanation is lost to an empty one."""
    out: dict[str, str] = {}
    for key, value in keyed.items():
        new = from_schema_3(key)
        if new not in out or not str(out[new]).strip():
            out[new] = value
    return out


def renumber_rows(keyed: dict[str, str], table: str,
                  new_index: dict[int, int | None]) -> dict[str, str]:
    """Follow rows that moved: keys like ``RULE@savings#3`` name a row.

    ``new_index`` maps old row index (from 0) -> new index, or None for a deleted row
    (its entries are dropped); rows not in the map keep their place.
    """
    pat = re.compile(r"^(.*@)" + re.escape(table) + r"#(\d+)(\D.*)?$")
    out: dict[str, str] = {}
    for key, text in keyed.items():
        m = pat.match(key)
        if not m or int(m.group(2)) < 1:
            out[key] = text
            continue
        old = int(m.group(2)) - 1
        new = new_index.get(old, old)
        if new is not None:
            out[f"{m.group(1)}{table}#{new + 1}{m.group(3) or ''}"] = text
    return out
