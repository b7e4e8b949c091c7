"""Text every table and workbook can hold, whatever a hostile sender put in it.

A received file's name (not UTF-8, as Python reads it: lone surrogates), or
the text of a return signed by a hostile sender (its cells may spell control
characters and lone surrogates as _xHHHH_ escapes, which verify reads as
those characters), would otherwise stop the whole run: pandas' text columns
cannot hold lone surrogates and no worksheet can hold XML's forbidden
characters. Each such character is shown as U+FFFD instead.
"""
from __future__ import annotations

import re
from typing import Any

from forms.workbook.layout import XML_ILLEGAL

_UNWRITABLE = re.compile(f"[{XML_ILLEGAL}" r"\ud800-\udfff]")     # and lone surrogates
REPLACEMENT = "\ufffd"


def writable(text: str) -> str:
    return _UNWRITABLE.sub(REPLACEMENT, text) if _UNWRITABLE.search(text) else text


def writable_all(value: Any) -> Any:
    """``value`` with every string in it (in lists and dicts, keys too) made writable."""
    if isinstance(value, str):
        return writable(value)
    if isinstance(value, dict):
        return {writable_all(k): writable_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [writable_all(v) for v in value]
    return value
