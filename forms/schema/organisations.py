"""Reference data from resources/: organisations and their 2009 commitments."""
from __future__ import annotations

import json
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
    return _commitments().get(code)
