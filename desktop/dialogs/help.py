"""Help inside the program: the user guide (F1) and the table of keyboard shortcuts.

The guide is Markdown shipped in resources/ (found the way rule packs are, so it
works from source, from a wheel and from the frozen program). The shortcuts table
is read from the window's own menu actions and the table keys, so it can never
disagree with what the menus show.
"""
from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QListWidget,
                               QListWidgetItem, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from desktop.tables.panel import TABLE_KEYS

GUIDE_FILE = "user-guide.md"
NATIVE = QKeySequence.SequenceFormat.NativeText

# Keys no menu item carries: what Qt and the pages do by themselves.
OTHER_KEYS = (
    ("Tab / Shift+Tab", "Next / previous box or button", "On a page"),
    ("Alt+underlined letter", "Jump to that box or button", "On a page"),
    ("Enter", "Go to the finding's field or cell", "In the findings panel"),
    ("Type, F2 or double-click", "Edit a cell (Enter keeps it, Esc cancels)", "In a table"),
    (QKeySequence.StandardKey.Paste, "Paste a block of cells copied from Excel", "In a table"),
    (QKeySequence.StandardKey.Copy, "Copy the selected cells", "In a table"),
    ("Delete", "Clear the selected cells", "In a table"),
)


def _keys_text(keys) -> str:
    return keys if isinstance(keys, str) else QKeySequence(keys).toString(NATIVE)


def guide_text() -> str:
    return resources.files("resources").joinpath(GUIDE_FILE).read_text(encoding="utf-8")


def plain(text: str) -> str:
    """A menu text without its mnemonic ampersands or trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _typed(keys: QKeySequence) -> bool:
    """Keys an officer types, not a dedicated key few keyboards have (Redo, Open, Back…)."""
    return not keys.isEmpty() and keys[0].key().value < Qt.Key.Key_Back.value


def action_keys(action) -> str:
    """An action's shortcuts as its menu shows them (the first), then any others."""
    return " or ".join(k.toString(NATIVE) for k in action.shortcuts() if _typed(k))


def shortcut_rows(win) -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every menu item with keys, the table keys and the rest."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu, where: str) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu(), f"{where} › {plain(act.text())}")
            elif not act.isSeparator() and action_keys(act):
                rows.append((action_keys(act), act.property("help_name") or plain(act.text()),
                             f"{where} menu"))

    for top in win.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.text()))
    rows += [(QKeySequence(keys).toString(NATIVE), text, "In a table")
             for text, keys in TABLE_KEYS if keys]
    rows += [(_keys_text(k), text, where) for k, text, where in OTHER_KEYS]
    return rows


class KeysDialog(QDialog):
    """Help › Keyboard shortcuts: one row per key, read from the menus themselves."""

    def __init__(self, win: QWidget):
        super().__init__(win)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(win)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do", "Where"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("n")
        self.resize(em * 90, self.fontMetrics().height() * min(len(rows) + 6, 34))

    def keys(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]


class GuideWindow(QDialog):
    """The user guide: its contents on the left, the text on the right. Not modal, so the
    officer can read it beside the return."""

    def __init__(self, win: QWidget):
        super().__init__(win)
        self.setWindowTitle("User guide — Back Office Return")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("User guide")
        from desktop.widgets.multiline_frame import multiline_frame
        self.text.setStyleSheet(multiline_frame(self.text))   # its focus seen at a glance
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(guide_text())
        self.contents = QListWidget(self)
        self.contents.setAccessibleName("Contents")
        self.headings: dict[str, int] = {}          # section title -> its place in the text
        block = self.text.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() == 2:
                self.headings[block.text()] = block.position()
                self.contents.addItem(QListWidgetItem(block.text()))
            block = block.next()
        self.contents.currentTextChanged.connect(self.go_to)
        self.contents.setFixedWidth(self.contents.sizeHintForColumn(0)
                                    + 2 * self.contents.frameWidth() + 16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.contents)
        row.addWidget(self.text, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("n")
        self.resize(em * 120, self.fontMetrics().height() * 40)

    def go_to(self, title: str) -> bool:
        """Put the section ``title`` names at the top, or the place a page is described
        ("Savings: …"); False when the guide has neither."""
        found = next((t for t in self.headings if t.lower().startswith(title.lower())), None)
        if found is not None:
            at = self.headings[found]
        else:
            hit = self.text.document().find(f"{title}:")
            if hit.isNull():
                return False
            at = hit.block().position()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(at)
        self.text.setTextCursor(cursor)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + self.text.cursorRect().top())
        return True


def _alive(dialog) -> bool:
    from shiboken6 import isValid
    return dialog is not None and isValid(dialog)


def _own(win, name: str, make) -> QDialog:
    """One dialog of a kind per window, deleted when it closes: never left for PySide's
    clean-up at quit (a dialog outliving its window crashed there, issue 14 §3)."""
    dialog = getattr(win, name, None)
    if not _alive(dialog) or not dialog.isVisible():     # a closed one is on its way out
        dialog = make(win)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        setattr(win, name, dialog)
    return dialog


def show_guide(win, topic: str = "") -> GuideWindow:
    """F1: the guide, opened at ``topic`` (the page the officer is on) when it has a section."""
    guide = _own(win, "_guide", GuideWindow)
    guide.show()
    if topic:
        guide.go_to(topic)
    guide.raise_()
    guide.activateWindow()
    return guide


def show_keys(win) -> KeysDialog:
    """Help › Keyboard shortcuts, read from the menus when it opens."""
    dialog = _own(win, "_keys", KeysDialog)
    dialog.show()
    dialog.raise_()
    return dialog
