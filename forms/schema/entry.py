"""Text typed or pasted into a field -> its value, for every kind of field.

The form boxes, the table cells and a block pasted from Excel all go through
``parse_entry``, so the same text means the same value everywhere, and
``show_entry`` writes a value back as text that parses to the same value.
"""
from __future__ import annotations

import csv
import io

from forms.schema.fields import describe
from forms.schema.kinds import EntryError  # noqa: F401 - raised by the kinds' parse, caught by callers

MAX_PASTE_CELLS = 200_000


def parse_entry(model, name: str, text: str):
    d = describe(model, name)
    return d.codec.parse(d, text)


def show_entry(model, name: str, value) -> str:
    d = describe(model, name)
    return "" if value is None else d.codec.entry_text(d, value)


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
