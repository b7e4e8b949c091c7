"""A field's help beside it while it has the focus (the tooltip and status tip stay).

One label per page floats in the page's empty right-hand column, level with the
focused box: it is not in the layout, so nothing on the page moves as focus moves.
Where the window is too narrow for it beside the box, it sits under the box.
It follows the application's focus changes rather than filtering every event of
every box (each event a filter sees crosses into Python; at start-up that costs).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QFrame, QGroupBox, QLabel, QWidget

GAP = 12


class FieldHelp(QLabel):
    """Shows ``help`` for whichever watched input has the focus."""

    def __init__(self, page_body: QWidget):
        super().__init__(page_body)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QLabel { color: palette(window-text); background: palette(tool-tip-base);"
                           " border: 1px solid palette(mid); border-radius: 3px; padding: 4px 6px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        self._help: dict[QObject, tuple[str, QWidget]] = {}
        self.current: QWidget | None = None
        self._watching_body = False
        # A slot of this label: Qt drops the connection when the label goes.
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def watch(self, widget: QWidget, help_text: str, beside: QWidget | None = None) -> None:
        """Show ``help_text`` while ``widget`` has the focus, right of ``beside`` (its marker)."""
        if help_text:
            self._help[widget] = (help_text, beside or widget)

    def _focus_changed(self, _old, new) -> None:
        if new in self._help:
            self.show_for(new)
        elif self.current is not None:
            # A completer's popup takes the focus for a moment; the box still owns it.
            if new is not None and new.window() is not self.window() and new.isWindow():
                return
            self.hide()
            self.current = None

    def eventFilter(self, obj, event) -> bool:
        if obj is self.parent() and event.type() == QEvent.Type.Resize and self.current is not None:
            self._place()
        return False

    def show_for(self, widget: QWidget) -> None:
        if not self._watching_body:          # only once help has been shown: not at start-up
            self._watching_body = True
            self.parentWidget().installEventFilter(self)
        self.current = widget
        self.setText(self._help[widget][0])
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        widget = self.current
        body: QWidget = self.parentWidget()
        _, beside = self._help[widget]
        top_left = widget.mapTo(body, QPoint(0, 0))
        right = beside.mapTo(body, QPoint(beside.width(), 0)).x()
        box = beside.parentWidget()
        while box is not None and box is not body:      # clear of the group's frame too
            if isinstance(box, QGroupBox):
                right = max(right, box.mapTo(body, QPoint(box.width(), 0)).x())
            box = box.parentWidget()
        right += GAP
        room = body.width() - right - GAP
        em = self.fontMetrics().horizontalAdvance("n")
        if room >= em * 24:           # beside the box, as wide as the text needs (within reason)
            width = min(room, em * 60)
            x, y = right, top_left.y()
        else:                         # a narrow window: under the box, over what follows
            width = max(widget.width(), em * 30)
            x, y = top_left.x(), top_left.y() + widget.height() + 2
        self.setFixedWidth(width)
        self.setFixedHeight(self.heightForWidth(width))
        self.move(x, y)

