"""Tables, undo/redo, autosave and recovery: nothing the officer types is lost."""
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.files.autosave import pending_recoveries
from desktop.main_window import MainWindow
from forms.drafts.store import load_draft


SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-return.json"


def table(win, page, path):
    return win.pages[page].tables[path]


def test_paste_a_block_from_excel_fills_cells_and_adds_rows(sample_window, qtbot):
    w = sample_window
    panel = table(w, "floor_space", "floor_space.buildings")
    view, model = panel.view, panel.model
    QGuiApplication.clipboard().setText(
        "Caxton House\tSW1H 9NA\tleasehold\t1,200\t95\t90\t£310,000\r\n"
        "Bishopsgate\tEC2\tPFI\t2 000\t150\t140\t450000\r\n")
    view.setFocus()
    view.setCurrentIndex(model.index(3, 0))                 # over the last row, then one more
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = w.doc.ret.floor_space.buildings
    assert len(rows) == 5
    assert rows[3].name == "Caxton House" and rows[3].nia_m2 == Decimal("1200")
    assert rows[3].annual_cost_gbp == Decimal("310000")
    assert rows[4].tenure == "PFI" and rows[4].nia_m2 == Decimal("2000")
    w.doc.undo.undo()                                        # one paste, one undo
    assert len(w.doc.ret.floor_space.buildings) == 4
    assert w.doc.ret.floor_space.buildings[3].name == "Mowden Hall"


def test_a_paste_with_an_ambiguous_figure_changes_nothing_and_says_where(sample_window, qtbot):
    w = sample_window
    panel = table(w, "floor_space", "floor_space.buildings")
    before = w.doc.ret.model_dump()
    QGuiApplication.clipboard().setText("Annex\tN1\tfreehold\t1,23\n")
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.view.paste()
    assert w.doc.ret.model_dump() == before
    msg = w.statusBar().currentMessage()
    assert "Nothing pasted: row 1, Office NIA" in msg and "ambiguous" in msg


def test_a_cell_keeps_refused_text_marked_until_corrected(sample_window):
    w = sample_window
    model = table(w, "floor_space", "floor_space.buildings").model
    col = [d.name for d in model.columns].index("nia_m2")
    ix = model.index(1, col)
    model.setData(ix, "12e3")
    assert ix.data() == "12e3"
    assert w.doc.ret.floor_space.buildings[1].nia_m2 == Decimal("5230")
    assert "in full" in ix.data(Qt.ItemDataRole.ToolTipRole)
    assert ix.data(Qt.ItemDataRole.DecorationRole) is not None
    model.setData(ix, "5,300")
    assert w.doc.ret.floor_space.buildings[1].nia_m2 == Decimal("5300")
    assert ix.data() == "5,300"


def test_add_remove_duplicate_and_move_rows_by_keyboard(sample_window, qtbot):
    w = sample_window
    panel = table(w, "floor_space", "floor_space.buildings")
    view, model = panel.view, panel.model
    names = lambda: [b.name for b in w.doc.ret.floor_space.buildings]  # noqa: E731
    w.go_to_page("floor_space")
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert names()[:2] == ["Sanctuary Buildings", "Sanctuary Buildings"]
    view.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names()[1:3] == ["Castle View House", "Sanctuary Buildings"]
    view.clearSelection()
    view.setCurrentIndex(model.index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert names() == ["Sanctuary Buildings", "Castle View House", "Moorfoot", "Mowden Hall"]
    panel.add_row()                                          # below the selected row
    assert names()[3] == "" and view.currentIndex().row() == 3
    for _ in range(4):
        w.doc.undo.undo()
    assert names() == ["Sanctuary Buildings", "Castle View House", "Moorfoot", "Mowden Hall"]


def test_undo_and_redo_cross_pages_and_tables_and_show_where(sample_window, qtbot):
    w = sample_window
    d = w.doc
    d.set_value("headcount.function_fte.hr", Decimal("50"))
    d.set_value("spend.running_costs_gbp", Decimal("1000000"))
    d.remove_rows("savings", [0])
    d.set_value("floor_space.buildings[2].nia_m2", Decimal("9000"))
    assert d.ret.savings[0].ref == "S2"
    for _ in range(4):
        qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert d.ret.headcount.function_fte.hr == Decimal("49.0")
    assert d.ret.spend.running_costs_gbp == Decimal("251400000")
    assert d.ret.savings[0].ref == "S1"
    assert d.ret.floor_space.buildings[2].nia_m2 == Decimal("9870")
    assert w.current_page() == "headcount"                  # the undo showed its field
    assert not d.dirty
    for _ in range(4):
        d.undo.redo()
    assert d.ret.floor_space.buildings[2].nia_m2 == Decimal("9000")
    assert w.current_page() == "floor_space"
    hr = w.pages["headcount"].fields["headcount.function_fte.hr"].widget
    assert hr.text() == "50"


def test_ctrl_z_in_a_box_reaches_the_return_once_the_box_is_committed(sample_window, qtbot):
    w = sample_window
    box = w.pages["spend"].fields["spend.consultancy_gbp"].widget
    w.go_to_page("spend", focus=False)
    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, "7000000")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert w.doc.ret.spend.consultancy_gbp == Decimal("7000000")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.ret.spend.consultancy_gbp == Decimal("6240000")


def test_autosave_then_crash_then_recovery_restores_every_value(window, qtbot, app, tmp_path):
    w = window
    mine = tmp_path / "sample-return.json"      # the officer's own draft, not the template
    mine.write_bytes(SAMPLE.read_bytes())
    assert w.open_path(mine, ask=False)
    d = w.doc
    d.set_value("headcount.employees_fte", Decimal("2700.25"))
    d.set_explanation("ANY-KEY", "kept")
    d.insert_rows("floor_space.buildings", 4, [type(d.ret.floor_space.buildings[0])(
        name="Annex", nia_m2=Decimal("321"), fte=Decimal("20"))])
    box = w.pages["spend"].fields["spend.consultancy_gbp"].widget
    box.setText("6,500,000")                                 # typed, not yet committed
    assert w.autosave_now()
    expected = d.ret.model_dump()
    assert expected["spend"]["consultancy_gbp"] == Decimal("6500000")
    w.autosaver._lock.unlock()                               # the process "dies" here
    w.autosaver.timer.stop()
    w.close = lambda: None
    recs = pending_recoveries()
    assert len(recs) == 1 and recs[0].original and recs[0].original.name == "sample-return.json"
    w2 = MainWindow()
    qtbot.addWidget(w2)
    w2.ask_recover = lambda rec: "recover"
    w2.ask_save_changes = lambda: "discard"
    assert w2.offer_recovery()
    assert w2.doc.ret.model_dump() == expected
    assert w2.doc.dirty and w2.doc.path.name == "sample-return.json"
    assert pending_recoveries() == []                       # now w2 owns the kept copy
    w2.autosaver.close()


def test_autosave_runs_when_the_window_loses_focus(sample_window, app):
    w = sample_window
    w.doc.set_value("spend.consultancy_gbp", Decimal("1"))
    w._on_app_state(Qt.ApplicationState.ApplicationInactive)
    assert load_draft(w.autosaver.draft).spend.consultancy_gbp == Decimal("1")
    assert "AppData" in str(w.autosaver.draft) or ".local" in str(w.autosaver.draft) \
        or "qttest" in str(w.autosaver.draft)


def test_a_clean_save_removes_the_autosave(sample_window, tmp_path):
    w = sample_window
    w.doc.set_value("spend.consultancy_gbp", Decimal("1"))
    w.autosave_now()
    assert w.autosaver.draft.exists()
    assert w.save_to(tmp_path / "mine.json")
    assert not w.autosaver.draft.exists() and not w.doc.dirty
    assert load_draft(tmp_path / "mine.json").spend.consultancy_gbp == Decimal("1")


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(sample_window, tmp_path):
    w = sample_window
    w.doc.set_value("spend.consultancy_gbp", Decimal("2"))
    asked = []
    w.ask_save_changes = lambda: asked.append(1) or "cancel"
    assert not w.close()
    assert asked and w.isVisible()
    w.choose_save_path = lambda: tmp_path / "kept.json"
    w.doc.path = None
    w.ask_save_changes = lambda: "save"
    assert w.close()
    assert load_draft(tmp_path / "kept.json").spend.consultancy_gbp == Decimal("2")


def test_a_damaged_file_gives_one_line_and_the_work_stays(sample_window, tmp_path):
    w = sample_window
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert not w.open_path(bad, ask=False)
    assert w.messages and "not valid JSON" in w.messages[-1] and "\n" not in w.messages[-1]
    assert w.doc.ret.envelope.organisation == "DCSF"


def test_recent_files_remember_what_was_opened(window, tmp_path):
    from desktop.files.recent import recent_files
    window.open_path(SAMPLE, ask=False)
    assert recent_files()[0] == SAMPLE.resolve()


def test_last_years_return_must_be_the_same_body_and_an_earlier_year(sample_window, tmp_path):
    from forms.drafts.store import save_draft
    w = sample_window
    prev = load_draft(SAMPLE)
    prev.envelope.financial_year = "2008-09"
    save_draft(prev, tmp_path / "last.json")
    assert w.import_previous_path(tmp_path / "last.json")
    assert w.doc.previous is not None and w.doc.previous_metrics
    prev.envelope.organisation = "DWP"
    save_draft(prev, tmp_path / "other.json")
    assert not w.import_previous_path(tmp_path / "other.json")
    assert "DWP" in w.messages[-1]


def test_the_recovery_question_says_when_as_a_person_would():
    import datetime as dt
    from desktop.window.prompts import _when
    today = dt.date(2026, 12, 4)
    at = dt.datetime(2026, 12, 4, 19, 10).timestamp()
    assert _when(at, today) == "today at 19:10"
    assert _when(dt.datetime(2026, 12, 3, 9, 5).timestamp(), today) == "yesterday at 09:05"
    assert _when(dt.datetime(2026, 11, 4, 19, 10).timestamp(), today) == \
        "on 4 November 2026 at 19:10"           # no leading zero, the month in full
