"""A league table's chart in the consolidation window: bars, best first, the target a line."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

BAR = {"meets": "#2e7d32", "within 10 %": "#9a6700", "short": "#c62828"}


class LeagueChart(QWidget):
    """Horizontal bars, best first, with the target as a red line (as in the workbook).

    Titled with the year and kind it shows: the table beside it lists every year,
    newest first, while the chart shows the year most returns were made for."""

    MAX_BARS = 40

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, float | None, str]] = []
        self.target: float | None = None
        self.title = ""
        self.unit = ""
        self.setMinimumSize(320, 200)

    def set_rows(self, rows, target, title: str = "", unit: str = "") -> None:
        self.rows, self.target = rows[:self.MAX_BARS], target
        self.title, self.unit = title, unit
        shown = f"{len(self.rows)} of {len(rows)}" if len(rows) > len(self.rows) else len(rows)
        self.setAccessibleName(title or "League chart")
        self.setAccessibleDescription(f"{shown} bars, best first; target {_num(target)}")
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        fm = p.fontMetrics()
        line = fm.height()
        top_y = 4.0
        if self.title:
            bold = p.font()
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(0, top_y, self.width(), line + 4), Qt.AlignmentFlag.AlignCenter,
                       self.title)
            p.setFont(self.font())
            top_y += line + 8
        values = [v for _, v, _ in self.rows if v is not None] + \
            ([self.target] if self.target is not None else [])
        if not self.rows or not values:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No values to chart")
            return
        top = max(values) * 1.15 or 1.0
        label_w = min(max(fm.horizontalAdvance(n) for n, _, _ in self.rows) + 10,
                      self.width() * 0.4)
        value_w = max(fm.horizontalAdvance(_num(v)) for v in values) + 8
        width = max(10.0, self.width() - label_w - value_w - 6)
        bars_top = top_y + line + 2            # room for the target's label
        h = min(24.0, max(4.0, (self.height() - bars_top - 4) / len(self.rows)))
        for i, (name, v, status) in enumerate(self.rows):
            y = bars_top + i * h
            p.setPen(text)
            if h >= line * 0.8:                 # names only where they can be read
                p.drawText(QRectF(0, y, label_w - 6, h), Qt.AlignmentFlag.AlignRight |
                           Qt.AlignmentFlag.AlignVCenter,
                           fm.elidedText(name, Qt.TextElideMode.ElideMiddle, int(label_w - 6)))
            if v is not None:
                bar = width * max(v, 0) / top
                p.fillRect(QRectF(label_w, y + h * 0.15, bar, h * 0.7),
                           QColor(BAR.get(status, "#6e7781")))
                if h >= line * 0.8:
                    p.drawText(QRectF(label_w + bar + 4, y, value_w, h),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _num(v))
        if self.target is not None:
            x = label_w + width * self.target / top
            p.setPen(QPen(QColor("#c00000"), 2))
            p.drawLine(int(x), int(bars_top), int(x), int(bars_top + h * len(self.rows)))
            label = f"Target {_num(self.target)}{self.unit}"
            p.drawText(QRectF(x - 150, top_y, 300, line), Qt.AlignmentFlag.AlignCenter, label)


def unit_after(metric: str) -> str:
    """The unit after a target figure: "77 : 1", "1 %", "10 m²"; nothing for pounds."""
    from forms.schema.metrics import METRICS
    m = METRICS.get(metric)
    unit = m.unit.strip() if m else ""
    return "" if unit in ("", "£", "-") else f" {unit}"


def _num(v: float | None) -> str:
    """A chart label: whole numbers plain, others to two places, thousands separated."""
    if v is None:
        return "—"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
