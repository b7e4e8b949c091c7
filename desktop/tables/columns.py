"""Column headers and widths: each column as wide as what it holds, headers on two
lines where that saves width, spare width to the longest free-text column."""
from __future__ import annotations

from typing import Callable

from forms.schema.fields import FieldDesc


def header_text(d: FieldDesc) -> str:
    return f"{d.label} ({d.unit})" if d.unit else d.label


def header_lines(text: str, width: Callable[[str], int], fits: int) -> str:
    """The header on one line if it ``fits`` (pixels), else on two, split where the
    longer line is shortest ("Delivered to date" / "(£)", "Cash-" / "releasing")."""
    if width(text) <= fits:
        return text
    cuts = [(text[:i].rstrip(), text[i:].lstrip()) for i, ch in enumerate(text)
            if ch == " " and 0 < i < len(text) - 1]
    cuts += [(text[:i + 1], text[i + 1:]) for i, ch in enumerate(text)
             if ch == "-" and 0 < i < len(text) - 1 and text[i - 1] != " "]
    if not cuts:
        return text
    top, bottom = min(cuts, key=lambda c: max(width(c[0]), width(c[1])))
    return f"{top}\n{bottom}"


def stretch_column(columns: list[FieldDesc]) -> int:
    """The column that takes the spare width: the longest free text (description,
    action, building name)."""
    texts = [(d.max_length or 0, -c) for c, d in enumerate(columns)
             if d.codec.words]
    return -max(texts)[1] if texts else len(columns) - 1


def column_need(d: FieldDesc, seen: int, advance: Callable[[str], int], em: int, icon: int,
                stretch: bool) -> int:
    """Pixels a column's content needs (before cell padding): ``seen`` is the widest
    text in its first rows."""
    if d.codec.numeric:
        return max(seen, advance("00,000,000")) + icon
    options = d.codec.options(d)
    if options:
        return max(advance(o) for o in options) + em
    size = d.max_length or 40
    cap = 12 if size <= 20 else (18 if size <= 40 else (24 if size <= 200 else 36))
    if stretch:      # it takes the spare width anyway; narrow, so the others show first
        cap = min(cap, 24)
    return min(max(seen, em * (4 if size <= 20 else 10)), em * cap)
