"""Ctrl+C in the consolidation window's tables: the chosen rows, as Excel pastes them.

An analyst lists the rejected returns in an email or pastes a league into a
briefing: the rows chosen (the current one when none is), in the order shown,
under their headers, a tab between cells. Right-click offers the same.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QTableView


def _cell(text) -> str:
    return " ".join(str(text or "").split())     # a tab or line break would split the cell


def rows_text(view: QTableView) -> tuple[str, int]:
    """(tab-separated text with a header line, rows copied) of the chosen rows."""
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    cols = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    lines = ["\t".join(_cell(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols)]
    lines += ["\t".join(_cell(model.index(r, c).data()) for c in cols) for r in rows]
    return "\n".join(lines) + "\n", len(rows)


def install(view: QTableView, say: Callable[[str], None]) -> None:
    """Ctrl+C (the platform's Copy) and a right-click Copy on ``view``; ``say`` reports."""
    def copy() -> None:
        if view.model() is None or view.model().rowCount() == 0:
            say("Nothing to copy: consolidate the returns first.")
            return
        text, n = rows_text(view)
        if not n:
            say("Choose the rows to copy first (click them, or Shift+arrow keys).")
            return
        QGuiApplication.clipboard().setText(text)
        say(f"Copied {n:,} row{'s' if n != 1 else ''} with their headers: paste them into "
            "Excel or an email.")
    action = QAction("&Copy rows", view)
    action.setShortcut(QKeySequence.StandardKey.Copy)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(copy)
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
