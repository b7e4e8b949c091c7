"""Text typed or pasted into a field -> its value, for every kind of field.

The form boxes, the table cells and a block pasted from Excel all go through
``parse_entry``, so the same text means the same value everywhere, and
``show_entry`` writes a value back as text that parses to the same value.
"""
from __future__ import annotations

import csv
import io
import re

from forms.schema.fields import describe
from forms.schema.numbers import NumberError, format_number, parse_number, rules_for
from forms.schema.wording import choice_label

_TRUE = {"yes", "y", "true", "1", "x", "✓"}
_FALSE = {"no", "n", "false", "0", ""}
MAX_PASTE_CELLS = 200_000


class EntryError(ValueError):
    """The text cannot be this field's value; str() says what to type instead."""


def parse_entry(model, name: str, text: str):
    d = describe(model, name)
    if d.kind == "number":
        try:
            return parse_number(text, rules_for(model, name))
        except NumberError as e:
            raise EntryError(str(e)) from None
    if d.kind == "choice":
        t = " ".join(text.split()).casefold()
        for c in d.choices:
            if c.casefold() == t:
                return c
        raise EntryError(f"'{text.strip()}' is not one of: {', '.join(map(choice_label, d.choices))}.")
    if d.kind == "bool":
        t = text.strip().casefold()
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
        raise EntryError(f"'{text.strip()}': type Yes or No.")
    if d.kind == "list":
        return [r for r in (p.strip() for p in re.split(r"[,;]", text)) if r]
    return text.strip()


def show_entry(model, name: str, value) -> str:
    d = describe(model, name)
    if value is None:
        return ""
    if d.kind == "number":
        return format_number(value)
    if d.kind == "bool":
        return "Yes" if value else "No"
    if d.kind == "list":
        return ", ".join(value)
    return choice_label(str(value)) if d.choices else str(value)   # a choice by its label


def parse_block(text: str) -> list[list[str]]:
    """A tab-separated block as Excel puts it on the clipboard (quoted cells allowed)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if "\t" not in text and '"' not in text:
        rows = [[line] for line in text.split("\n")]
    else:
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]
    if sum(len(r) for r in rows) > MAX_PASTE_CELLS:
        raise EntryError(f"That block is too large to paste (over {MAX_PASTE_CELLS:,} cells).")
    return rows


def to_block(rows: list[list[str]]) -> str:
    """Rows as tab-separated text Excel pastes back cell for cell."""
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n")
    w.writerows(rows)
    return out.getvalue()
