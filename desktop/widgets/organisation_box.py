"""Choosing an organisation by typing part of its name or code: one box for every place.

The New dialog and Return details use this same box, so they complete alike
(issue 14 §1): any part of a name or code, in any letter case, offers
"Name (CODE)"; Down, Alt+Down or F4 opens the list (all of it when the box is
empty); and what the box accepts, a code, a name or the label, it shows as the
label once the officer leaves it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QWidget

from forms.schema.errors import UserError
from forms.schema.organisations import find_organisation, organisations

from desktop.widgets.number_input import LineEdit

PLACEHOLDER = "Type a name or code, e.g. DCSF"
OPEN_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_F4)


def organisation_completer(parent: QWidget) -> QCompleter:
    """Offers "Name (CODE)" for any part typed, in any letter case; the model
    accepts that label as well as the code or the name."""
    comp = QCompleter([o.label for o in organisations()], parent)
    comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    comp.setFilterMode(Qt.MatchFlag.MatchContains)
    return comp


def label_of(text: str) -> str:
    """The "Name (CODE)" of the organisation ``text`` names; ``text`` itself if none."""
    try:
        return find_organisation(text).label if text.strip() else text
    except UserError:
        return text


def only_match(text: str) -> str | None:
    """The one label that contains ``text`` (as the completer matches: any part, any
    letter case), or None when none or several do."""
    part = text.strip().casefold()
    if len(part) < 2:
        return None
    found = [o.label for o in organisations() if part in o.label.casefold()]
    return found[0] if len(found) == 1 else None


class OrganisationBox(LineEdit):
    """A one-line box with the organisation completer (Ctrl+Z as every box of the return)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCompleter(organisation_completer(self))
        self.completer().popup().installEventFilter(self)
        self.setPlaceholderText(PLACEHOLDER)
        # First among the box's own slots: whoever reads the box on leaving sees the label.
        self.editingFinished.connect(self._show_label)

    def _show_label(self) -> None:
        text = self.text().strip()
        label = label_of(text)
        if label == text and text:          # named nothing exactly: the one it can mean
            label = only_match(text) or label
        if label != self.text():
            self.setText(label)

    def eventFilter(self, obj, event) -> bool:
        # Enter on the list of one suggestion, none highlighted: that one is meant
        # (the list would otherwise just close, leaving "work and pen" in the box).
        if obj is self.completer().popup() and event.type() == event.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not obj.currentIndex().isValid():
            match = only_match(self.text())
            if match is not None:
                obj.hide()
                self.setText(match)
                return True
        return super().eventFilter(obj, event)

    def show_organisation(self, value: str) -> None:
        """Show a stored value (a code) as its label."""
        label = label_of(value or "")
        if self.text() != label:
            self.setText(label)
        self.clean_text = label      # Ctrl+Z goes to the document from here

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup()
        if event.key() in OPEN_KEYS and not popup.isVisible():
            # The list by keyboard, as a drop-down gives it: what matches, or everything.
            comp = self.completer()
            comp.setCompletionPrefix(self.text().strip())
            comp.complete()
            return
        super().keyPressEvent(event)
