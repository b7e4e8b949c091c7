"""Text from received files, made safe for a terminal: signed text never prints raw.

A newline, escape sequence, bidi override or line separator in a body's name
must not start a line of its own (a forged "OK …") or reorder what the analyst
reads. Such characters are shown as \\uXXXX, in text and in JSON alike.
"""
from __future__ import annotations

import json
import unicodedata


def _unsafe(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] == "C" or cat in ("Zl", "Zp")


def printable(text: str) -> str:
    """One terminal line: control and format characters written as \\uXXXX."""
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(ch):04x}" if _unsafe(ch) else ch for ch in text)


def json_text(value, **kw) -> str:
    """json.dumps, with format characters and separators escaped too (JSON already
    escapes control characters; these it would leave raw)."""
    text = json.dumps(value, **kw)
    if text.isascii():
        return text
    return "".join(json.dumps(ch)[1:-1] if ord(ch) > 127 and _unsafe(ch) else ch
                   for ch in text)
