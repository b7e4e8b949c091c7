"""Focus seen at a glance everywhere (issue 14 §2): the sidebar's current page, a table's
current cell, the findings panel's current item, multi-line boxes, default buttons and
Open folder after export. Each is grabbed with the focus on it and elsewhere: the
pixels around it must change by at least a solid ring's worth, not a faint 1-pixel line."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

BAND = 4           # pixels inside the item's edge where a focus frame is drawn
DIFFERENT = 90     # summed RGB difference a reader sees at a glance


def _grab(widget: QWidget, focus: QWidget) -> QImage:
    focus.setFocus(Qt.FocusReason.TabFocusReason)    # as by Tab: styles show keyboard focus
    QApplication.processEvents()
    assert focus.hasFocus(), type(focus).__name__
    return widget.grab().toImage()


def ring_pixels(widget: QWidget, rect: QRect, on: QWidget, off: QWidget) -> tuple[int, int]:
    """(pixels in the band inside ``rect`` that change visibly when ``on`` takes the focus
    from ``off``, the band's length: one pixel's worth of ring all round)."""
    away, there = _grab(widget, off), _grab(widget, on)
    ratio = there.width() / max(1, widget.width())     # device pixels
    r = QRect(int(rect.x() * ratio), int(rect.y() * ratio), int(rect.width() * ratio),
              int(rect.height() * ratio)).intersected(there.rect())
    changed = 0
    for y in range(r.top(), r.bottom() + 1):
        for x in range(r.left(), r.right() + 1):
            inner = min(x - r.left(), r.right() - x, y - r.top(), r.bottom() - y)
            if inner >= BAND:
                continue
            a, b = away.pixelColor(x, y), there.pixelColor(x, y)
            if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) \
                    >= DIFFERENT:
                changed += 1
    return changed, 2 * (r.width() + r.height())


def assert_ring(widget, rect, on, off, what):
    changed, perimeter = ring_pixels(widget, rect, on, off)
    # a solid 2-pixel ring changes about twice the perimeter; a dotted 1-pixel line, half of it
    assert changed >= 1.5 * perimeter, f"{what}: {changed} pixels changed, ring needs " \
                                       f"{int(1.5 * perimeter)}"


def test_the_sidebars_current_page_shows_a_ring_when_the_list_has_focus(sample_window):
    w = sample_window
    w.go_to_page("headcount")
    item = w.sidebar.currentItem()
    box = w.pages["headcount"].first_input()
    assert_ring(w.sidebar.viewport(), w.sidebar.visualItemRect(item), w.sidebar, box, "sidebar")


def test_a_tables_current_cell_shows_a_ring(sample_window):
    w = sample_window
    w.go_to_page("floor_space")
    panel = w.pages["floor_space"].tables["floor_space.buildings"]
    panel.focus_cell(0, "nia_m2")
    rect = panel.view.visualRect(panel.view.currentIndex())
    assert_ring(panel.view.viewport(), rect, panel.view, panel.buttons["Add row"], "table cell")


def test_the_findings_panels_current_item_shows_a_ring(sample_window):
    w = sample_window
    tree = w.findings.tree
    tree.setCurrentItem(tree.topLevelItem(1))
    rect = tree.visualItemRect(tree.currentItem())
    assert_ring(tree.viewport(), rect, tree, w.sidebar, "findings")


def test_a_multi_line_box_has_a_frame_that_shows_its_focus(sample_window):
    w = sample_window
    page = w.go_to_page("action_plan")
    box = next(f.widget for f in page.fields.values() if isinstance(f.widget, QPlainTextEdit))
    other = page.tables["action_plan.actions"].view
    assert_ring(box, box.rect(), box, other, "multi-line box")


def test_checks_explain_box_shows_its_focus(sample_window):
    w = sample_window
    page = w.go_to_page("checks")
    card = next(c for c in page.cards.values() if c.box is not None)
    assert_ring(card.box, card.box.rect(), card.box, card.button, "explain box")


def test_a_focused_default_button_shows_a_ring(app, qtbot):
    from desktop.dialogs.new_return import NewReturnDialog
    from PySide6.QtWidgets import QDialogButtonBox
    dlg = NewReturnDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    create = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert create.isDefault()
    assert_ring(create, create.rect(), create, dlg.year, "default button")


def test_open_folder_after_export_shows_its_focus(app, qtbot, sample_return, tmp_path):
    from desktop.dialogs.export import ExportDialog
    dlg = ExportDialog(None, sample_return, None, tmp_path / "out.xlsx")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.result_box.show()                  # as after an export
    QApplication.processEvents()
    b = dlg.open_folder
    assert_ring(b, b.rect(), b, dlg.passphrase, "Open folder")


def test_an_empty_table_or_list_shows_a_ring_round_its_frame(app, qtbot):
    """A blank return's table and the consolidation's list of folders have no item to
    ring: their edge is ringed instead, inside them (a page's edge must not clip it)."""
    from PySide6.QtWidgets import QListWidget, QPushButton, QTableWidget, QVBoxLayout
    holder = QWidget()
    qtbot.addWidget(holder)
    lay = QVBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)          # flush with their parent, as on a page
    empty_list, empty_table, button = QListWidget(), QTableWidget(0, 3), QPushButton("Add")
    for w in (empty_list, empty_table, button):
        lay.addWidget(w)
    holder.resize(300, 400)
    holder.show()
    qtbot.waitExposed(holder)
    for view, what in ((empty_list, "empty list"), (empty_table, "empty table")):
        assert_ring(holder, view.geometry(), view, button, what)
    # A row added while it has the focus: the row's cell shows the ring, the edge none.
    from desktop.widgets.focus_ring import _ViewRing
    empty_table.setFocus()
    QApplication.processEvents()
    ring = empty_table.findChild(_ViewRing)
    assert ring is not None and ring.isVisible()
    empty_table.insertRow(0)
    empty_table.setCurrentCell(0, 0)
    assert not ring.isVisible()

