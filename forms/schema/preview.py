"""A draft's values as the model will hold them, read without the model.

The desktop draws its first window from a draft's JSON before pydantic has
been imported; these are the values it shows until the return is validated a
moment later. Each agrees with what validation gives, or is blank where
validation will refuse the value.
"""
from __future__ import annotations

from typing import Any

from forms.schema import paths as P


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
    return d.codec.preview(d, cur)
