"""Closing (or opening another return) while a box holds text it refused asks first: the
officer typed it, and it would otherwise vanish without a word."""
import shutil
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-return.json"


def type_refused(w, tmp_path, qtbot):
    draft = tmp_path / "draft.json"
    shutil.copy(SAMPLE, draft)
    assert w.open_path(draft, ask=False)
    box = w.go_to_page("headcount").fields["headcount.employees_headcount"].widget
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "12e3")
    return box


def test_closing_with_refused_text_asks_and_go_back_keeps_the_window(window, tmp_path, qtbot):
    box = type_refused(window, tmp_path, qtbot)
    asked = []
    window.ask_drop_refused = lambda labels: asked.append(labels) or "back"
    assert not window.close()
    assert window.isVisible() and box.text() == "12e3"
    assert asked == [["Employees (headcount)"]]
    window.ask_drop_refused = lambda labels: "discard"
    assert window.close()


def test_a_return_with_nothing_refused_closes_without_that_question(window, tmp_path):
    draft = tmp_path / "draft.json"
    shutil.copy(SAMPLE, draft)
    assert window.open_path(draft, ask=False)
    window.ask_drop_refused = lambda labels: (_ for _ in ()).throw(AssertionError("asked"))
    assert window.close()


def test_a_table_cell_holding_refused_text_is_asked_about_too(window, tmp_path):
    draft = tmp_path / "draft.json"
    shutil.copy(SAMPLE, draft)
    assert window.open_path(draft, ask=False)
    model = window.go_to_page("floor_space").tables["floor_space.buildings"].model
    col = [d.name for d in model.columns].index("nia_m2")
    model.setData(model.index(1, col), "12e3")
    asked = []
    window.ask_drop_refused = lambda labels: asked.append(labels) or "back"
    assert not window.close()
    assert asked == [["Office NIA, row 2"]]
