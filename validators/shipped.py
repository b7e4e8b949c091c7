"""The rule packs this program ships: a light module (no pydantic), so the window can
list them before the models load."""
from __future__ import annotations

from forms.schema.organisations import shipped_pack_ids


def shipped_packs() -> list[str]:
    return shipped_pack_ids()
