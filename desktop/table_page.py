"""Tables (buildings, savings lines, actions): a Qt model over a list in the return.

Columns come from the row model's field descriptions. Every change goes through
the document as an undoable command: a cell edit, add / remove / duplicate /
move rows, a block pasted from Excel (one command, all or nothing). Text a cell
refuses stays in the cell, marked, until corrected, so nothing typed is lost.
"""
from __future__ import annotations

from typing import Callable

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout,
                               QWidget)

from forms.schema import paths as P
from forms.schema.entry import EntryError, parse_block, parse_entry, show_entry, to_block
from forms.schema.errors import UserError
from forms.schema.fields import FieldDesc, fields_of
from forms.schema.wording import choice_label, plural

from .document import Document, first_error
from .field_state import STATES, icon_for, state_text

Index = QModelIndex | QPersistentModelIndex


def header_text(d: FieldDesc) -> str:
    return f"{d.label} ({d.unit})" if d.unit else d.label


def header_lines(text: str, width: Callable[[str], int], fits: int) -> str:
    """The header on one line if it ``fits`` (pixels), else on two, split where the
    longer line is shortest ("Delivered to date" / "(£)", "Cash-" / "releasing")."""
    if width(text) <= fits:
        return text
    cuts = [(text[:i].rstrip(), text[i:].lstrip()) for i, ch in enumerate(text)
            if ch == " " and 0 < i < len(text) - 1]
    cuts += [(text[:i + 1], text[i + 1:]) for i, ch in enumerate(text)
             if ch == "-" and 0 < i < len(text) - 1 and text[i - 1] != " "]
    if not cuts:
        return text
    top, bottom = min(cuts, key=lambda c: max(width(c[0]), width(c[1])))
    return f"{top}\n{bottom}"


class TableModel(QAbstractTableModel):
    problem = Signal(str)   # a refused cell or paste: for the status bar

    def __init__(self, doc: Document, table: str, item: type[BaseModel], parent=None):
        super().__init__(parent)
        self.doc, self.table, self.item = doc, table, item
        self.columns = fields_of(item)
        self.bad: dict[tuple[int, str], tuple[str, str]] = {}      # refused text, why
        self.headers = [header_text(d) for d in self.columns]      # may be set on two lines
        self.states: dict[tuple[int, str], tuple[str, list[str]]] = {}
        doc.changed.connect(self._on_changed)

    # --- Qt model ---------------------------------------------------------
    def rows(self) -> list:
        return self.doc.rows(self.table)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            d = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{header_text(d)}: {d.help}" if d.help else header_text(d)
            if role == Qt.ItemDataRole.StatusTipRole:
                return d.help
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return header_text(d)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index):
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def cell_state(self, row: int, name: str) -> tuple[str, list[str]]:
        if (row, name) in self.bad:
            return "invalid", [self.bad[(row, name)][1]]
        return self.states.get((row, name), ("", []))

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, d = index.row(), self.columns[index.column()]
        R = Qt.ItemDataRole
        if role in (R.DisplayRole, R.EditRole):
            if (row, d.name) in self.bad:
                return self.bad[(row, d.name)][0]
            rows = self.rows()
            if row >= len(rows):
                return None
            return show_entry(self.item, d.name, getattr(rows[row], d.name))
        if role == R.TextAlignmentRole and d.codec.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (R.DecorationRole, R.ToolTipRole, R.AccessibleDescriptionRole):
            state, msgs = self.cell_state(row, d.name)
            if role == R.DecorationRole:
                return icon_for(state) if state else None
            text = state_text(state, msgs)
            if role == R.ToolTipRole:
                return f"{text}\n\n{d.help}".strip() if text else d.help
            return text or d.help
        if role == R.StatusTipRole:
            return d.help
        return None

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, d = index.row(), self.columns[index.column()]
        text = "" if value is None else str(value)
        key = (row, d.name)
        try:
            parsed = parse_entry(self.item, d.name, text)
            self.doc.set_value(f"{self.table}[{row}].{d.name}", parsed)
        except (EntryError, UserError) as e:
            self.bad[key] = (text, str(e))
            self.problem.emit(f"Row {row + 1}, {d.label}: {e}")
            self.dataChanged.emit(index, index)
            return True
        if self.bad.pop(key, None) is not None:
            self.dataChanged.emit(index, index)
        return True

    # --- document -> view -------------------------------------------------
    def _on_changed(self, path: str) -> None:
        if path == "" or path == self.table:
            self.beginResetModel()
            self.bad.clear()
            self.endResetModel()
            return
        split = P.split_row(path)
        if split and split[0] == self.table:
            _, row, name = split
            col = next((c for c, d in enumerate(self.columns) if d.name == name), None)
            if col is not None and row < len(self.rows()):
                self.bad.pop((row, name), None)
                ix = self.index(row, col)
                self.dataChanged.emit(ix, ix)

    def set_states(self, states: dict[tuple[int, str], tuple[str, list[str]]]) -> None:
        touched = set(states) | set(self.states)
        self.states = states
        cols = {d.name: c for c, d in enumerate(self.columns)}
        n = self.rowCount()
        for row, name in touched:
            if row < n and name in cols:
                ix = self.index(row, cols[name])
                self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DecorationRole,
                                               Qt.ItemDataRole.ToolTipRole])

    # --- block operations -------------------------------------------------
    def paste(self, top: int, left: int, block: list[list[str]]) -> int:
        """Write a pasted block from (top, left), adding rows as needed; all or nothing."""
        if not block:
            return 0
        width = max(len(r) for r in block)
        if left + width > len(self.columns):
            raise UserError(f"The pasted block is {plural(width, 'column')} wide but only "
                            f"{len(self.columns) - left} fit from '{self.columns[left].label}'. "
                            "Select a cell further left, or copy fewer columns.")
        new = list(self.rows())
        for r, line in enumerate(block):
            i = top + r
            data = (new[i] if i < len(new) else self.item()).model_dump()
            for c, text in enumerate(line):
                d = self.columns[left + c]
                try:
                    data[d.name] = parse_entry(self.item, d.name, text)
                except EntryError as e:
                    raise UserError(f"Nothing pasted: row {i + 1}, {d.label}: {e}") from None
            try:
                row = self.item.model_validate(data)
            except ValidationError as e:
                where = e.errors()[0]["loc"][0]
                label = next((d.label for d in self.columns if d.name == where), str(where))
                raise UserError(f"Nothing pasted: row {i + 1}, {label}: {first_error(e)}") from None
            if i < len(new):
                new[i] = row
            else:
                new.append(row)
        cells = sum(len(r) for r in block)
        self.doc.replace_rows(self.table, new, f"Paste {cells} cell{'s' if cells != 1 else ''}",
                              f"{self.table}[{top}].{self.columns[left].name}")
        return cells

    def clear_cells(self, cells: list[tuple[int, int]]) -> None:
        """Blank the selected cells (choices go back to their default), as one command."""
        new = list(self.rows())
        by_row: dict[int, list[str]] = {}
        for r, c in cells:
            if r < len(new):
                by_row.setdefault(r, []).append(self.columns[c].name)
        blank = self.item()
        for r, names in by_row.items():
            new[r] = new[r].model_copy(update={n: getattr(blank, n) for n in names})
        if by_row:
            self.doc.replace_rows(self.table, new, "Clear cells")

    def copy_text(self, cells: list[tuple[int, int]]) -> str:
        if not cells:
            return ""
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        chosen = set(cells)
        return to_block([[self.data(self.index(r, c)) or "" if (r, c) in chosen else ""
                          for c in cols] for r in rows])


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
        from PySide6.QtCore import QItemSelection, QItemSelectionModel
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


class TablePanel(QWidget):
    """A table with its row buttons above and its derived totals beneath."""

    def __init__(self, doc: Document, table: str, item: type[BaseModel], label: str,
                 notify: Callable[[str], None], mnemonic: Callable[[str], str],
                 totals: Callable[[Document], str] | None = None, parent=None):
        super().__init__(parent)
        self.doc, self.table, self.notify = doc, table, notify
        self.model = TableModel(doc, table, item, self)
        self.model.problem.connect(notify)
        self.view = TableView(self.model, notify, self)
        self.view.setAccessibleName(f"{label} table")
        self.view.setAccessibleDescription(
            "Type to edit a cell. Ctrl+V pastes a block copied from Excel; "
            "Ctrl+Shift+= adds a row, Ctrl+minus removes, Ctrl+D duplicates, Alt+Up / Alt+Down move.")
        self._totals = totals
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        title = QLabel(mnemonic(label), self)
        title.setBuddy(self.view)
        title.setStyleSheet("font-weight: 600;")
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.hide()
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        buttons = [("Add row", "Ctrl+Shift+=", self.add_row),
                   ("Remove rows", "Ctrl+-", self.remove_rows),
                   ("Duplicate", "Ctrl+D", self.duplicate_rows),
                   ("Move up", "Alt+Up", lambda: self.move(-1)),
                   ("Move down", "Alt+Down", lambda: self.move(1)),
                   ("Paste from Excel", "", self.view.paste)]
        self.buttons: dict[str, QPushButton] = {}
        for text, keys, slot in buttons:
            b = QPushButton(mnemonic(text), self)
            b.clicked.connect(slot)
            tip = f"{text} ({keys})" if keys else f"{text} (Ctrl+V in the table)"
            b.setToolTip(tip)
            b.setAccessibleName(text)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            bar.addWidget(b)
            self.buttons[text] = b
            if keys:
                act = QAction(text, self.view)
                act.setShortcut(QKeySequence(keys))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                act.triggered.connect(slot)
                self.view.addAction(act)
        lay.addLayout(bar)
        lay.addWidget(self.banner)
        lay.addWidget(self.view, 1)
        self.totals_label = QLabel(self)
        self.totals_label.setTextFormat(Qt.TextFormat.RichText)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals_label.setVisible(totals is not None)
        lay.addWidget(self.totals_label)
        doc.checked.connect(self.refresh_totals)
        doc.changed.connect(lambda path: self.fit_columns() if path == "" else None)
        self.view.resized.connect(self._place_stretch)
        self.fit_columns()
        self.refresh_totals()    # the page may be built after the last check

    # --- column widths ----------------------------------------------------
    def stretch_column(self) -> int:
        """The column that takes the spare width: the longest free text (description,
        action, building name)."""
        texts = [(d.max_length or 0, -c) for c, d in enumerate(self.model.columns)
                 if d.codec.words]
        return -max(texts)[1] if texts else len(self.model.columns) - 1

    def fit_columns(self) -> None:
        """Each column as wide as its figures or words need (within reason) and its header,
        set on two lines where that saves width; the stretch column takes what is left."""
        view, m = self.view, self.model
        fm, hfm = view.fontMetrics(), view.horizontalHeader().fontMetrics()
        em = fm.horizontalAdvance("n")
        pad = 2 * em                                    # cell margins and the focus frame
        icon = fm.height() + 4                          # room for an error / query icon
        rows = min(m.rowCount(), 200)                   # enough to judge; a huge table stays quick
        stretch = self.stretch_column()
        self.preferred: list[int] = []
        for c, d in enumerate(m.columns):
            seen = max((fm.horizontalAdvance(str(m.data(m.index(r, c)) or ""))
                        for r in range(rows)), default=0)
            if d.codec.numeric:
                need = max(seen, fm.horizontalAdvance("00,000,000")) + icon
            elif d.codec.options(d):
                options = d.codec.options(d)
                need = max(fm.horizontalAdvance(o) for o in options) + em
            else:
                size = d.max_length or 40
                cap = 12 if size <= 20 else (18 if size <= 40 else (24 if size <= 200 else 36))
                if c == stretch:      # it takes the spare width anyway; narrow, others show first
                    cap = min(cap, 24)
                need = min(max(seen, em * (4 if size <= 20 else 10)), em * cap)
            need += pad
            m.headers[c] = header_lines(header_text(d), hfm.horizontalAdvance, need - pad)
            head = max(hfm.horizontalAdvance(line) for line in m.headers[c].split("\n"))
            self.preferred.append(max(need, head + pad))
        m.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(m.columns) - 1)
        h = view.horizontalHeader()
        h.setStretchLastSection(False)
        for c, w in enumerate(self.preferred):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(c, w)
        self._place_stretch()

    def _place_stretch(self) -> None:
        """Spare width goes to the stretch column; when there is none (a wide table in a
        narrow window) every column keeps its width and the table scrolls sideways."""
        if not getattr(self, "preferred", None):
            return
        h, c = self.view.horizontalHeader(), self.stretch_column()
        others = sum(self.view.columnWidth(i) for i in range(len(self.preferred)) if i != c)
        spare = self.view.viewport().width() - others      # the officer's own widths count
        mode = (QHeaderView.ResizeMode.Stretch if spare >= self.preferred[c]
                else QHeaderView.ResizeMode.Interactive)
        if h.sectionResizeMode(c) != mode:
            h.setSectionResizeMode(c, mode)
            if mode == QHeaderView.ResizeMode.Interactive:
                self.view.setColumnWidth(c, self.preferred[c])

    def refresh_totals(self) -> None:
        if self._totals is not None:
            self.totals_label.setText(self._totals(self.doc))

    def set_banner(self, state: str, messages: list[str]) -> None:
        self.banner.setVisible(bool(state))
        if state:
            self.banner.setText(f"<b>{STATES[state][1]}:</b> " + " ".join(messages))
            self.banner.setAccessibleName(state_text(state, messages))

    # --- row operations ---------------------------------------------------
    def add_row(self) -> None:
        rows = self.view.selected_rows()
        at = rows[-1] + 1 if rows else self.model.rowCount()
        self.doc.insert_rows(self.table, at, [self.model.item()])
        self.focus_cell(at, self.model.columns[0].name)

    def remove_rows(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            self.notify("Select the rows to remove first.")
            return
        col = max(0, self.view.currentIndex().column())
        self.doc.remove_rows(self.table, rows)
        n = self.model.rowCount()
        if n:
            self.view.setCurrentIndex(self.model.index(min(rows[0], n - 1), col))
        self.notify(f"Removed {plural(len(rows), 'row')}. Undo (Ctrl+Z) brings them back.")

    def duplicate_rows(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.doc.duplicate_rows(self.table, rows)
            self.view.setCurrentIndex(self.model.index(rows[-1] + 1,
                                                       max(0, self.view.currentIndex().column())))

    def move(self, delta: int) -> None:
        rows = self.view.selected_rows()
        col = max(0, self.view.currentIndex().column())
        moved = self.doc.move_rows(self.table, rows, delta)
        if moved:
            self.view.clearSelection()
            self.view.setCurrentIndex(self.model.index(moved[0], col))
            for r in moved:
                self.view.selectRow(r) if len(moved) > 1 else None

    def focus_cell(self, row: int, name: str = "") -> None:
        col = next((c for c, d in enumerate(self.model.columns) if d.name == name), 0)
        if 0 <= row < self.model.rowCount():
            ix = self.model.index(row, col)
            self.view.setCurrentIndex(ix)
            self.view.scrollTo(ix)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
