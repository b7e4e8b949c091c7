"""One description of a field, read by every consumer.

A field's label, unit, help text, bounds and default are given once, as plain
data (forms.schema.spec). The pydantic models are built from these descriptions
(forms.schema.model); the GUI builds its inputs from them, the workbook writer its
headers and number formats, the JSON Schema its titles, and validation
messages their wording: nothing restates them.

Plain Python on purpose: the desktop program draws its first window from
these descriptions before pydantic has been imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from forms.schema.kinds import Codec, codec_for

# Upper bound for any amount: £10 trillion / 10 million m² are far past any
# real department but keep a typo of twelve extra digits out of the return.
MAX_AMOUNT = Decimal("10000000000000")
MAX_COUNT = Decimal("10000000")
COUNT_UNITS = ("FTE", "people", "desks")
TEXT_SHORT = 200
TEXT_LONG = 4000


@dataclass(frozen=True)
class FieldDesc:
    name: str
    label: str
    unit: str
    help: str
    # The name of a registered kind (forms.schema.kinds): number | text | choice |
    # flag | refs | group | table | mapping | int | metric. ``codec`` is its codec.
    kind: str
    ge: Decimal | None = None
    le: Decimal | None = None
    places: int = 2                  # decimal places shown
    integer: bool = False
    max_length: int | None = None    # characters of text; rows of a list
    multiline: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None              # for group, list and mapping: built fresh each time
    pattern: str | None = None
    max_places: int | None = None    # decimal places accepted
    form: "Form | None" = field(default=None, compare=False, repr=False)  # a group's or row's fields
    check: str = ""                  # a further check the model applies: year, pack_id, organisation
    codec: Codec = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # An unknown kind fails here, when forms.schema.spec is imported.
        object.__setattr__(self, "codec", codec_for(self.kind))


class Form:
    """A group of fields in order: a page, a box on a page, or a table's row."""

    def __init__(self, model_name: str, doc: str = "", /, **fields: FieldDesc):
        # Positional-only, so that fields may be called "name" or "doc".
        self.name = model_name    # the pydantic model's class name
        self.doc = doc
        self.fields = tuple(replace(d, name=n) for n, d in fields.items())
        self.by_name = {d.name: d for d in self.fields}

    def __repr__(self) -> str:
        return f"Form({self.name})"


def number(label: str, unit: str, help: str, *, ge: Decimal | int = 0,
           le: Decimal | int | None = None, places: int = 2,
           integer: bool = False) -> FieldDesc:
    """A numeric input: Decimal money, area or FTE; blank until typed."""
    top = le if le is not None else (MAX_COUNT if unit in COUNT_UNITS else MAX_AMOUNT)
    return FieldDesc("", label, unit, help, "number", ge=Decimal(ge), le=Decimal(top),
                     places=0 if integer else places, integer=integer,
                     max_places=0 if integer else (2 if unit == "£" else 4))


def text(label: str, help: str, *, max_length: int = TEXT_SHORT, default: str = "",
         multiline: bool = False, pattern: str | None = None, check: str = "") -> FieldDesc:
    return FieldDesc("", label, "", help, "text", max_length=max_length, multiline=multiline,
                     default=default, pattern=pattern, check=check)


def choice(label: str, help: str, default: str, options: tuple[str, ...]) -> FieldDesc:
    return FieldDesc("", label, "", help, "choice", choices=options, default=default)


def flag(label: str, help: str, default: bool) -> FieldDesc:
    return FieldDesc("", label, "", help, "flag", default=default)


def group(label: str, form: Form) -> FieldDesc:
    return FieldDesc("", label, "", "", "group", form=form)


def table(label: str, row: Form, max_rows: int) -> FieldDesc:
    return FieldDesc("", label, "", "", "table", form=row, max_length=max_rows)


def refs(label: str, help: str, max_items: int) -> FieldDesc:
    """A list of short texts (e.g. the savings lines an action delivers)."""
    return FieldDesc("", label, "", help, "refs", max_length=max_items)


def mapping(label: str, help: str = "") -> FieldDesc:
    """Key -> text, each text at most TEXT_LONG characters."""
    return FieldDesc("", label, "", help, "mapping", max_length=TEXT_LONG)


def form_of(model: Any) -> Form:
    """The Form a model class (or a Form) describes."""
    return model if isinstance(model, Form) else model.__form__


def describe(model: Any, name: str) -> FieldDesc:
    """The description of ``model.name`` as every consumer should show it."""
    return form_of(model).by_name[name]


def fields_of(model: Any) -> list[FieldDesc]:
    return list(form_of(model).fields)
