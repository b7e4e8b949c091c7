"""How a field shows it has a problem: an icon beside it, words in its tooltip and
accessible description, and a coloured border last of all (never colour alone)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QWidget

# state -> (standard icon, words a screen reader and the tooltip say)
STATES = {
    "invalid": (QStyle.StandardPixmap.SP_MessageBoxCritical, "Not accepted"),
    "error": (QStyle.StandardPixmap.SP_MessageBoxCritical, "Error"),
    "query": (QStyle.StandardPixmap.SP_MessageBoxWarning, "Query"),
    "explained": (QStyle.StandardPixmap.SP_MessageBoxInformation, "Query (explained)"),
}
RANK = {"invalid": 0, "error": 1, "query": 2, "explained": 3, "": 4}
BORDER = {"invalid": "#b3261e", "error": "#b3261e", "query": "#8a5a00", "explained": "#5f6b7a"}


def icon_for(state: str):
    return QApplication.style().standardIcon(STATES[state][0])


def ok_icon():
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)


def state_text(state: str, messages: list[str]) -> str:
    if not state:
        return ""
    return f"{STATES[state][1]}: " + " ".join(messages)


class Marker(QLabel):
    """The icon beside an input; empty (but holding its place) when all is well."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        size = max(16, self.fontMetrics().height())
        self.setFixedSize(size + 2, size + 2)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._size = size

    def set_state(self, state: str, text: str) -> None:
        if not state:
            self.clear()
            self.setToolTip("")
            self.setAccessibleName("")
            return
        self.setPixmap(icon_for(state).pixmap(self._size, self._size))
        self.setToolTip(text)
        self.setAccessibleName(text)


def show_state(widget: QWidget, marker: Marker | None, state: str, messages: list[str],
               help_text: str) -> None:
    """Mark ``widget`` with ``state`` ('' clears it); help stays in the tooltip."""
    text = state_text(state, messages)
    widget.setToolTip(f"{text}\n\n{help_text}".strip() if text else help_text)
    widget.setAccessibleDescription(text or help_text)
    if marker is not None:
        marker.set_state(state, text)
    if widget.property("state") != state:
        widget.setProperty("state", state)
        widget.setStyleSheet(f"border: 2px solid {BORDER[state]}; border-radius: 2px;"
                             if state else "")
