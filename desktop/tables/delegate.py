"""Cell editors: a drop-down for choice and yes/no columns, a text box otherwise, and
for long text (descriptions, evidence) a wrapping box larger than its cell.

An open editor is loaded once, when it opens: a check or another row's change
landing while the officer types (a dataChanged over the cell) must never put
the stored value back over what they are typing.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QStyledItemDelegate

from forms.schema.wording import choice_label

from desktop.widgets.multiline_frame import multiline_frame
from desktop.tables.columns import is_long_text
from desktop.tables.model import LAST_YEAR_ROLE, TableModel

Index = QModelIndex | QPersistentModelIndex
LOADED = "backoffice_loaded"      # editor property: its text came from the cell already


class LongTextEditor(QPlainTextEdit):
    """A cell's long text, wrapped in a box wider and taller than the cell; one line of
    text all the same (Enter keeps it, as in any cell; Esc cancels; Tab moves on)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setStyleSheet(multiline_frame(self))   # its focus seen at a glance


class CellDelegate(QStyledItemDelegate):
    """Choice and yes/no columns get a drop-down; everything else a plain text box."""

    def __init__(self, model: TableModel, parent=None):
        super().__init__(parent)
        self.model = model

    def _choices(self, index: Index) -> tuple[str, ...]:
        d = self.model.columns[index.column()]
        return d.codec.options(d)

    def createEditor(self, parent, option, index):
        choices = self._choices(index)
        if is_long_text(self.model.columns[index.column()]):
            editor = LongTextEditor(parent)
        elif not choices:
            editor = super().createEditor(parent, option, index)
        else:
            editor = QComboBox(parent)
            editor.addItems([choice_label(c) for c in choices])   # labels; parse_entry maps back
        d = self.model.columns[index.column()]
        name = f"{d.label}, row {index.row() + 1}"
        editor.setAccessibleName(name)
        if isinstance(editor, QComboBox):
            # On Linux a drop-down is announced by its label and its value, never by its own
            # name: a label never shown, whose buddy it is, names it for screen readers.
            label = QLabel(name, parent)
            label.setBuddy(editor)
            label.hide()
            editor.destroyed.connect(label.deleteLater)
        return editor

    def paint(self, painter, option, index) -> None:
        """A figure, and beside it in grey last year's, once last year's return is imported."""
        super().paint(painter, option, index)
        last = index.data(LAST_YEAR_ROLE)
        if not last:
            return
        painter.save()
        font = option.font
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        icon = option.decorationSize.width() + 6 if index.data(Qt.ItemDataRole.DecorationRole) else 0
        painter.drawText(option.rect.adjusted(4 + icon, 0, -4, 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), last)
        painter.restore()

    def setEditorData(self, editor, index):
        if editor.property(LOADED):
            return
        editor.setProperty(LOADED, True)
        if isinstance(editor, QComboBox):
            i = editor.findText(str(index.data(Qt.ItemDataRole.EditRole)))
            editor.setCurrentIndex(max(0, i))
        elif isinstance(editor, LongTextEditor):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, LongTextEditor):      # pasted line breaks become spaces
            text = " ".join(editor.toPlainText().split())
            model.setData(index, text, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor, option, index):
        if isinstance(editor, QComboBox):     # never narrower than its longest label ("leasehold")
            super().updateEditorGeometry(editor, option, index)
            width = max(editor.width(), editor.sizeHint().width())
            editor.resize(width, editor.height())
            editor.view().setMinimumWidth(width)
            return
        if not isinstance(editor, LongTextEditor):
            super().updateEditorGeometry(editor, option, index)
            return
        area, rect = editor.parentWidget().rect(), option.rect
        fm = editor.fontMetrics()
        width = min(max(rect.width(), fm.horizontalAdvance("n") * 48), area.width())
        height = min(max(rect.height(), fm.lineSpacing() * 5 + 12), area.height())
        x = max(0, min(rect.x(), area.width() - width))       # kept inside the table
        y = max(0, min(rect.y(), area.height() - height))
        editor.setGeometry(x, y, width, height)

    def eventFilter(self, editor, event):
        if (isinstance(editor, LongTextEditor) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.commitData.emit(editor)          # Enter keeps the text, as in a one-line cell
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)
