"""Focus seen at a glance, everywhere (issue 14 §2).

Styles draw the keyboard focus as a 1-pixel dotted or tinted line, lost inside a
selected row, a default button's frame or a table's grid. The program's style is
the platform's own with one change: wherever a style draws a focus frame (list
and tree items, table cells, buttons, check boxes) it is a solid 2-pixel ring.
Multi-line boxes, which some styles draw with no frame at all, get a frame that
thickens and takes the accent colour on focus (desktop/widgets/multiline_frame.py).

The start-up path (desktop.app.run) installs this style once the window's first
checks are shown, not before its first paint: every primitive a style draws
would call into Python here (~7 ms of that paint, plus ~4 ms to create QStyle's
enums for Python, measured by bench/bench_startup.py), and the one focused widget
then, the sidebar, draws no frame at all until the ring arrives.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFocusFrame, QProxyStyle, QStyle
from shiboken6 import isValid

from desktop.widgets.multiline_frame import RING


PE = QStyle.PrimitiveElement


class FocusRingStyle(QProxyStyle):
    """The platform's style, its focus frames drawn as a solid ring."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == PE.PE_FrameFocusRect:
            self._ring(option, painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)
        # Some styles (Fusion) draw a button's focus into its panel, a faint tint.
        if element == PE.PE_PanelButtonCommand and option.state & QStyle.StateFlag.State_HasFocus:
            self._ring(option, painter, option.rect.adjusted(1, 1, -1, -1))

    def drawControl(self, element, option, painter, widget=None) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:     # round a ringless view
            self._ring(option, painter, option.rect)
            return
        super().drawControl(element, option, painter, widget)

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric in (QStyle.PixelMetric.PM_FocusFrameHMargin,
                      QStyle.PixelMetric.PM_FocusFrameVMargin):
            return RING         # the ring round a view lies just outside it
        return super().pixelMetric(metric, option, widget)

    @staticmethod
    def _ring(option, painter, rect) -> None:
        pal = option.palette
        # On a selected item the accent is the background: the ring takes the text's colour.
        selected = option.state & QStyle.StateFlag.State_Selected
        colour = pal.color(QPalette.ColorRole.Text if selected else QPalette.ColorRole.Highlight)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(colour, RING, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap,
                            Qt.PenJoinStyle.MiterJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))   # the pen's 2 px fall inside
        painter.restore()


class _ViewRing:
    """A list, table or tree with no current item (empty: a blank return's table, the
    consolidation's list of folders) draws no focus frame at all. While one has the
    focus, a QFocusFrame (Qt's own overlay, drawn by the style) rings it from outside."""

    def __init__(self, app: QApplication) -> None:
        self.frame: QFocusFrame | None = None
        app.focusChanged.connect(self.follow)

    def follow(self, _old, new) -> None:
        ringless = (isinstance(new, QAbstractItemView)
                    and not new.currentIndex().isValid() and new.isVisible())
        if self.frame is None or not isValid(self.frame):
            if not ringless:
                return
            self.frame = QFocusFrame(new)
        self.frame.setWidget(new if ringless else None)


def install(app: QApplication) -> None:
    """Wrap the application's style once (make_app may run more than once)."""
    if not isinstance(app.style(), FocusRingStyle):
        style = FocusRingStyle()
        app.setStyle(style)
        app.setProperty("backoffice_style", style)   # PySide would otherwise free it
        style.view_ring = _ViewRing(app)

