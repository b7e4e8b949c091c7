"""What an officer types into a numeric box -> a Decimal, or a reason it is refused.

UK conventions: a full stop is the decimal point; thousands may be grouped
with commas or spaces ("1,234.5", "12 000"), in groups of three. Anything
that could be read two ways is refused with a message saying how to write it,
never guessed: "1,23" (a decimal comma?), "1.234,5" (continental format),
"12e3", "1.2m". Nothing is rounded: too many decimal places is refused.

A leading "£" is accepted in a pounds field and a trailing "%" in a
percentage field, because that is exactly the unit shown beside the box and
what Excel puts on the clipboard; in any other field the symbol would mean
the officer is typing into the wrong box, so it is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


MAX_CHARS = 40
# A stored number's exponent beyond this is a file written by hand or by
# another tool ("0E-1000000000" is zero, but printing it in full would not end).
MAX_EXPONENT = 40
# Spaces that Excel, Word and web pages use as thousands separators.
_SPACES = "\u0020\u00a0\u2009\u202f"
_GROUPED = {
    ",": re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$", re.ASCII),
    " ": re.compile(r"^\d{1,3}( \d{3})+(\.\d*)?$", re.ASCII),
}
_PLAIN = re.compile(r"^(\d+(\.\d*)?|\.\d+)$", re.ASCII)


class NumberError(ValueError):
    """The text is not a number this field accepts; str() says what to do."""


@dataclass(frozen=True)
class NumberRules:
    unit: str = ""
    integer: bool = False
    max_places: int | None = None
    ge: Decimal | None = None
    le: Decimal | None = None


def rules_of(d) -> NumberRules:
    """The limits the model will enforce on the field ``d`` describes, so the box refuses first."""
    return NumberRules(unit=d.unit, integer=d.integer, max_places=d.max_places, ge=d.ge, le=d.le)


def rules_for(model, name: str) -> NumberRules:
    """The limits the model will enforce on ``model.name``."""
    from forms.schema.fields import describe     # fields -> kinds -> this module
    return rules_of(describe(model, name))


def format_number(value: Decimal | None) -> str:
    """'1,234.5' for Decimal('1234.5'): thousands grouped, every typed digit kept."""
    if value is None:
        return ""
    return f"{value:,f}"


def _strip_unit(s: str, unit: str) -> str:
    if s.startswith("£") or s.endswith("£"):
        if unit != "£":
            raise NumberError(f"This figure is in {unit or 'plain numbers'}, not pounds: "
                              "remove the £.")
        s = s.strip("£").strip(_SPACES)
    if s.endswith("%"):
        if unit != "%":
            raise NumberError(f"This figure is in {unit or 'plain numbers'}, not a percentage: "
                              "remove the %.")
        s = s[:-1].rstrip(_SPACES)
    return s


def _digits(s: str) -> str:
    """The number with grouping removed; raises on anything ambiguous."""
    if re.search(r"\d[eE][+-]?\d", s):
        raise NumberError("Write the number in full (e.g. 12000), not as 12e3.")
    if re.search(r"\d\s*(k|m|mn|bn|million|billion|thousand)$", s, re.IGNORECASE):
        raise NumberError("Write the number in full (e.g. 1200000), not as 1.2m or 1.2k.")
    if _PLAIN.match(s):
        return s
    if "," in s and "." in s and s.rfind(",") > s.rfind("."):
        raise NumberError(f"'{s}' looks like the continental format: use a full stop for "
                          "decimals and commas for thousands, e.g. 1,234.5.")
    for sep in (",", " "):
        if sep in s:
            if _GROUPED[sep].match(s):
                return s.replace(sep, "")
            if sep == "," and re.match(r"^\d+,\d{1,2}$|^\d+,\d{4,}$", s):
                raise NumberError(f"'{s}' is ambiguous: use a full stop for decimals (1.23), "
                                  "or commas only between groups of three digits (1,230).")
            raise NumberError(f"'{s}': thousands must be grouped in threes, e.g. 1,234,567 "
                              "or 1 234 567.")
    if s.count(".") > 1:
        raise NumberError(f"'{s}' has more than one decimal point: use commas for "
                          "thousands, e.g. 1,234,567.")
    raise NumberError(f"'{s}' is not a number: type digits, e.g. 1,234.5.")


def parse_number(text: str, rules: NumberRules = NumberRules()) -> Decimal | None:
    """The value the officer typed (None for a blank box), or NumberError saying why not."""
    s = (text or "").strip(_SPACES + "\t\r\n")
    if not s:
        return None
    if len(s) > MAX_CHARS:
        raise NumberError(f"That is too long for a number (over {MAX_CHARS} characters).")
    s = re.sub(f"[{_SPACES[1:]}]", " ", s)
    if not s.isprintable():
        raise NumberError("That is not a number: type digits, e.g. 1,234.5.")
    negative = False
    if s.startswith("(") and s.endswith(")"):      # accountants' negative
        negative, s = True, s[1:-1].strip()
    s = _strip_unit(s, rules.unit)
    if s[:1] in ("+", "-"):
        negative ^= s[0] == "-"
        s = s[1:].lstrip()
    s = _strip_unit(s, rules.unit)                 # "-£5" as well as "£-5"
    if not s:
        raise NumberError("Type a number, e.g. 1,234.5.")
    try:
        value = Decimal(_digits(s))
    except InvalidOperation:
        raise NumberError(f"'{s}' is not a number: type digits, e.g. 1,234.5.") from None
    if negative:
        value = -value
    return check_number(value, rules)


def check_number(value: Decimal, rules: NumberRules) -> Decimal:
    """The value if the field allows it; NumberError otherwise. Never rounds."""
    places = max(0, -value.normalize().as_tuple().exponent) if value else 0
    if rules.integer and places:
        raise NumberError("Type a whole number here (no decimal places).")
    if rules.max_places is not None and places > rules.max_places:
        what = "pence" if rules.unit == "£" and rules.max_places == 2 else "decimal places"
        raise NumberError(f"At most {rules.max_places} decimal places here ({what}): "
                          "type the figure without rounding it further than that.")
    if rules.ge is not None and value < rules.ge:
        if rules.ge == 0:
            raise NumberError("This figure cannot be negative.")
        raise NumberError(f"This figure must be at least {format_number(rules.ge)}.")
    if rules.le is not None and value > rules.le:
        raise NumberError(f"This figure cannot be more than {format_number(rules.le)}: "
                          "check for extra digits.")
    return value
