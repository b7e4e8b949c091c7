"""Cell editors: a drop-down for choice and yes/no columns, a text box otherwise.

An open editor is loaded once, when it opens: a check or another row's change
landing while the officer types (a dataChanged over the cell) must never put
the stored value back over what they are typing.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from forms.schema.wording import choice_label

from desktop.tables.model import TableModel

Index = QModelIndex | QPersistentModelIndex
LOADED = "backoffice_loaded"      # editor property: its text came from the cell already


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
        if not choices:
            editor = super().createEditor(parent, option, index)
        else:
            editor = QComboBox(parent)
            editor.addItems([choice_label(c) for c in choices])   # labels; parse_entry maps back
        d = self.model.columns[index.column()]
        editor.setAccessibleName(f"{d.label}, row {index.row() + 1}")
        return editor

    def setEditorData(self, editor, index):
        if editor.property(LOADED):
            return
        editor.setProperty(LOADED, True)
        if isinstance(editor, QComboBox):
            i = editor.findText(str(index.data(Qt.ItemDataRole.EditRole)))
            editor.setCurrentIndex(max(0, i))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
