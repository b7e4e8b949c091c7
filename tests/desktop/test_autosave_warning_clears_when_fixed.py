"""The autosave warning clears once autosave can write again, even with nothing left unsaved."""
from decimal import Decimal

from desktop.files.autosave import autosave_dir


def test_the_warning_does_not_keep_asking_for_ctrl_s_once_the_work_is_saved(app, qtbot,
                                                                              tmp_path):
    folder = autosave_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")          # autosave cannot write
    from desktop.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.inform = lambda *a, **k: None
    w.ask_save_changes = lambda: "discard"
    w.doc.set_value("spend.consultancy_gbp", Decimal("5"))
    assert not w.autosave_now()
    label = w._autosave_warning
    assert not label.isHidden()
    # The officer does what it says (Ctrl+S), and IT fixes the folder.
    assert w.save_to(tmp_path / "mine.json")
    folder.unlink()
    assert not w.doc.dirty
    w.autosaver.save_now()                     # the timer's tick, with nothing unsaved
    try:
        assert label.isHidden(), label.text()
    finally:
        w.autosaver.close()
