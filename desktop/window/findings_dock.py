"""The findings panel's dock: as tall as its findings need (within limits), in whole rows,
until the officer drags it to a height of their own, which is kept from then on."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from desktop.widgets.findings_panel import FindingsPanel

CHOSEN_KEY = "findings/height"      # the officer's own height, in pixels
MIN_ROWS, MAX_ROWS = 4, 10          # rows of findings shown when the dock sizes itself
MAX_SHARE = 0.35                    # of the window's height: the page keeps the room


class FindingsDock(QDockWidget):
    def __init__(self, panel: FindingsPanel, window: QMainWindow):
        super().__init__("Findings", window)
        self.panel = panel
        self.setObjectName("findings")
        self.setWidget(panel)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self._window = window
        self._fitted_generation: int | None = None
        self._press_height: int | None = None

    def watch_separator(self) -> None:
        """Notice the officer dragging the separator above the dock (it belongs to the
        window); from just after start-up, as nobody drags before the first paint."""
        self._window.installEventFilter(self)

    # --- the height the officer chose ------------------------------------
    @staticmethod
    def chosen() -> int | None:
        value = QSettings().value(CHOSEN_KEY)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def eventFilter(self, obj: QObject, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._press_height = self.height()
        elif kind == QEvent.Type.MouseButtonRelease and self._press_height is not None:
            if not self.isFloating() and self.height() != self._press_height:
                QSettings().setValue(CHOSEN_KEY, self.height())   # dragged: the officer's choice
            self._press_height = None
        return False

    # --- the height the findings need ------------------------------------
    def content_height(self) -> int:
        """The dock's height to show its summary and visible rows whole, within limits:
        never a row cut in half, even at the limit."""
        tree, panel = self.panel.tree, self.panel
        rows = 0
        for i in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(i)
            if not group.isHidden():
                rows += 1 + (group.childCount() if group.isExpanded() else 0)
        row_h = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 2)
        m = panel.layout().contentsMargins()
        width = max(panel.width(), 200)
        summary_h = panel.summary.heightForWidth(width - m.left() - m.right())
        chrome = max(0, self.height() - panel.height()) if self.isVisible() else \
            self.fontMetrics().height() + 8          # the dock's title bar
        fixed = (chrome + m.top() + summary_h + panel.layout().spacing() + m.bottom()
                 + 2 * tree.frameWidth())
        room = (int(self._window.height() * MAX_SHARE) - fixed) // row_h
        rows = max(min(MIN_ROWS, room), min(max(MIN_ROWS, rows), MAX_ROWS, room))
        return fixed + max(rows, 1) * row_h

    def fit(self, generation: int, force: bool = False) -> None:
        """Size to the findings of a newly opened return (once each), unless the officer chose."""
        if self.isFloating() or (generation == self._fitted_generation and not force):
            return
        self._fitted_generation = generation
        chosen = self.chosen()
        height = chosen if chosen is not None else self.content_height()
        self._window.resizeDocks([self], [height], Qt.Orientation.Vertical)
