"""The rule packs this program ships: a light module (no pydantic), so the window can
list them before the models load."""
from __future__ import annotations

from importlib import resources


def shipped_packs() -> list[str]:
    folder = resources.files("resources").joinpath("rulepacks")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
