"""How a field shows it has a problem: an icon beside it, words in its tooltip and
accessible description, and a coloured border last of all (never colour alone)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget

# state -> (icon shape, words a screen reader and the tooltip say)
STATES = {
    "invalid": ("cross", "Not accepted"),
    "error": ("cross", "Error"),
    "query": ("warning", "Query"),
    "explained": ("info", "Query (explained)"),
    # A required answer not given yet, on a page not worked on: progress, not a fault.
    "todo": ("ring", "To do"),
}
RANK = {"invalid": 0, "error": 1, "query": 2, "todo": 3, "explained": 4, "": 5}
# No border for a to-do: an empty box is not wrong yet.
BORDER = {"invalid": "#b3261e", "error": "#b3261e", "query": "#8a5a00", "explained": "#5f6b7a"}
# shape -> (fill, mark): one size, one style; the shape differs too, never colour alone
SHAPES = {"tick": ("#2e7d32", "#ffffff"), "cross": ("#c62828", "#ffffff"),
          "warning": ("#f0a800", "#000000"), "info": ("#1e66b4", "#ffffff"),
          "ring": ("#6b7280", "#6b7280")}
_icons: dict[str, QIcon] = {}


def _paint(shape: str, size: int) -> QPixmap:
    fill, mark = SHAPES[shape]
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 16, size / 16)            # drawn on a 16 x 16 grid
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill))
    if shape == "ring":      # an empty circle, as on a checklist: nothing to fix, just to do
        p.setPen(QPen(QColor(mark), 1.6))
        p.setBrush(QColor("#ffffff"))         # seen on a selected row's colour too
        p.drawEllipse(QRectF(2.5, 2.5, 11, 11))
        p.end()
        return pm
    if shape == "warning":
        tri = QPainterPath(QPointF(8, 0.8))
        tri.lineTo(15.4, 14.6)
        tri.lineTo(0.6, 14.6)
        tri.closeSubpath()
        p.drawPath(tri)
    else:
        p.drawEllipse(QRectF(0.5, 0.5, 15, 15))
    pen = QPen(QColor(mark), 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if shape == "tick":
        p.drawPolyline([QPointF(4.3, 8.3), QPointF(7, 11), QPointF(11.8, 5.2)])
    elif shape == "cross":
        p.drawLine(QPointF(5.2, 5.2), QPointF(10.8, 10.8))
        p.drawLine(QPointF(10.8, 5.2), QPointF(5.2, 10.8))
    elif shape == "warning":
        p.drawLine(QPointF(8, 5.6), QPointF(8, 9.4))
        p.drawPoint(QPointF(8, 12.2))
    else:
        p.drawLine(QPointF(8, 7.2), QPointF(8, 11.8))
        p.drawPoint(QPointF(8, 4.4))
    p.end()
    return pm


def _icon(shape: str) -> QIcon:
    icon = _icons.get(shape)
    if icon is None:
        icon = QIcon()
        for size in (16, 24, 32, 48, 64):      # crisp at 100-200 % scaling
            pm = _paint(shape, size)
            # The same colours on a selected row: Qt would tint them, and look disabled.
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                icon.addPixmap(pm, mode)
        _icons[shape] = icon
    return icon


def icon_for(state: str) -> QIcon:
    return _icon(STATES[state][0])


def ok_icon() -> QIcon:
    return _icon("tick")


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


# Said after a box's name while it is refused or in error. Qt's AT-SPI bridge (6.11) maps
# no state of its own to AT-SPI's invalid-entry state, so a screen reader would hear of the
# problem only in the description, read late or not at all: the name carries it.
INVALID_ENTRY = ", invalid entry"
BASE_NAME = "backoffice_name"      # widget property: its accessible name without the state


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Say after the widget's name that its entry is invalid, or stop saying it."""
    base = widget.property(BASE_NAME)
    if base is None:
        base = widget.accessibleName()
        widget.setProperty(BASE_NAME, base)
    name = base + (INVALID_ENTRY if base and invalid else "")
    if widget.accessibleName() != name:
        widget.setAccessibleName(name)


def show_state(widget: QWidget, marker: Marker | None, state: str, messages: list[str],
               help_text: str) -> None:
    """Mark ``widget`` with ``state`` ('' clears it); help stays in the tooltip."""
    text = state_text(state, messages)
    widget.setToolTip(f"{text}\n\n{help_text}".strip() if text else help_text)
    widget.setAccessibleDescription(text or help_text)
    mark_invalid(widget, state in ("invalid", "error"))
    if marker is not None:
        marker.set_state(state, text)
    if widget.property("state") != state:
        widget.setProperty("state", state)
        widget.setStyleSheet(state_style(widget, state))


def state_style(widget: QWidget, state: str) -> str:
    """The state's border; when focused, a thicker one, as this border hides the focus frame."""
    multiline = isinstance(widget, (QPlainTextEdit, QTextEdit))
    if state not in BORDER:          # no state, or an answer still to do: no coloured border
        from desktop.widgets.multiline_frame import multiline_frame
        return multiline_frame(widget) if multiline else ""
    cls = widget.metaObject().className()     # the box itself, not its popup or inner edit
    # A multi-line box's padding gives way as its border thickens: its text area keeps
    # its place, and would otherwise hide the inner half of the thicker border.
    rest, focused = ("padding: 2px;", "padding: 0px;") if multiline else ("", "")
    return (f"{cls} {{ border: 2px solid {BORDER[state]}; border-radius: 2px; {rest} }}"
            f"{cls}:focus {{ border: 4px solid {BORDER[state]}; border-radius: 2px; {focused} }}")
