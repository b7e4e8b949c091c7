"""When the data folder cannot be written, autosave says so once (and what to do) instead
of failing silently every 30 seconds; it says nothing more until it fails again after working."""
from decimal import Decimal

from desktop.autosave import autosave_dir


def test_autosave_into_an_unwritable_folder_tells_the_officer_once(app, qtbot, monkeypatch):
    folder = autosave_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")          # any write into it fails, even as root
    from desktop.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_save_changes = lambda: "discard"
    told = []
    monkeypatch.setattr(w, "notify", told.append)
    w.doc.set_value("spend.consultancy_gbp", Decimal("5"))
    assert not w.autosave_now()
    assert not w.autosave_now()
    warnings = [m for m in told if "utosave" in m]
    assert len(warnings) == 1
    assert str(folder) in warnings[0] and "Ctrl+S" in warnings[0]
    w.autosaver.close()
