"""Drafts: the return as JSON carrying its schema version; old ones migrate."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from forms.drafts.atomic import write_atomic
from forms.schema.errors import NotAReturn
from forms.schema.finding_keys import keys_from_schema_3
from forms.drafts.files import read_limited
from forms.schema.spec import SCHEMA_VERSION

if TYPE_CHECKING:      # reading a draft's JSON needs no models: the desktop shows it first
    from forms.schema.model import Return

MAX_DRAFT_BYTES = 64 * 1024 * 1024


def _v1_to_v2(d: dict) -> dict:
    # Version 1 called non-payroll staff "contingent_fte" and kept ORC as "orc_gbp".
    h = d.get("headcount") or {}
    if "contingent_fte" in h:
        h["non_payroll_fte"] = h.pop("contingent_fte")
    s = d.get("spend") or {}
    if "orc_gbp" in s:
        s["running_costs_gbp"] = s.pop("orc_gbp")
    d.setdefault("benchmark_actions", {})
    return d


def _v2_to_v3(d: dict) -> dict:
    # Version 3 added the Baselines and Commitments tables; a draft made before has neither.
    d.setdefault("baselines", [])
    d.setdefault("commitments", [])
    return d


def _v3_to_v4(d: dict) -> dict:
    # Version 4 keys findings by row number from 1 ("RULE@savings#3"), as messages count
    # rows; before, by index from 0 ("RULE@savings[2]"). The texts stay on their rows.
    for name in ("explanations", "benchmark_actions"):
        if isinstance(d.get(name), dict):
            d[name] = keys_from_schema_3(d[name])
    return d


# version n -> function turning a version-n dict into version n+1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def to_json(ret: Return) -> str:
    return ret.model_dump_json(indent=1)


def save_draft(ret: Return, path: str | Path) -> None:
    write_atomic(path, to_json(ret).encode("utf-8"))


def migrate(data: Any, source: str = "the draft") -> dict:
    """A draft's data brought to the current schema version (not yet validated)."""
    if not isinstance(data, dict) or "envelope" not in data:
        raise NotAReturn(f"{source} is not a Back Office Return draft.")
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise NotAReturn(f"{source} has an unknown schema version {version!r}.")
    if version > SCHEMA_VERSION:
        raise NotAReturn(f"{source} was saved by a newer version of Back Office Return "
                         f"(schema {version}; this program reads up to {SCHEMA_VERSION}). "
                         "Install the latest version to open it.")
    # A copy: the caller's dict (a signed payload's return) keeps what it holds.
    data = dict(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def from_dict(data: Any, source: str = "the draft") -> Return:
    from pydantic import ValidationError

    from forms.schema.model import Return
    data = migrate(data, source)
    try:
        return Return.model_validate(data)
    except ValidationError as e:
        from forms.drafts.load_errors import describe_errors
        raise NotAReturn(describe_errors(e.errors(), source)) from None


def read_draft(path: str | Path) -> dict:
    """A draft file's data, migrated to the current schema but not yet validated."""
    p = Path(path)
    raw = read_limited(p, MAX_DRAFT_BYTES, "draft")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):   # bad UTF-8 or JSON; an integer of 5,000 digits
        raise NotAReturn(f"{p.name} is not a Back Office Return draft (not valid JSON). "
                         "Open a .json draft or a signed .xlsx return.") from None
    return migrate(data, p.name)


def load_draft(path: str | Path) -> Return:
    return from_dict(read_draft(path), Path(path).name)
