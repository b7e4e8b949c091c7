"""Table edits are row changes, not model resets: nothing typed is lost (issue 8 §4).

Each test here failed when every row operation reset the model and every check
emitted a dataChanged per cell.
"""
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLineEdit

from desktop.document import UNDO_LIMIT
from desktop.tables.model import block_move, runs
from forms.schema.model import Building

TABLE = "floor_space.buildings"


def panel_of(w):
    w.go_to_page("floor_space")
    return w.pages["floor_space"].tables[TABLE]


def col(model, name):
    return [d.name for d in model.columns].index(name)


def open_editor(view, row, column) -> QLineEdit:
    ix = view.model().index(row, column)
    view.go_to(row, column)
    view.edit(ix)
    editor = view.indexWidget(ix) or view.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    return editor


def test_typing_just_after_adding_a_row_survives_the_live_check(sample_window, qtbot):
    w = sample_window
    panel = panel_of(w)
    panel.add_row()                                    # a blank row: its name is required
    row = panel.view.currentIndex().row()
    editor = open_editor(panel.view, row, col(panel.model, "name"))
    editor.setText("3 Whitehall Place")                # typed, not yet committed
    w.doc.check_now()                                  # the check lands while typing
    assert panel.model.cell_state(row, "name")[0]       # the blank name is marked ...
    assert editor.text() == "3 Whitehall Place"        # ... but the editor keeps the text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)                                     # the delegate commits on a queued call
    assert w.doc.ret.floor_space.buildings[row].name == "3 Whitehall Place"


def test_typing_at_once_after_alt_a_goes_into_the_new_row(sample_window, qtbot):
    # Alt+A presses Add row; a button's mnemonic used to click 100 ms later, and the
    # first letters typed meanwhile reached the table before the row was there.
    from PySide6.QtWidgets import QApplication
    w = sample_window
    panel = panel_of(w)
    before = panel.model.rowCount()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert panel.model.rowCount() == before + 1
    for ch in "HQ":
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(20)
    assert w.doc.ret.floor_space.buildings[panel.view.currentIndex().row()].name == "HQ"


def test_typing_just_after_committing_a_cell_survives_the_live_check(sample_window, qtbot):
    w = sample_window
    panel = panel_of(w)
    m = panel.model
    m.setData(m.index(0, col(m, "nia_m2")), "999999")   # committed: a check is due
    editor = open_editor(panel.view, 0, col(m, "annual_cost_gbp"))
    editor.setText("123,456")
    m.set_states({(0, "annual_cost_gbp"): ("query", ["Looks high."])})   # state of that cell
    qtbot.wait(2 * 150)                                # and the debounced check itself
    assert editor.text() == "123,456"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)                                     # the delegate commits on a queued call
    assert w.doc.ret.floor_space.buildings[0].annual_cost_gbp == Decimal("123456")


def test_refused_text_follows_its_row_when_a_row_is_added_above(sample_window):
    w = sample_window
    m = panel_of(w).model
    nia = col(m, "nia_m2")
    m.setData(m.index(1, nia), "12e3")                 # refused, kept in the cell
    w.doc.insert_rows(TABLE, 0, [Building()])
    assert m.index(2, nia).data() == "12e3"
    assert m.cell_state(2, "nia_m2")[0] == "invalid"
    assert m.cell_state(1, "nia_m2")[0] != "invalid"
    assert "Office NIA, row 3" in w.commit_pending()   # Save and Export still warn
    w.doc.undo.undo()                                  # and it goes back with the row
    assert m.index(1, nia).data() == "12e3"


def test_adding_a_row_at_the_top_keeps_the_selection_and_current_cell(sample_window):
    w = sample_window
    view = panel_of(w).view
    m = view.model()
    sel = view.selectionModel()
    view.go_to(2, 1)
    sel.select(m.index(3, 1), QItemSelectionModel.SelectionFlag.Select)
    resets = []
    m.modelReset.connect(lambda: resets.append(1))
    w.doc.insert_rows(TABLE, 0, [Building()])
    assert not resets
    assert view.currentIndex().row() == 3 and view.currentIndex().column() == 1
    assert sorted(ix.row() for ix in sel.selectedIndexes()) == [3, 4]


def test_an_open_editor_moves_with_its_row(sample_window, qtbot):
    w = sample_window
    panel = panel_of(w)
    editor = open_editor(panel.view, 1, col(panel.model, "name"))
    editor.setText("Renamed while rows move")
    w.doc.insert_rows(TABLE, 0, [Building()])          # e.g. undo of a removal above
    assert panel.view.indexWidget(panel.model.index(2, col(panel.model, "name"))) is editor
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)                                     # the delegate commits on a queued call
    assert w.doc.ret.floor_space.buildings[2].name == "Renamed while rows move"


def test_moving_rows_moves_them_not_resets(sample_window):
    w = sample_window
    view = panel_of(w).view
    m = view.model()
    moves, resets = [], []
    m.rowsMoved.connect(lambda *a: moves.append(a))
    m.modelReset.connect(lambda: resets.append(1))
    view.go_to(1, 0)
    panel_of(w).move(1)
    assert [b.name for b in w.doc.ret.floor_space.buildings][1:3] == [
        "Moorfoot", "Castle View House"]
    assert moves and not resets and view.currentIndex().row() == 2


def test_a_check_emits_one_ranged_change_per_column(app, window):
    from bench.generate import large_return
    w = window
    w.load_return(large_return(), None)
    m = panel_of(w).model
    calls = []
    m.dataChanged.connect(lambda a, b, roles: calls.append((a.column(), a.row(), b.row())))
    states = {(r, "nia_m2"): ("query", ["x"]) for r in range(0, m.rowCount(), 2)}
    states.update({(r, "name"): ("invalid", ["y"]) for r in range(5, 50)})
    m.set_states(states)
    nia, name = col(m, "nia_m2"), col(m, "name")
    assert sorted(calls) == [(name, 5, 49), (nia, 0, m.rowCount() - 2)]
    calls.clear()
    m.set_states(dict(states))                         # nothing changed: nothing emitted
    assert calls == []


def test_the_undo_stack_has_a_limit(sample_window):
    d = sample_window.doc
    assert d.undo.undoLimit() == UNDO_LIMIT
    for i in range(UNDO_LIMIT + 20):
        d.set_value("headcount.function_fte.hr", Decimal(40 + i % 2) + Decimal(i) / 1000)
    assert d.undo.count() == UNDO_LIMIT


def test_order_maps_become_row_signals():
    assert runs([7, 1, 2, 3]) == [(1, 3), (7, 7)]
    assert block_move([0, 1, 2, 3], [0, 2, 1, 3]) in ((2, 2, 1), (1, 1, 3))
    assert block_move([0, 1, 2, 3, 4], [0, 3, 4, 1, 2]) in ((3, 4, 1), (1, 2, 5))
    assert block_move([0, 1, 2, 3], [3, 2, 1, 0]) is None
    assert block_move([0, 1, 2], [0, 1, 2]) is None


def test_row_buttons_with_no_row_chosen_say_what_to_do(window):
    """An empty table (a blank return's): each row button either acts or says why not."""
    panel = panel_of(window)
    told = []
    panel.notify = told.append
    assert panel.model.rowCount() == 0
    for text in ("Remove rows", "Duplicate", "Move up", "Move down"):
        panel.buttons[text].click()
    assert told == ["Select the rows to remove first.", "Select the rows to duplicate first.",
                    "Select the rows to move first.", "Select the rows to move first."]
    assert panel.model.rowCount() == 0 and not window.doc.undo.canUndo()
