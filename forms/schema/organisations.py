"""Reference data from resources/: organisations, their 2009 commitments, and the
rule packs shipped (which a year's return is checked against by default)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from forms.schema.errors import UserError

# The command line's advice; the window gives its own (desktop.words).
LIST_HINT = "'backoffice organisations' lists them all."



@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    kind: str              # department | body | wider public sector
    parent: str | None = None
    group: str | None = None
    named: bool = False    # a kind of body: the officer types the body's own name

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def resource_text(*parts: str) -> str:
    return resources.files("resources").joinpath(*parts).read_text(encoding="utf-8")


def shipped_pack_ids() -> list[str]:
    folder = resources.files("resources").joinpath("rulepacks")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def dated_packs() -> list[tuple[int, str]]:
    """(first year, id) of each shipped smarter-government-YYYY pack, earliest first."""
    return sorted((int(m.group(1)), pid) for pid in shipped_pack_ids()
                  if (m := re.fullmatch(r"smarter-government-(\d{4})", pid)))


def pack_for_year(year: str) -> str:
    """The pack a return for ``year`` is checked against unless it names another:
    smarter-government-2010 for 2010-11, the latest earlier one for a later year,
    the default for a year before the first."""
    from forms.schema.spec import DEFAULT_RULE_PACK, year_start
    start = year_start(year)
    fits = [pid for first, pid in dated_packs() if start is not None and first <= start]
    return fits[-1] if fits else DEFAULT_RULE_PACK


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    data = json.loads(resource_text("organisations.json"))
    return tuple(Organisation(**o) for o in data["organisations"])


@lru_cache(maxsize=1)
def _commitments() -> dict:
    return json.loads(resource_text("commitments.json"))["commitments"]


def find_organisation(query: str) -> Organisation:
    """By code, full name or the "Name (CODE)" lists show, any letter case; an
    unknown one suggests the nearest."""
    q = " ".join(query.split()).casefold()
    for org in organisations():
        if q in (org.code.casefold(), org.name.casefold(), org.label.casefold()):
            return org
    names = {o.code.casefold(): o for o in organisations()}
    names.update({o.name.casefold(): o for o in organisations()})
    import difflib     # only when a name is not found
    close = difflib.get_close_matches(q, names, n=3, cutoff=0.5)
    # Substring matches catch "transport" -> Department for Transport.
    close += [k for k in names if q and q in k and k not in close][:3]
    seen, hints = set(), []
    for k in close:
        o = names[k]
        if o.code not in seen:
            seen.add(o.code)
            hints.append(o.label)
    hint = f" Did you mean: {', '.join(hints[:4])}?" if hints else ""
    raise UserError(f"No organisation '{query}'.{hint} {LIST_HINT}")


def commitments_for(code: str) -> dict | None:
    """An organisation's Table A entry (summary, actions, savings lines, and the
    commitments no figure measures, whose status the officer reports).

    A body under a parent (CPS under the Attorney General's Departments) has
    no entry of its own: it gets the parent's actions that name it, by code or
    name, and the savings lines those actions deliver."""
    own = _commitments().get(code)
    if own is not None:
        return own
    org = next((o for o in organisations() if o.code == code), None)
    parent = _commitments().get(org.parent) if org is not None and org.parent else None
    if parent is None or org.named:
        return None
    names = re.compile(rf"\b(?:{re.escape(org.code)}|{re.escape(org.name)})\b")
    actions = [a for a in parent["actions"] if names.search(a["text"])]
    if not actions:
        return None
    refs = {r for a in actions for r in a["savings_refs"]}
    return dict(parent, actions=actions,
                savings=[line for line in parent["savings"] if line["ref"] in refs],
                reported=[c for c in parent.get("reported", []) if names.search(c["commitment"])])
