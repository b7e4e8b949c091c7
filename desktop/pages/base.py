"""What the window asks of every page: one small protocol with harmless defaults.

The window calls these on whichever pages are built, never probing with
``getattr``; a page overrides what it has (a form page has fields to mark, the
checks page explanations to commit).
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

States = dict[str, tuple[str, list[str]]]


class Page:
    """Mixed into each page's QWidget class (after it)."""

    def set_states(self, fields: States, cells: dict[str, dict], tables: States) -> None:
        """The latest check's marks for fields, table cells and whole tables."""

    def commit_pending(self) -> list[str]:
        """Write what is typed in the page's boxes; the labels of boxes whose text is refused."""
        return []

    def focus_path(self, path: str) -> bool:
        """Put the focus on the input or cell ``path`` names; False when the page has none."""
        return False

    def focus_explanation(self, key: str) -> bool:
        """Put the focus on the explanation box of the finding ``key``."""
        return False

    def first_input(self) -> QWidget | None:
        """Where the focus goes when the page is opened."""
        return None
