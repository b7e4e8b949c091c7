"""`backoffice open` pauses the cycle collector for its start only (desktop/startup_gc.py)."""
from __future__ import annotations

import gc
import types

from desktop import startup_gc
from desktop.launcher import cmd_open
from desktop.main_window import MainWindow


def test_resumed_when_the_checks_are_shown(qapp):
    assert gc.isenabled()
    startup_gc.pause()
    try:
        assert not gc.isenabled()
        win = MainWindow(defer_checks=True)
        startup_gc.resume_once_checked(win)
        win.finish_start()          # the check runs and is shown
        assert gc.isenabled()
        win.doc.checked.emit()      # later checks change nothing
        assert gc.isenabled()
    finally:
        startup_gc.resume()
        gc.enable()


def test_never_paused_when_it_was_off_already():
    gc.disable()
    try:
        startup_gc.pause()
        startup_gc.resume()
        assert not gc.isenabled()     # someone else's choice, kept
    finally:
        gc.enable()


def test_open_leaves_it_on_however_the_window_ends(monkeypatch):
    import desktop.app
    seen = []
    monkeypatch.setattr(desktop.app, "run", lambda path: seen.append(gc.isenabled()) or 0)
    assert cmd_open(types.SimpleNamespace(file=None)) == 0
    assert seen == [False] and gc.isenabled()

    def fails(path):
        raise RuntimeError("no display")
    monkeypatch.setattr(desktop.app, "run", fails)
    try:
        cmd_open(types.SimpleNamespace(file=None))
    except RuntimeError:
        pass
    assert gc.isenabled()
