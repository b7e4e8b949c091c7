"""A table with its row buttons above and its derived totals beneath."""
from __future__ import annotations

from typing import Callable

from pydantic import BaseModel
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from forms.schema.wording import plural

from desktop.document import Document
from desktop.widgets.field_state import STATES, state_text
from desktop.tables.columns import column_need, header_lines, header_text, stretch_column
from desktop.tables.model import LAST_YEAR_ROLE, TableModel
from desktop.tables.view import TableView

# The row buttons and their keys (Help › Keyboard shortcuts lists them from here).
TABLE_KEYS = (("Add row", "Ctrl+Shift+="), ("Remove rows", "Ctrl+-"), ("Duplicate", "Ctrl+D"),
              ("Move up", "Alt+Up"), ("Move down", "Alt+Down"), ("Paste from Excel", ""))


class RowButton(QPushButton):
    """A row button whose Alt+letter acts at once. A button's mnemonic normally clicks it
    100 ms later (Qt animates the press): what the officer types next, meant for the
    row just added, would reach the table before the row exists, and be lost."""

    def event(self, e) -> bool:
        if (e.type() == QEvent.Type.Shortcut and self.isEnabled()
                and not e.isAmbiguous()):
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.click()
            return True
        return super().event(e)


class TablePanel(QWidget):
    """A table with its row buttons above and its derived totals beneath."""

    def __init__(self, doc: Document, table: str, item: type[BaseModel], label: str,
                 notify: Callable[[str], None], mnemonic: Callable[[str], str],
                 totals: Callable[[Document], str] | None = None, parent=None):
        super().__init__(parent)
        self.doc, self.table, self.notify = doc, table, notify
        self.model = TableModel(doc, table, item, self)
        self.model.problem.connect(notify)
        # The row buttons sit above the table, so they are made first: Tab follows creation.
        self._make_buttons(mnemonic)
        self.view = TableView(self.model, notify, self)
        self.view.setAccessibleName(f"{label} table")
        keys = "; ".join(f"{QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)} "
                         f"{text.lower()}" for text, k in TABLE_KEYS if k)
        self.view.setAccessibleDescription(
            f"Type to edit a cell. Ctrl+V pastes a block copied from Excel; {keys}.")
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
        for text, keys in TABLE_KEYS:
            slot = self._slots[text]
            bar.addWidget(self.buttons[text])
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
        self._fitted_for = doc.previous
        doc.checked.connect(self._previous_changed)
        doc.changed.connect(lambda path: self.fit_columns() if path == "" else None)
        self.view.resized.connect(self._place_stretch)
        self.fit_columns()
        self.refresh_totals()    # the page may be built after the last check

    def _previous_changed(self) -> None:
        """Last year's return imported or dropped: room for its figures, and repaint."""
        if self.doc.previous is not self._fitted_for:
            self._fitted_for = self.doc.previous
            self.fit_columns()
            self.view.viewport().update()

    def _make_buttons(self, mnemonic: Callable[[str], str]) -> None:
        self._slots = {"Add row": self.add_row, "Remove rows": self.remove_rows,
                       "Duplicate": self.duplicate_rows, "Move up": lambda: self.move(-1),
                       "Move down": lambda: self.move(1), "Paste from Excel": lambda: self.view.paste()}
        self.buttons: dict[str, QPushButton] = {}
        for text, keys in TABLE_KEYS:
            b = RowButton(mnemonic(text), self)
            b.clicked.connect(self._slots[text])
            b.setToolTip(f"{text} ({keys})" if keys else f"{text} (Ctrl+V in the table)")
            b.setAccessibleName(text)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.buttons[text] = b

    # --- column widths ----------------------------------------------------
    def stretch_column(self) -> int:
        return stretch_column(self.model.columns)

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
            need = column_need(d, seen, fm.horizontalAdvance, em, icon, c == stretch) + pad
            last = max((fm.horizontalAdvance(m.data(m.index(r, c), LAST_YEAR_ROLE) or "")
                        for r in range(rows)), default=0)
            if last:                                    # "was 1,100" beside the figure
                need += int(last * 0.9) + em
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
            self.view.go_to(min(rows[0], n - 1), col)
        self.notify(f"Removed {plural(len(rows), 'row')}. Undo (Ctrl+Z) brings them back.")

    def duplicate_rows(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            self.notify("Select the rows to duplicate first.")
            return
        self.doc.duplicate_rows(self.table, rows)
        self.view.go_to(rows[-1] + 1, max(0, self.view.currentIndex().column()))

    def move(self, delta: int) -> None:
        """The selection and current cell move with their rows (the model moves them)."""
        rows = self.view.selected_rows()
        if not rows:
            self.notify("Select the rows to move first.")
            return
        self.doc.move_rows(self.table, rows, delta)
        self.view.scrollTo(self.view.currentIndex())

    def focus_cell(self, row: int, name: str = "") -> None:
        col = next((c for c, d in enumerate(self.model.columns) if d.name == name), 0)
        if 0 <= row < self.model.rowCount():
            self.view.go_to(row, col)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
