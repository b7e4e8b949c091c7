"""Canonical JSON (RFC 8785, JCS): one byte sequence for one value, so it can be signed.

Keys are sorted by UTF-16 code units, there is no whitespace, text is UTF-8
with only the escapes JSON requires. The signed payload carries every decimal
as a string, so the only numbers are integers (within the IEEE-754 exact
range) and the awkward float rules of JCS are refused rather than half-done.
"""
from __future__ import annotations

from json.encoder import py_encode_basestring
from typing import Any

try:
    # The C string encoder escapes exactly as JCS asks: quote, backslash, the
    # short forms \b \f \n \r \t and \u00xx (lower case) for other controls.
    from _json import encode_basestring as _string
except ImportError:  # pragma: no cover - CPython always has it
    _string = py_encode_basestring

MAX_SAFE_INT = 2**53 - 1
MAX_DEPTH = 64


class CanonicalError(ValueError):
    """The value has something canonical JSON cannot carry (a float, a lone surrogate...)."""


def _utf16_key(s: str) -> bytes:
    # Big-endian UTF-16 bytes compare in code-unit order, as JCS requires.
    return s.encode("utf-16-be", "surrogatepass")


def _emit(value: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalError("the value is nested too deeply")
    t = type(value)
    if t is str:
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise CanonicalError(f"the integer {value} is too large for JSON; send it as text")
        out.append(str(value))
    elif isinstance(value, dict):
        for k in value:
            if not isinstance(k, str):
                raise CanonicalError(f"a key {k!r} is not text")
        out.append("{")
        # ASCII keys sort the same by code point; others by UTF-16 code unit.
        keys = sorted(value) if all(k.isascii() for k in value) else sorted(value, key=_utf16_key)
        for i, k in enumerate(keys):
            if i:
                out.append(",")
            out.append(_string(k))
            out.append(":")
            _emit(value[k], out, depth + 1)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _emit(item, out, depth + 1)
        out.append("]")
    else:
        raise CanonicalError(f"{type(value).__name__} values are not allowed in the signed "
                             "payload (decimals travel as text)")


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 bytes of ``value`` (dict/list/str/int/bool/None only)."""
    out: list[str] = []
    _emit(value, out, 0)
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError("the text contains a broken character (a lone surrogate); "
                             "retype it") from None
