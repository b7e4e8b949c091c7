"""The table view with spreadsheet keys: type to edit, Ctrl+C / Ctrl+V blocks, Delete clears."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from forms.schema.entry import EntryError, parse_block
from forms.schema.errors import UserError
from forms.schema.wording import plural

from desktop.tables.delegate import CellDelegate
from desktop.tables.model import TableModel


class TableView(QTableView):
    """Spreadsheet keys: type to edit, Ctrl+C / Ctrl+V blocks, Delete clears."""
    resized = Signal()

    def __init__(self, model: TableModel, notify: Callable[[str], None], parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.notify = notify
        self.setItemDelegate(CellDelegate(model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(False)   # Tab leaves the table, as elsewhere on the page
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def table_model(self) -> TableModel:
        return self.model()  # type: ignore[return-value]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def selected_cells(self) -> list[tuple[int, int]]:
        cells = [(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()]
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        return cells

    def go_to(self, row: int, col: int) -> None:
        """Make one cell current and the only one selected, whatever keys are held (a
        plain setCurrentIndex toggles the selection while Ctrl is down, as during Ctrl+D)."""
        ix = self.model().index(row, col)
        self.selectionModel().setCurrentIndex(ix, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(ix)

    def selected_rows(self) -> list[int]:
        return sorted({r for r, _ in self.selected_cells()})

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        cur = self.currentIndex()
        top = cur.row() if cur.isValid() else self.table_model().rowCount()
        left = cur.column() if cur.isValid() else 0
        try:
            block = parse_block(text)
            if not block:
                self.notify("The clipboard holds no text to paste.")
                return
            cells = self.table_model().paste(top, left, block)
        except (UserError, EntryError) as e:
            self.notify(str(e))
            return
        m = self.table_model()
        self.selectionModel().clearSelection()
        bottom = min(top + len(block), m.rowCount()) - 1
        right = left + max(len(r) for r in block) - 1
        self.selectionModel().select(QItemSelection(m.index(top, left), m.index(bottom, right)),
                                     QItemSelectionModel.SelectionFlag.Select)
        self.setCurrentIndex(m.index(top, left))
        self.notify(f"Pasted {plural(cells, 'cell')}. Undo (Ctrl+Z) takes the whole paste back.")

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.table_model().copy_text(self.selected_cells()))

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
              and self.state() != QAbstractItemView.State.EditingState):
            self.table_model().clear_cells(self.selected_cells())
        else:
            super().keyPressEvent(event)
