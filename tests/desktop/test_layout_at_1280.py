"""Seen as a person sees it at 1280 x 800: tables show their columns and whole headers,
forms are tidy, the sidebar and the findings panel leave the page its room."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QGroupBox, QLineEdit

from desktop.main_window import MainWindow


def _show(w, page):
    w.resize(1280, 800)
    w.go_to_page(page, focus=False)
    for _ in range(3):
        QApplication.processEvents()
    return w.pages[page]


def _visible(view, col: int) -> bool:
    x = view.columnViewportPosition(col)
    return x >= 0 and x + view.columnWidth(col) <= view.viewport().width()


def _header_fits(view, col: int) -> bool:
    model, fm = view.model(), view.horizontalHeader().fontMetrics()
    lines = model.headerData(col, Qt.Orientation.Horizontal)
    return all(fm.horizontalAdvance(line) + 8 <= view.columnWidth(col) for line in lines.split("\n"))


def test_the_whole_buildings_table_fits_without_scrolling_sideways(sample_window):
    panel = _show(sample_window, "floor_space").tables["floor_space.buildings"]
    view = panel.view
    for col in range(panel.model.columnCount()):
        assert _visible(view, col), panel.model.columns[col].label
        assert _header_fits(view, col), panel.model.columns[col].label
    assert not view.horizontalScrollBar().isVisible()
    assert "Property cost" in panel.totals_label.text()


def test_savings_show_the_important_columns_first_whole_headers_and_totals(sample_window):
    panel = _show(sample_window, "savings").tables["savings"]
    view, names = panel.view, [d.name for d in panel.model.columns]
    for name in ("ref", "category", "description", "target_year", "planned_gbp",
                 "delivered_gbp", "status"):
        assert _visible(view, names.index(name)), name
    for col in range(len(names)):
        assert _header_fits(view, col), names[col]
    desc = names.index("description")
    narrow = view.columnWidth(desc)
    assert narrow >= view.fontMetrics().horizontalAdvance("n") * 20
    assert panel.totals_label.isVisible() and "Total" in panel.totals_label.text()
    assert panel.totals_label.geometry().bottom() <= panel.height()
    tip = panel.model.headerData(names.index("delivered_gbp"), Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Delivered to date (£)")
    sample_window.resize(2400, 800)                     # a wide screen: Description stretches
    QApplication.processEvents()
    assert view.columnWidth(desc) > narrow + 200
    assert all(_visible(view, c) for c in range(len(names)))


def test_the_action_text_takes_the_spare_width(sample_window):
    panel = _show(sample_window, "action_plan").tables["action_plan.actions"]
    view = panel.view
    widths = [view.columnWidth(c) for c in range(panel.model.columnCount())]
    assert widths[0] == max(widths) and widths[0] > view.viewport().width() // 2


def test_form_boxes_are_one_width_and_groups_hug_their_rows(sample_window):
    page = _show(sample_window, "details")
    edits = [f.widget for f in page.fields.values() if isinstance(f.widget, QLineEdit)]
    assert len({e.width() for e in edits}) == 1          # the rule pack box included
    box = page.findChild(QGroupBox)
    right_of_inputs = max(e.mapTo(page, e.rect().topRight()).x() for e in edits)
    assert box.mapTo(page, box.rect().topRight()).x() < right_of_inputs + 150
    assert box.width() < page.width() * 0.75


def _colourful(icon) -> bool:
    img = icon.pixmap(16, 16).toImage()
    c = QColor(img.pixel(4, 12))   # inside the disc or triangle, clear of the mark
    return c.alpha() > 200 and c.saturation() > 100


def test_sidebar_states_are_coloured_same_size_icons_and_words(sample_window):
    _show(sample_window, "details")
    sb = sample_window.sidebar
    icons = [sb.item(r).icon() for r in range(sb.count())]
    assert all(_colourful(i) for i in icons)
    assert "complete" in sb.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    from desktop.pages import PAGE_KEYS
    assert "short" in sb.item(PAGE_KEYS.index("benchmarks")).text()
    widest = max(sb.fontMetrics().horizontalAdvance(line) for r in range(sb.count())
                 for line in sb.item(r).text().split("\n"))
    widest = max(widest, sb.fontMetrics().horizontalAdvance("12 errors, 3 queries"))
    assert sb.width() <= widest + sb.iconSize().width() + 50
    for r in range(sb.count()):                     # every state line fits, none is clipped
        rect = sb.visualItemRect(sb.item(r))
        assert rect.right() <= sb.viewport().width()


def _visible_rows(tree) -> int:
    n = 0
    for i in range(tree.topLevelItemCount()):
        g = tree.topLevelItem(i)
        if not g.isHidden():          # the To do group, while there is nothing to do
            n += 1 + (g.childCount() if g.isExpanded() else 0)
    return n


def _rows_whole(w, expect_rows: int) -> None:
    from desktop.window.findings_dock import MAX_SHARE
    tree = w.findings.tree
    row_h = tree.sizeHintForRow(0)
    assert w.dock.height() <= w.height() * MAX_SHARE + 1
    assert tree.viewport().height() == expect_rows * row_h      # whole rows, none cut
    assert w.findings.summary.height() >= w.findings.summary.heightForWidth(
        w.findings.summary.width())


def test_the_findings_panel_fits_its_rows_whole_within_limits(sample_window):
    from desktop.window.findings_dock import MAX_ROWS, MIN_ROWS
    w = sample_window
    _show(w, "benchmarks")
    _rows_whole(w, max(MIN_ROWS, min(MAX_ROWS, _visible_rows(w.findings.tree))))


def test_at_its_limit_the_panel_still_shows_whole_rows(sample_window):
    from desktop.window.findings_dock import MAX_SHARE
    w = sample_window
    _show(w, "benchmarks")
    w.resize(1280, 480)                       # a short window: the limit binds
    tree = w.findings.tree
    for i in range(tree.topLevelItemCount()):
        tree.topLevelItem(i).setExpanded(True)
    w.dock.fit(w.doc.generation, force=True)
    QApplication.processEvents()
    row_h = tree.sizeHintForRow(0)
    assert w.dock.height() <= w.height() * MAX_SHARE + 1
    assert tree.viewport().height() % row_h == 0
    assert tree.viewport().height() // row_h < _visible_rows(tree)     # it scrolls the rest


def _drag_dock_edge(w, dy: int) -> None:
    """Drag the separator between the page and the dock, as the officer does with a mouse."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    x, y = w.width() / 2, w.dock.geometry().top() - 2
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind, at_y, button, buttons):
        pos = QPointF(x, at_y)
        QApplication.sendEvent(w, QMouseEvent(kind, pos, w.mapToGlobal(pos), button, buttons,
                                              Qt.KeyboardModifier.NoModifier))
    send(QEvent.Type.MouseButtonPress, y, left, left)
    for step in range(1, 6):
        send(QEvent.Type.MouseMove, y + dy * step / 5, none, left)
        QApplication.processEvents()          # the window moves its separator on a timer
    send(QEvent.Type.MouseButtonRelease, y + dy, left, none)
    QApplication.processEvents()


def test_the_findings_panel_keeps_the_height_the_officer_drags_it_to(sample_window, qtbot):
    from PySide6.QtCore import QSettings
    from desktop.window.findings_dock import CHOSEN_KEY
    w = sample_window
    _show(w, "benchmarks")
    before = w.dock.height()
    _drag_dock_edge(w, -60)
    chosen = w.dock.height()
    assert chosen > before + 30
    assert int(QSettings().value(CHOSEN_KEY)) == chosen
    w.close()
    w2 = MainWindow()                        # a new session, and another return opened in it
    qtbot.addWidget(w2)
    w2.restore_geometry()
    w2.show()
    qtbot.waitExposed(w2)
    QApplication.processEvents()
    assert abs(w2.dock.height() - chosen) <= 4
    w2.dock.fit(w2.doc.generation + 1)
    QApplication.processEvents()
    assert abs(w2.dock.height() - chosen) <= 4
    w2.autosaver.close()


def test_a_long_description_is_whole_in_its_tooltip_and_edits_in_a_larger_box(sample_window,
                                                                             qtbot):
    from desktop.tables.delegate import LongTextEditor
    panel = _show(sample_window, "savings").tables["savings"]
    view, m = panel.view, panel.model
    names = [d.name for d in m.columns]
    for name in ("cash_releasing", "recurrence", "status"):       # in view, not off-screen
        assert _visible(view, names.index(name)), name
    ix = m.index(0, names.index("description"))
    whole = m.data(ix)
    assert view.fontMetrics().horizontalAdvance(whole) > view.columnWidth(ix.column())  # cut
    assert m.data(ix, Qt.ItemDataRole.ToolTipRole).startswith(whole)
    view.setFocus()
    view.go_to(0, ix.column())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(LongTextEditor)
    assert editor is not None and editor.isVisible()
    assert editor.toPlainText() == whole
    cell = view.visualRect(ix)
    assert editor.width() > cell.width() and editor.height() >= 3 * cell.height()
    assert editor.geometry().right() <= view.viewport().width()
    editor.setPlainText("A new description,\nwritten on two lines")
    qtbot.keyClick(editor, Qt.Key.Key_Return)          # Enter keeps it, on one line
    qtbot.waitUntil(lambda: m.data(ix) == "A new description, written on two lines")
    assert not editor.isVisible() or view.findChild(LongTextEditor) is None
    sample_window.undo_action.trigger()
    assert m.data(ix) == whole
