"""The kinds an officer types: number, text, choice, flag (yes/no) and refs."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal, Optional

from forms.schema.errors import UserError
from forms.schema.kinds.base import Codec, EntryError, register
from forms.schema.numbers import MAX_EXPONENT, NumberError, format_number, parse_number, rules_of
from forms.schema.wording import choice_label


def no_items() -> list:
    # A plain function, not ``list``: pydantic inspects a default factory's
    # signature, and a builtin's costs a tokenizer regex compile at start-up.
    return []


# --- number ---------------------------------------------------------------------

@lru_cache(maxsize=64)
def number_format(unit: str, places: int, integer: bool = False) -> str:
    """The workbook's number format for a figure in ``unit`` shown to ``places``."""
    if integer or places == 0:
        return "#,##0"
    if unit == "£":
        return "#,##0.00"
    return "#,##0." + "0" * places + "#" * max(0, 4 - places)


def same_figure(written: Decimal | int, found: Any) -> bool:
    """Whether a spreadsheet's number is the one written: it holds doubles, so
    equal to 15 significant digits is equal."""
    if isinstance(found, bool) or not isinstance(found, (int, float, Decimal)):
        return False
    return f"{float(written):.15g}" == f"{float(found):.15g}"


def cell_number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise UserError(f"'{value}' in the signed data is not a number.") from None


def _written_out(value: Decimal | None) -> Decimal | None:
    if value is not None and abs(value.as_tuple().exponent) > MAX_EXPONENT:
        raise ValueError(f"'{value}' is not written out as a number: write it in full, "
                         "e.g. 1234.5")
    return value


def _plain(v: Decimal | None) -> int | Decimal | None:
    # Whole bounds as int, as JSON Schema writes them (0, not "0").
    return int(v) if v is not None and v == v.to_integral_value() else v


class Number(Codec):
    """Decimal money, area or FTE; blank (None) until typed."""
    name, word, numeric = "number", "number", True

    def annotation(self, d, model_for):
        return Optional[Decimal]

    def field_args(self, d, model_for):
        return {"default": None, "ge": _plain(d.ge), "le": d.le, "decimal_places": d.max_places,
                "json_schema_extra": {"unit": d.unit, "places": d.places, "kind": self.name,
                                      "integer": d.integer}}

    def validator(self, d):
        return _written_out

    def parse(self, d, text):
        try:
            return parse_number(text, rules_of(d))
        except NumberError as e:
            raise EntryError(str(e)) from None

    def entry_text(self, d, value):
        return format_number(value)

    def preview(self, d, raw):
        # Blank for anything the model would refuse: a preview must never draw a
        # value (1E+999999999) that the checks have not seen.
        try:
            v = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            return None
        if not v.is_finite() or not d.ge <= v <= d.le or abs(v.as_tuple().exponent) > MAX_EXPONENT:
            return None
        return v

    def shown(self, d, value, unit=True):
        """FTE to one place, pounds whole unless pence were typed."""
        from forms.schema.metrics import entered_places, format_value   # metrics needs the spec
        v = Decimal(value)
        if d.unit == "FTE":
            places = 1
        elif d.integer:
            places = 0
        else:
            typed = max(0, -v.normalize().as_tuple().exponent)
            places = entered_places(v, d.unit, min(typed, d.places))
        return format_value(v, d.unit if unit else "", places)

    def bounds(self, d):
        parts = [f"{format_number(d.ge)} to {format_number(d.le)}"]
        parts.append("whole number" if d.integer else
                     f"up to {d.max_places} decimal places" if d.max_places else "")
        return "; ".join(p for p in parts if p)

    def message_places(self, d):
        # Typed figures: whole pounds and counts, FTE and areas to one place.
        return 0 if d.integer or d.unit == "£" else 1

    def style(self, d) -> str:
        return "num:" + number_format(d.unit, d.places, d.integer)

    def cell(self, d, value, clean, where):
        return cell_number(value), self.style(d)

    def width(self, d, head, texts):
        return max(14, min(24, len(head) + 2))

    def from_cell(self, d, found):
        if found is None or found == "":
            return None
        return Decimal(f"{float(found):.15g}")


# --- text and choice ------------------------------------------------------------------

class Text(Codec):
    name, word, words = "text", "text", True

    def annotation(self, d, model_for):
        return str

    def field_args(self, d, model_for):
        return {"default": d.default, "max_length": d.max_length, "pattern": d.pattern,
                "json_schema_extra": {"unit": "", "kind": self.name, "multiline": d.multiline}}

    def preview(self, d, raw):
        return str(raw).strip()

    def bounds(self, d):
        return f"up to {d.max_length:,} characters" if d.max_length else ""


class Choice(Codec):
    """One of a few stored codes, shown by its label."""
    name, word = "choice", "choice"

    def annotation(self, d, model_for):
        return Literal[d.choices]

    def field_args(self, d, model_for):
        return {"default": d.default, "json_schema_extra": {"unit": "", "kind": self.name}}

    def parse(self, d, text):
        t = " ".join(text.split()).casefold()
        for c in d.choices:
            if c.casefold() == t:
                return c
        raise EntryError(f"'{text.strip()}' is not one of: "
                         f"{', '.join(map(choice_label, d.choices))}.")

    def entry_text(self, d, value):
        return choice_label(str(value))

    def options(self, d):
        return d.choices

    def preview(self, d, raw):
        return str(raw).strip()

    def shown(self, d, value, unit=True):
        return choice_label(str(value))

    def bounds(self, d):
        return "one of " + ", ".join(f"{choice_label(c)} (`{c}`)" for c in d.choices)


# --- yes/no ---------------------------------------------------------------------------

_TYPED_YES = {"yes", "y", "true", "1", "x", "✓"}
_TYPED_NO = {"no", "n", "false", "0", ""}
# What pydantic reads as true or false in a draft's JSON.
_JSON_TRUE = {"true", "t", "yes", "y", "on", "1"}
_JSON_FALSE = {"false", "f", "no", "n", "off", "0"}


class Flag(Codec):
    name, word = "flag", "yes/no"
    YES_NO = ("Yes", "No")

    def annotation(self, d, model_for):
        return bool

    def parse(self, d, text):
        t = text.strip().casefold()
        if t in _TYPED_YES:
            return True
        if t in _TYPED_NO:
            return False
        raise EntryError(f"'{text.strip()}': type Yes or No.")

    def entry_text(self, d, value):
        return self.YES_NO[0] if value else self.YES_NO[1]

    def shown(self, d, value, unit=True):
        return self.entry_text(d, value)

    def options(self, d):
        return self.YES_NO

    def preview(self, d, raw):
        """Yes/no as pydantic reads it: true/false, 1/0, and the words it accepts."""
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in _JSON_TRUE | _JSON_FALSE:
            return raw.strip().lower() in _JSON_TRUE
        return d.default

    def cell(self, d, value, clean, where):
        return self.entry_text(d, value), "text"

    def from_cell(self, d, found):
        return found == self.YES_NO[0]


# --- refs -----------------------------------------------------------------------------

class Refs(Codec):
    """A list of short texts (the savings lines an action delivers), typed as "S1, S2"."""
    name, word, words = "refs", "list of refs", True

    def annotation(self, d, model_for):
        return list[str]

    def field_args(self, d, model_for):
        return {"default_factory": no_items, "max_length": d.max_length}

    def parse(self, d, text):
        return [r for r in (p.strip() for p in re.split(r"[,;]", text)) if r]

    def entry_text(self, d, value):
        return ", ".join(value)

    def shown(self, d, value, unit=True):
        return ", ".join(str(v) for v in value)

    def bounds(self, d):
        return f"up to {d.max_length:,} items" if d.max_length else ""

    def cell(self, d, value, clean, where):
        return clean(", ".join(str(v) for v in value or ()), where), "text"

    def from_cell(self, d, found):
        return [r for r in str(found or "").split(", ") if r]


NUMBER = register(Number())
TEXT = register(Text())
CHOICE = register(Choice())
FLAG = register(Flag())
REFS = register(Refs())
