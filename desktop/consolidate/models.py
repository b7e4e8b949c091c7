"""Table models for the consolidation window: one row per return, sorted by value."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

STATUS_COLOURS = {"valid": "#e6f4ea", "superseded": "#fff4ce", "rejected": "#fde7e9",
                  "unreadable": "#fde7e9",
                  "meets": "#e6f4ea", "within 10 %": "#fff4ce", "short": "#fde7e9"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """Rows of display text, with the raw values kept for sorting numbers as numbers."""

    def __init__(self, columns: list[tuple[str, str]], rows: list[list[str]], raw: list[dict],
                 parent=None):
        super().__init__(parent)
        self.columns, self.rows, self.raw = columns, rows, raw

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == SORT_ROLE:
            v = self.raw[index.row()].get(self.columns[index.column()][0])
            if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
                return float(v)
            return text.casefold()
        if role == Qt.ItemDataRole.BackgroundRole and text in STATUS_COLOURS:
            return QColor(STATUS_COLOURS[text])
        if role == Qt.ItemDataRole.TextAlignmentRole and self._is_number(index):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _is_number(self, index) -> bool:
        # By the value, not the text: a file named "00012-DWP.xlsx" is not a number.
        v = self.raw[index.row()].get(self.columns[index.column()][0])
        return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def value(self, row: int, column: str):
        return self.raw[row].get(column)


class SortFilter(QSortFilterProxyModel):
    """Sorts numbers as numbers; the filter text matches any column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, float) and isinstance(b, float):
            return a < b
        if isinstance(a, float) != isinstance(b, float):
            return isinstance(a, float)        # numbers before blanks
        return str(a) < str(b)
