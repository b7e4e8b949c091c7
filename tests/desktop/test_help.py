"""Help inside the program: F1 opens the user guide (at the page's section), and the
keyboard-shortcuts table lists every menu key as the menu shows it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.dialogs.help import GuideWindow, KeysDialog, action_keys, plain
from desktop.tables.panel import TABLE_KEYS

SECTIONS = ("What the return is", "The pages", "Queries and explanations",
            "Benchmarks and actions", "Keys and signing", "What to send the Treasury", "Keyboard")
NATIVE = QKeySequence.SequenceFormat.NativeText


def _menu_actions(win):
    def walk(menu):
        for act in menu.actions():
            if act.menu() is not None:
                yield from walk(act.menu())
            elif not act.isSeparator():
                yield act
    for top in win.menuBar().actions():
        if top.menu() is not None:
            yield from walk(top.menu())


def test_f1_opens_the_guide_with_every_section_at_the_page_shown(window, qtbot):
    window.go_to_page("savings")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    for title in SECTIONS:
        assert title in guide.headings, title
    assert guide.contents.count() == len(guide.headings)
    text = guide.text.toPlainText()
    assert "signed workbook" in text and "public key" in text
    for _, page, _ in __import__("desktop.pages.registry", fromlist=["PAGES"]).PAGES:
        assert page in text, page                  # each page is described
    # Opened at the page the officer is on: its words are in view.
    top = guide.text.cursorForPosition(guide.text.viewport().rect().topLeft())
    assert top.block().text().startswith("Savings:")
    assert guide.go_to("Keys") and not guide.go_to("No such section")
    for _, page, _ in __import__("desktop.pages.registry", fromlist=["PAGES"]).PAGES:
        assert guide.go_to(page), page             # F1 finds every page's words
    qtbot.keyClick(window, Qt.Key.Key_F1)      # once per window
    assert len(window.findChildren(GuideWindow)) == 1
    guide.close()


def test_the_shortcuts_table_shows_every_menu_key_as_the_menu_does(window, qtbot):
    window._show_keys()
    dialog = window.findChild(KeysDialog)
    assert dialog.isVisible()
    table = dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    seen = 0
    for act in _menu_actions(window):
        if act.shortcut().isEmpty():
            continue
        seen += 1
        name = act.property("help_name") or plain(act.text())
        assert name in rows, name
        shown = act.shortcut().toString(NATIVE)         # what the menu prints beside it
        assert rows[name].split(" or ")[0] == shown, (name, rows[name], shown)
        assert rows[name] == action_keys(act)
    assert seen >= 15
    redo = rows["Redo"].split(" or ")
    assert redo[0] == window.redo_action.shortcut().toString(NATIVE) and len(redo) >= 2
    for text, keys in TABLE_KEYS:
        if keys:
            assert rows[text] == QKeySequence(keys).toString(NATIVE)
    assert "F1" in rows.values() or any("F1" in k for k in rows.values())
    dialog.close()
    window._show_keys()
    QApplication.processEvents()
    assert len([d for d in window.findChildren(KeysDialog) if d.isVisible()]) == 1
