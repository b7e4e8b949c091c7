"""A small bar chart of a value against its target, painted with QPainter.

Qt's own painting rather than a plotting library: QtCharts is not in
PySide6-Essentials, and matplotlib would add tens of megabytes and most of a
second to start-up for what is two bars and a line.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from forms.schema.metrics import format_value
from validators.findings import MEETS, SHORT, WITHIN

# Colour only repeats what the status column says in words and an icon.
STATUS_COLOURS = {MEETS: "#2e7d32", WITHIN: "#9a6700", SHORT: "#c62828"}
NEUTRAL = "#6e7781"


class TargetChart(QWidget):
    """This year's value (and last year's) as bars, the target as a dashed line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value: Decimal | None = None
        self.previous: Decimal | None = None
        self.target: Decimal | None = None
        self.unit, self.places, self.status = "", 2, ""
        self.show_previous = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(220)

    def set_values(self, value: Decimal | None, target: Decimal | None, *, unit: str,
                   places: int, status: str, previous: Decimal | None = None,
                   show_previous: bool = False) -> None:
        self.value, self.target, self.previous = value, target, previous
        self.unit, self.places, self.status = unit, places, status
        self.show_previous = show_previous
        text = [f"This year {self._fmt(value)}", f"target {self._fmt(target, exact=True)}"]
        if show_previous:
            text.append(f"last year {self._fmt(previous)}")
        self.setAccessibleName("Chart of value against target")
        self.setAccessibleDescription(", ".join(text))
        self.setToolTip("; ".join(text))
        self.updateGeometry()
        self.update()

    def _fmt(self, v: Decimal | None, exact: bool = False) -> str:
        if v is None:
            return "not available"
        places = max(0, -v.as_tuple().exponent) if exact else self.places
        return format_value(v, self.unit, places)

    def _rows(self) -> list[tuple[str, Decimal | None, bool]]:
        rows = [("This year", self.value, True)]
        if self.show_previous:
            rows.append(("Last year", self.previous, False))
        return rows

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        bar = fm.height() + 6
        return QSize(300, fm.height() + 4 + len(self._rows()) * (bar + 4) + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self.fontMetrics()
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        rows = self._rows()
        label_w = max(fm.horizontalAdvance(r[0]) for r in rows) + 8
        top = fm.height() + 4                 # room for the target's label
        bar_h = fm.height() + 6
        # Values sit in their own column on the right, so the target line never crosses them.
        value_w = max(fm.horizontalAdvance(self._fmt(v)) for _, v, _ in rows) + 10
        x0, x1 = label_w, self.width() - value_w - 6
        values = [v for _, v, _ in rows if v is not None]
        if self.target is not None:
            values.append(self.target)
        scale_max = max(values, default=Decimal(1)) * Decimal("1.1") or Decimal(1)

        def x_of(v: Decimal) -> float:
            return x0 + float(v / scale_max) * (x1 - x0)

        for n, (label, v, current) in enumerate(rows):
            y = top + n * (bar_h + 4)
            p.setPen(text_colour)
            p.drawText(QRectF(0, y, label_w - 6, bar_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            p.drawText(QRectF(x1 + 6, y, value_w, bar_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._fmt(v))
            if v is None:
                continue
            colour = QColor(STATUS_COLOURS.get(self.status, NEUTRAL) if current else NEUTRAL)
            if not current:
                colour.setAlpha(150)
            p.fillRect(QRectF(x0, y, max(x_of(v), x0 + 2) - x0, bar_h), colour)

        if self.target is not None:
            tx = x_of(self.target)
            pen = QPen(text_colour, 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            bottom = top + len(rows) * (bar_h + 4) - 4
            p.drawLine(QPointF(tx, top - 2), QPointF(tx, bottom))
            label = f"Target {self._fmt(self.target, exact=True)}"
            w = fm.horizontalAdvance(label)
            left = min(max(tx - w / 2, x0), self.width() - w - 2)
            p.setPen(text_colour)
            p.drawText(QRectF(left, 0, w + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, label)
        p.end()
