"""A Qt model over one table of the return (buildings, savings lines, actions).

The model follows the document's row changes (inserted, removed, moved: an
order map) with Qt's row signals, never a reset, so the view keeps its
selection, current cell and any open editor, and the text a cell refused
and each cell's check state follow their rows. After each check it emits one
ranged ``dataChanged`` per column whose states changed.
"""
from __future__ import annotations

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from forms.schema import paths as P
from forms.schema.entry import EntryError, parse_entry, show_entry, to_block
from forms.schema.errors import UserError
from forms.schema.fields import fields_of
from forms.schema.wording import plural

from desktop.document import Document, first_error
from desktop.widgets.field_state import icon_for, state_text
from desktop.tables.columns import header_text, is_long_text

Index = QModelIndex | QPersistentModelIndex
Cell = tuple[int, str]          # (row, field name)
LAST_YEAR_ROLE = Qt.ItemDataRole.UserRole + 1     # "was 1,100": last year's figure, greyed
STATE_ROLES = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
               Qt.ItemDataRole.AccessibleDescriptionRole]


def runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted indices as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def block_move(before: list[int], after: list[int]) -> tuple[int, int, int] | None:
    """When ``after`` is ``before`` with one block of rows moved, (first, last, destination)
    in Qt's beginMoveRows terms; None when it is some other reordering."""
    n = len(before)
    lo = 0
    while lo < n and before[lo] == after[lo]:
        lo += 1
    hi = n
    while hi > lo and before[hi - 1] == after[hi - 1]:
        hi -= 1
    mid_b, mid_a = before[lo:hi], after[lo:hi]
    if not mid_b:
        return None
    k = mid_a.index(mid_b[0])        # after's middle starts with before's tail block
    if mid_a[k:] + mid_a[:k] != mid_b:
        return None
    # before = X + Y, after = Y + X with |X| = len(mid)-k: move Y (the last k...) up front,
    # or X to the end; either is one block. Move whichever block is smaller.
    x_len = len(mid_b) - k
    if k <= x_len:      # Y = before[lo+x_len:hi] moves up to lo
        return lo + x_len, hi - 1, lo
    return lo, lo + x_len - 1, hi    # X moves down to the end of the middle


class TableModel(QAbstractTableModel):
    problem = Signal(str)   # a refused cell or paste: for the status bar

    def __init__(self, doc: Document, table: str, item: type[BaseModel], parent=None):
        super().__init__(parent)
        self.doc, self.table, self.item = doc, table, item
        self.columns = fields_of(item)
        self._col = {d.name: c for c, d in enumerate(self.columns)}
        self.bad: dict[Cell, tuple[str, str]] = {}        # refused text, why
        self.headers = [header_text(d) for d in self.columns]   # may be set on two lines
        self.states: dict[Cell, tuple[str, list[str]]] = {}
        self._shown = list(self.rows())     # the row objects the view knows about
        self._last_for = None               # last year's return the row index below is of
        self._last_rows: dict = {}
        doc.changed.connect(self._on_changed)
        doc.rows_changed.connect(self._on_rows_changed)
        doc.add_refusal_source(self.refusals)

    def refusals(self) -> dict[str, tuple[str, str]]:
        return {f"{self.table}[{r}].{n}": v for (r, n), v in self.bad.items()}

    # --- Qt model ---------------------------------------------------------
    def rows(self) -> list:
        return self.doc.rows(self.table)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

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
        if role == LAST_YEAR_ROLE:
            last = self.last_year(row, d)
            return None if last is None else f"was {last[1]}"
        if role in (R.DecorationRole, R.ToolTipRole, R.AccessibleDescriptionRole):
            state, msgs = self.cell_state(row, d.name)
            if role == R.DecorationRole:
                return icon_for(state) if state else None
            text = state_text(state, msgs)
            last = self.last_year(row, d)
            before = f"{last[0]}: {last[1]}" if last is not None else ""
            if role == R.ToolTipRole:
                tip = "\n\n".join(t for t in (text, before, d.help) if t)
                if is_long_text(d):           # the whole of a text the cell cuts short
                    tip = f"{self.data(index)}\n\n{tip}".strip()
                return tip
            return ". ".join(t for t in (text, before) if t) or d.help
        if role == R.StatusTipRole:
            return d.help
        return None

    def last_year(self, row: int, d) -> tuple[str, str] | None:
        """(year, figure) of this row's figure in last year's return, once it is imported:
        rows are matched by their first column (a building's name, a saving's reference)."""
        prev = self.doc.previous
        if prev is None or not d.codec.numeric:
            return None
        key = self.columns[0].name

        def key_of(r) -> str:
            return str(getattr(r, key) or "").strip().casefold()
        if self._last_for is not prev:
            self._last_for = prev
            self._last_rows = {key_of(r): r for r in (P.get(prev, self.table) or []) if key_of(r)}
        rows = self.rows()
        if row >= len(rows):
            return None
        old = self._last_rows.get(key_of(rows[row]))
        if old is None:
            return None
        v = getattr(old, d.name)
        year = prev.envelope.financial_year or "Last year"
        return year, ("blank" if v is None else show_entry(self.item, d.name, v))

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
            self.doc.refusals_changed()
            return True
        if self.bad.pop(key, None) is not None:
            self.dataChanged.emit(index, index)
            self.doc.refusals_changed()
        return True

    # --- document -> view -------------------------------------------------
    def _on_changed(self, path: str) -> None:
        if path == "":                       # another return: start again
            self.beginResetModel()
            self.bad.clear()
            self.states = {}
            self._shown = list(self.rows())
            self.endResetModel()
            return
        if path == self.table:               # its rows came through _on_rows_changed
            if len(self._shown) != len(self.rows()):    # a change without an order map
                self._on_changed("")
            return
        split = P.split_row(path)
        if split and split[0] == self.table:
            _, row, name = split
            col = self._col.get(name)
            if col is not None and row < self.rowCount():
                self.bad.pop((row, name), None)
                ix = self.index(row, col)
                self.dataChanged.emit(ix, ix)

    def _on_rows_changed(self, table: str, order: list[int | None]) -> None:
        """``order``: for each row now, the row it was before (None: a new row)."""
        if table != self.table:
            return
        before, now = list(self._shown), list(self.rows())
        if len(order) != len(now):           # not a map of these rows: start again
            self._on_changed("")
            return
        was_to_now = {was: i for i, was in enumerate(order) if was is not None}
        removed = [i for i in range(len(before)) if i not in was_to_now]
        for first, last in reversed(runs(removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._shown[first:last + 1]
            self.endRemoveRows()
        kept = [i for i in range(len(before)) if i in was_to_now]       # as shown now
        target = [was for was in order if was is not None]              # as they will be
        if kept != target:
            self._reorder(kept, target)
        for first, last in runs([i for i, was in enumerate(order) if was is None]):
            self.beginInsertRows(QModelIndex(), first, last)
            self._shown[first:first] = now[first:last + 1]
            self.endInsertRows()
        self._shown = now
        follow = lambda cells: {(was_to_now[r], n): v for (r, n), v in cells.items()  # noqa: E731
                                if r in was_to_now}
        self.bad, self.states = follow(self.bad), follow(self.states)
        # Rows whose content was replaced (a paste, cleared cells): show their values.
        changed = [i for i, was in enumerate(order) if was is not None and before[was] is not now[i]]
        for first, last in runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def _reorder(self, kept: list[int], target: list[int]) -> None:
        """Rows moved: one block by beginMoveRows; any other order by a layout change
        that carries every persistent index (selection, current cell, editor) along."""
        move = block_move(kept, target)
        if move is not None:
            first, last, dest = move
            self.beginMoveRows(QModelIndex(), first, last, QModelIndex(), dest)
            block = self._shown[first:last + 1]
            del self._shown[first:last + 1]
            at = dest if dest < first else dest - len(block)
            self._shown[at:at] = block
            self.endMoveRows()
            return
        self.layoutAboutToBeChanged.emit()
        pos = {was: i for i, was in enumerate(target)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(pos[kept[ix.row()]], ix.column()) for ix in old])
        self.layoutChanged.emit()

    def set_states(self, states: dict[Cell, tuple[str, list[str]]]) -> None:
        """New check states: one ranged dataChanged per column whose cells changed."""
        old, self.states = self.states, states
        n = self.rowCount()
        spans: dict[int, list[int]] = {}
        for key in set(old) | set(states):
            if old.get(key) != states.get(key) and key[0] < n and key[1] in self._col:
                span = spans.setdefault(self._col[key[1]], [key[0], key[0]])
                span[0], span[1] = min(span[0], key[0]), max(span[1], key[0])
        for col, (top, bottom) in sorted(spans.items()):
            self.dataChanged.emit(self.index(top, col), self.index(bottom, col), STATE_ROLES)

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
        for r, line in enumerate(block):      # pasted text replaces text refused there
            for c in range(len(line)):
                self.bad.pop((top + r, self.columns[left + c].name), None)
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
            for n in names:
                self.bad.pop((r, n), None)
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
