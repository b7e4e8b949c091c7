"""A draft's values as the model will hold them, read without the model.

The desktop draws its first window from a draft's JSON before pydantic has
been imported; these are the values it shows until the return is validated a
moment later. Each agrees with what validation gives, or is blank where
validation will refuse the value.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from forms.schema import paths as P
from forms.schema.fields import FieldDesc
from forms.schema.numbers import MAX_EXPONENT


def preview_value(data: dict, path: str) -> Any:
    """A field's value read from a draft's data as the model would hold it, or the
    field's default: what the window shows before the return is validated."""
    cur: Any = data
    for name, idx in P.parse(path):
        cur = cur.get(name) if isinstance(cur, dict) else None
        if idx is not None:
            cur = cur[idx] if isinstance(cur, list) and isinstance(idx, int) and \
                idx < len(cur) else None
    d = P.describe_path(path)
    if cur is None:
        return d.default
    if d.kind == "number":
        return _preview_number(cur, d)
    if d.kind in ("text", "choice"):
        return str(cur).strip()
    if d.kind == "bool":
        return _preview_flag(cur, d.default)
    return cur


def _preview_number(value: Any, d: FieldDesc) -> Decimal | None:
    # Blank for anything the model would refuse: a preview must never draw a
    # value (1E+999999999) that the checks have not seen.
    try:
        v = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not v.is_finite() or not d.ge <= v <= d.le or abs(v.as_tuple().exponent) > MAX_EXPONENT:
        return None
    return v


_TRUE = {"true", "t", "yes", "y", "on", "1"}
_FALSE = {"false", "f", "no", "n", "off", "0"}


def _preview_flag(value: Any, default: Any) -> Any:
    """Yes/no as pydantic reads it: true/false, 1/0, and the words it accepts."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return default
