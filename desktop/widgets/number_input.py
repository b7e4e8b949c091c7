"""A numeric box: takes what officers type, refuses the ambiguous, never alters a figure.

Parsing is ``forms.schema.numbers.parse_number`` (plain Python, tested without Qt).
While the officer types, the text is left exactly as typed; when they leave
the box an accepted figure is shown with thousands separators. Refused text
stays in the box, marked, with the reason in the tooltip and status bar, and
the return keeps its last good value until the box is corrected.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from forms.schema.errors import UserError
from forms.schema.numbers import NumberError, NumberRules, format_number, parse_number


class LineEdit(QLineEdit):
    """A box whose Ctrl+Z undoes typing not yet committed, else the last edit of the return.

    QLineEdit would otherwise take every Ctrl+Z for its own little history, and
    the officer could never reach the document's undo from a box.
    """

    clean_text = ""

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and self.text() == self.clean_text:
            # Imported here: the first paint has no keys to look at (start-up time).
            from PySide6.QtGui import QKeySequence
            if (e.matches(QKeySequence.StandardKey.Undo)
                    or e.matches(QKeySequence.StandardKey.Redo)):
                e.ignore()
                return True
        return super().event(e)

    def setText(self, text: str) -> None:
        self.clean_text = text
        super().setText(text)


class NumberEdit(LineEdit):
    def __init__(self, rules: NumberRules, commit: Callable[[Decimal | None], None],
                 notify: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.rules = rules
        self._commit = commit          # writes the model (raises UserError if refused)
        self._notify = notify          # status bar
        self._value: Decimal | None = None
        self.problem = ""              # why the text in the box is refused ('' when fine)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(60)
        self.editingFinished.connect(self.commit)
        width = self.fontMetrics().horizontalAdvance("0,000,000,000,000.00") + 24
        self.setMinimumWidth(width)
        self.setMaximumWidth(int(width * 1.4))
        self.on_problem: Callable[[str], None] = lambda msg: None

    def show_value(self, value: Decimal | None) -> None:
        """The model's value changed (load, undo): show it unless the officer is mid-edit."""
        self._value = value
        if self.hasFocus() and not self.problem:
            try:
                if parse_number(self.text(), self.rules) == value:
                    return  # same figure, typed their way: leave it alone
            except NumberError:
                pass
        self._set_problem("")
        self.setText(format_number(value))

    def commit(self) -> bool:
        """Parse the box and write the model; False (text kept, box marked) when refused."""
        try:
            value = parse_number(self.text(), self.rules)
            if value != self._value or (value is None) != (self._value is None):
                self._commit(value)
                self._value = value
            self.clean_text = self.text()
        except (NumberError, UserError) as e:
            self._set_problem(str(e))
            self._notify(str(e))
            return False
        self._set_problem("")
        if not self.hasFocus():
            self.setText(format_number(self._value))
        return True

    def _set_problem(self, message: str) -> None:
        if message != self.problem:
            self.problem = message
            self.on_problem(message)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)   # emits editingFinished -> commit()
        if self.problem:
            return
        try:
            same = parse_number(self.text(), self.rules) == self._value
        except NumberError:
            same = False
        if same:  # only ever re-shows the very figure already in the return
            self.setText(format_number(self._value))
