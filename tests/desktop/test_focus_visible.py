"""Focus by keyboard: no invisible tab stops, an order that follows the page, focus always seen."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea


def _tab_chain(qtbot, start, steps):
    seen, w = [], start
    for _ in range(steps):
        qtbot.keyClick(w, Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        seen.append(w)
    return seen


def test_tab_through_a_page_never_lands_on_its_scroll_area(sample_window, qtbot):
    w = sample_window
    for key in ("details", "headcount", "spend"):
        page = w.go_to_page(key)
        first = QApplication.focusWidget()
        chain = _tab_chain(qtbot, first, len(page.fields) + 3)
        assert not [x for x in chain if isinstance(x, QScrollArea)], key


def test_floor_space_row_buttons_come_before_their_table(sample_window, qtbot):
    w = sample_window
    w.go_to_page("floor_space")
    panel = w.pages["floor_space"].tables["floor_space.buildings"]
    buttons = list(panel.buttons.values())
    buttons[0].setFocus()
    chain = _tab_chain(qtbot, buttons[0], len(buttons))
    assert chain == buttons[1:] + [panel.view]


def test_a_focused_box_in_error_or_query_shows_a_different_border(qtbot):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

    from desktop.pages.form import PlainText
    from desktop.widgets.field_state import show_state
    holder = QWidget()
    qtbot.addWidget(holder)
    lay = QVBoxLayout(holder)
    other = QPushButton("elsewhere")
    combo = QComboBox()
    combo.addItems(["leasehold", "freehold"])
    boxes = [QLineEdit("1.234,5"), combo, PlainText()]
    for b in boxes:
        lay.addWidget(b)
    lay.addWidget(other)
    holder.show()
    qtbot.waitExposed(holder)
    for state in ("invalid", "error", "query", "explained"):
        for box in boxes:
            show_state(box, None, state, ["Wrong."], "Help.")
            other.setFocus()
            QApplication.processEvents()
            edge = (box.width() // 2, 3)         # just inside the border, away from the text
            away = box.grab().toImage().pixelColor(*edge)
            box.setFocus()
            QApplication.processEvents()
            assert box.hasFocus()
            assert box.grab().toImage().pixelColor(*edge) != away, (state, type(box).__name__)
