"""Choosing an organisation by typing part of its name or code: one completer for every box."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QWidget

from forms.schema.organisations import organisations

PLACEHOLDER = "Type a name or code, e.g. DCSF"


def organisation_completer(parent: QWidget) -> QCompleter:
    """Offers "Name (CODE)" for any part typed, in any letter case; the model
    accepts that label as well as the code or the name."""
    comp = QCompleter([o.label for o in organisations()], parent)
    comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    comp.setFilterMode(Qt.MatchFlag.MatchContains)
    return comp
