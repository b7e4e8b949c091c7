"""One description of a field, read by every consumer.

A field's label, unit, help text and bounds are given once, here, as pydantic
``Field`` metadata. The GUI builds its inputs from them, the workbook writer
its headers and number formats, the JSON Schema its titles, and validation
messages their wording: nothing restates them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

# Upper bound for any amount: £10 trillion / 10 million m² are far past any
# real department but keep a typo of twelve extra digits out of the return.
MAX_AMOUNT = Decimal("10000000000000")
MAX_COUNT = Decimal("10000000")
TEXT_SHORT = 200
TEXT_LONG = 4000


def number(label: str, unit: str, help: str, *, ge: Decimal | int = 0,
           le: Decimal | int | None = None, places: int = 2,
           integer: bool = False) -> Any:
    """A numeric input: Decimal money, area or FTE; blank until typed."""
    extra = {"unit": unit, "places": 0 if integer else places, "kind": "number",
             "integer": integer}
    return Field(default=None, title=label, description=help, ge=ge,
                 decimal_places=0 if integer else (2 if unit == "£" else 4),
                 le=le if le is not None else (MAX_COUNT if unit in ("FTE", "people", "desks") else MAX_AMOUNT),
                 json_schema_extra=extra)


def text(label: str, help: str, *, max_length: int = TEXT_SHORT, default: str = "",
         multiline: bool = False, pattern: str | None = None) -> Any:
    extra = {"unit": "", "kind": "text", "multiline": multiline}
    return Field(default=default, title=label, description=help, max_length=max_length,
                 pattern=pattern, json_schema_extra=extra)


def choice(label: str, help: str, default: Any) -> Any:
    return Field(default=default, title=label, description=help,
                 json_schema_extra={"unit": "", "kind": "choice"})


@dataclass(frozen=True)
class FieldDesc:
    name: str
    label: str
    unit: str
    help: str
    kind: str  # number | text | choice | bool | list | group
    ge: Decimal | None = None
    le: Decimal | None = None
    places: int = 2
    integer: bool = False
    max_length: int | None = None
    multiline: bool = False
    choices: tuple[str, ...] = ()


def _bound(metadata: list, attr: str):
    for m in metadata:
        v = getattr(m, attr, None)
        if v is not None:
            return v
    return None


@lru_cache(maxsize=None)
def describe(model: type[BaseModel], name: str) -> FieldDesc:
    """The description of ``model.name`` as every consumer should show it."""
    info = model.model_fields[name]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = extra.get("kind")
    choices: tuple[str, ...] = ()
    ann = info.annotation
    args = getattr(ann, "__args__", ())
    if kind is None:
        if ann is bool:
            kind = "bool"
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            kind = "group"
        else:
            kind = "list"
    if kind == "choice":
        choices = tuple(str(a) for a in args)
    ge = _bound(info.metadata, "ge")
    le = _bound(info.metadata, "le")
    return FieldDesc(
        name=name, label=info.title or name.replace("_", " ").capitalize(),
        unit=extra.get("unit", ""), help=info.description or "", kind=kind,
        ge=Decimal(ge) if ge is not None else None,
        le=Decimal(le) if le is not None else None,
        places=extra.get("places", 2), integer=extra.get("integer", False),
        max_length=_bound(info.metadata, "max_length"),
        multiline=extra.get("multiline", False), choices=choices)


def fields_of(model: type[BaseModel]) -> list[FieldDesc]:
    return list(_fields_of(model))


@lru_cache(maxsize=None)
def _fields_of(model: type[BaseModel]) -> tuple[FieldDesc, ...]:
    # Models are fixed once defined; their descriptions are read on every
    # page build, layout and check, so they are worked out once.
    return tuple(describe(model, n) for n in model.model_fields)
