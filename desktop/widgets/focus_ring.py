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

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPalette, QPen, QRegion
from PySide6.QtWidgets import QAbstractItemView, QApplication, QProxyStyle, QStyle, QWidget
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


class _ViewRing(QWidget):
    """A list, table or tree with no current item (empty: a blank return's table, the
    consolidation's list of folders) draws no focus frame at all. While one has the
    focus, this overlay, a child of the view laid over its edge, rings it: inside the
    view, so that no parent's edge can clip it, and gone with it."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.installEventFilter(self)
        if view.selectionModel() is not None:      # a row added: its cell's ring takes over
            view.selectionModel().currentChanged.connect(self._current_changed)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self.hide()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        rect = self.parentWidget().rect()
        self.setGeometry(rect)
        self.setMask(QRegion(rect) - QRegion(rect.adjusted(RING, RING, -RING, -RING)))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        painter.drawRect(self.rect())         # the mask leaves only the ring


def _view_ring(view, make: bool) -> _ViewRing | None:
    ring = view.findChild(_ViewRing, "", Qt.FindChildOption.FindDirectChildrenOnly)
    return ring if ring is not None or not make else _ViewRing(view)


def _follow_focus(old, new) -> None:
    """Ring a ringless view while it has the focus (one ring per view, made when first
    needed and destroyed with it)."""
    if isinstance(old, QAbstractItemView) and isValid(old):
        ring = _view_ring(old, make=False)
        if ring is not None:
            ring.hide()
    if isinstance(new, QAbstractItemView) and not new.currentIndex().isValid():
        ring = _view_ring(new, make=True)
        ring.fit()
        ring.raise_()
        ring.show()


def install(app: QApplication) -> None:
    """Wrap the application's style once (make_app may run more than once)."""
    if not isinstance(app.style(), FocusRingStyle):
        style = FocusRingStyle()
        app.setStyle(style)
        app.setProperty("backoffice_style", style)   # PySide would otherwise free it
        app.focusChanged.connect(_follow_focus)

