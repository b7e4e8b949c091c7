"""Rule packs: versioned TOML files in resources/rulepacks, validated on load."""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from forms.schema.errors import UserError
from forms.schema.model import check_year
from forms.schema.spec import DEFAULT_RULE_PACK, PACK_ID_PATTERN, year_start, year_text
from forms.schema.organisations import dated_packs, shipped_pack_ids

from .findings import Severity
from .kinds import REGISTRY, Params
from . import baselines, references  # noqa: F401  (register their kinds)


class RulePackError(UserError):
    pass


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
    kind: str
    severity: Severity
    title: str = ""
    message: str = ""
    params: dict[str, Any] = Field(default_factory=lambda: {})     # not dict: see forms.schema.model
    applies_to: list[str] = Field(default_factory=lambda: [])  # organisation codes; empty = all
    from_year: str = ""                                   # first year the rule applies
    until_year: str = ""                                  # last year the rule applies
    due: str = ""                                         # when a commitment falls due
    source: str = ""                                      # where the rule comes from

    _years = field_validator("from_year", "until_year", "due")(check_year)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in REGISTRY:
            raise ValueError(f"unknown rule kind '{v}'; known kinds: {', '.join(sorted(REGISTRY))}")
        return v


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    params: Params

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class RulePack:
    id: str
    version: str
    title: str
    sha256: str
    rules: tuple[Rule, ...]
    source: str

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def parse_pack(raw: bytes, name: str, base: RulePack | None = None) -> RulePack:
    """Validate a pack's bytes; any fault names the file and the rule.

    ``base``: the version of the pack it extends to build on (an archived pack's
    own base); the shipped one if not given."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RulePackError(f"Rule pack {name} is not valid TOML: {e}") from None
    head = data.get("pack")
    if not isinstance(head, dict) or not all(isinstance(head.get(k), str) for k in ("id", "version")):
        raise RulePackError(f"Rule pack {name} needs a [pack] table with id and version.")
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, raw_rule in enumerate(data.get("rule", []), 1):
        rid = raw_rule.get("id", f"#{n}") if isinstance(raw_rule, dict) else f"#{n}"
        try:
            spec = RuleSpec.model_validate(raw_rule)
            kind = REGISTRY[spec.kind]
            params = kind.params.model_validate(spec.params)
        except (ValidationError, ValueError) as e:
            raise RulePackError(f"Rule pack {name}, rule {rid}: {_explain(e)}") from None
        if spec.id in seen:
            raise RulePackError(f"Rule pack {name}, rule {rid}: the id is used twice.")
        if kind.severity and spec.severity != kind.severity:
            raise RulePackError(f"Rule pack {name}, rule {rid}: {kind.name} rules are "
                                f"{kind.severity}s.")
        seen.add(spec.id)
        rules.append(Rule(spec, params))
    digest = hashlib.sha256(raw)
    if "extends" in head:
        base = base if base is not None and base.id == head["extends"] else _base_of(head, name)
        rules = _extend(base, rules, head.get("remove", []), name)
        digest.update(base.sha256.encode("ascii"))   # the hash pins the base pack too
    if not rules:
        raise RulePackError(f"Rule pack {name} has no rules.")
    return RulePack(id=head["id"], version=head["version"], title=head.get("title", head["id"]),
                    sha256=digest.hexdigest(), rules=tuple(rules), source=name)


def _base_of(head: dict, name: str) -> RulePack:
    base = head["extends"]
    if not isinstance(base, str) or base not in shipped_packs() or base == head["id"]:
        raise RulePackError(f"Rule pack {name} extends '{base}', which is not another shipped "
                            f"pack. Shipped packs: {', '.join(shipped_packs())}.")
    return load_pack(base)


def _extend(base: RulePack, own: list[Rule], remove: Any, name: str) -> list[Rule]:
    """The base pack's rules in order, a rule of the same id replaced, new ones after,
    and those named in ``remove`` left out: a year's pack states only what changed."""
    if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
        raise RulePackError(f"Rule pack {name}: remove must be a list of rule ids.")
    known = {r.id for r in base.rules}
    for rid in remove:
        if rid not in known:
            raise RulePackError(f"Rule pack {name} removes rule {rid}, which {base.id} does "
                                "not have.")
    mine = {r.id: r for r in own}
    rules = [mine.pop(r.id, r) for r in base.rules if r.id not in remove]
    return rules + [r for r in own if r.id in mine]


def _explain(e: Exception) -> str:
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        return f"{where}: {msg}" if where else msg
    return str(e)


def shipped_packs() -> list[str]:
    return shipped_pack_ids()


@lru_cache(maxsize=16)
def load_pack(pack: str = DEFAULT_RULE_PACK) -> RulePack:
    """A shipped pack by id, or a pack file by path."""
    if pack.endswith(".toml") or "/" in pack or "\\" in pack:
        path = Path(pack)
        try:
            return parse_pack(path.read_bytes(), path.name)
        except OSError as e:
            raise RulePackError(f"Cannot read rule pack {path}: {e.strerror}.") from None
    if pack not in shipped_packs():
        raise RulePackError(f"No rule pack '{pack}'. Shipped packs: {', '.join(shipped_packs())}.")
    return parse_pack(_shipped_raw(pack), f"{pack}.toml")


def load_shipped(pid: str) -> RulePack:
    """A shipped pack by the id a received file names: never a path (load_pack takes
    one), so no file can make the program read a file, or a network share, of its choosing."""
    if not re.fullmatch(PACK_ID_PATTERN, pid):
        raise RulePackError(f"'{pid[:60]}' is not the id of a shipped rule pack (a received "
                            "file names its pack by id, never by a path)")
    return load_pack(pid)


def _shipped_raw(pid: str) -> bytes:
    return resources.files("resources").joinpath("rulepacks", f"{pid}.toml").read_bytes()


# --- earlier versions, for verifying what was signed with them -----------------
#
# A return is signed with the pack's hash. When a pack is revised (a new version,
# recorded in rulepacks/released.json), the version it replaces is kept in
# rulepacks/archive/, so a return signed with it is still rechecked exactly.

def _archived() -> list[tuple[str, bytes]]:
    folder = resources.files("resources").joinpath("rulepacks", "archive")
    if not folder.is_dir():
        return []
    return sorted((f.name, f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".toml"))


def _head(raw: bytes) -> tuple[str, str]:
    """(id, id of the pack it extends) from a pack file's [pack] table."""
    try:
        head = tomllib.loads(raw.decode("utf-8")).get("pack") or {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "", ""
    return str(head.get("id", "")), str(head.get("extends", ""))


@lru_cache(maxsize=16)      # the program's files do not change while it runs
def versions(pid: str, _depth: int = 0) -> tuple[RulePack, ...]:
    """Every version of pack ``pid`` the program carries, the shipped one first.

    A pack that extends another is built on every version of that base the
    program carries: revising the 2009 pack changes the hash of the 2010 pack
    built on it, and a 2010 return signed before must still be found."""
    files: list[tuple[str, bytes]] = []
    if pid in shipped_packs():
        files.append((f"{pid}.toml", _shipped_raw(pid)))
    files += [(f"archive/{name}", raw) for name, raw in _archived() if _head(raw)[0] == pid]
    out: list[RulePack] = []
    for name, raw in files:
        extends = _head(raw)[1]
        bases = versions(extends, _depth + 1) if extends and _depth < 3 else [None]
        for base in bases:
            try:
                pack = parse_pack(raw, name, base)
            except RulePackError:
                continue
            if all(pack.sha256 != seen.sha256 for seen in out):
                out.append(pack)
    return tuple(out)


@lru_cache(maxsize=64)
def pack_by_hash(pid: str, sha256: str) -> RulePack | None:
    """The version of pack ``pid`` whose hash is ``sha256``, if the program carries it."""
    return next((p for p in versions(pid) if p.sha256 == sha256), None)


# --- the years a return can be made for -------------------------------------------

def first_year() -> int:
    """The first year a return is made for: the earliest baseline any shipped pack
    measures a commitment from (its return supplies the figure), or the first pack's."""
    years = [first for first, _pid in dated_packs()]
    for pid in shipped_packs():
        for rule in load_pack(pid).rules:
            start = year_start(str(getattr(rule.params, "baseline_year", "") or ""))
            if start is not None:
                years.append(start)
    return min(years, default=2009)


def check_new_year(year: str, today: date | None = None) -> None:
    """Refuse a year no return is made for, typed by mistake: before ``first_year`` or
    after the year ahead (a plan's) of today's financial year."""
    start = year_start(year)
    if start is None:
        return        # not a year at all: the model says how to write one
    first = first_year()
    today = today or date.today()
    now = today.year if today.month >= 4 else today.year - 1   # years start on 1 April
    if start < first:
        raise RulePackError(f"{year} is before {year_text(first)}, the first year the "
                            "back-office benchmarks measure from: check the year.")
    if start > now + 1:
        raise RulePackError(f"{year} is more than a year ahead of this financial year "
                            f"({year_text(now)}): check the year. A plan is made for the "
                            f"year ahead at most ({year_text(now + 1)}).")
