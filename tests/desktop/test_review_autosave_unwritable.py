"""When the data folder cannot be written, autosave says so (and what to do) instead of
failing silently every 30 seconds: a dialog once, and a warning that stays in the status
bar until autosave works again."""
from decimal import Decimal

from desktop.files.autosave import autosave_dir


def test_autosave_into_an_unwritable_folder_tells_the_officer_once(app, qtbot, monkeypatch):
    folder = autosave_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")          # any write into it fails, even as root
    from desktop.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_save_changes = lambda: "discard"
    told, dialogs = [], []
    monkeypatch.setattr(w, "notify", told.append)
    monkeypatch.setattr(w, "inform", lambda title, text, warning=True: dialogs.append(title))
    w.doc.set_value("spend.consultancy_gbp", Decimal("5"))
    assert not w.autosave_now()
    assert not w.autosave_now()
    warnings = [m for m in told if "utosave" in m]
    assert len(warnings) == 1
    assert str(folder) in warnings[0] and "Ctrl+S" in warnings[0]
    qtbot.waitUntil(lambda: dialogs == ["Autosave is not working"], timeout=1000)
    # The warning stays in the status bar (not a message that fades) until it works again.
    label = w._autosave_warning
    assert not label.isHidden() and "Ctrl+S" in label.text()
    folder.unlink()
    assert w.autosave_now()
    assert label.isHidden() and told[-1] == "Autosave is working again."
    assert dialogs == ["Autosave is not working"]      # the dialog came once
    w.autosaver.close()
