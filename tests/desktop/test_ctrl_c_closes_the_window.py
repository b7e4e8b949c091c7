"""Ctrl+C in the terminal that started `backoffice open` closes the window (desktop/interrupt.py).

Before, Qt's event loop gave Python no moment to run its signal handler: Ctrl+C
did nothing until the next event, then raised KeyboardInterrupt inside a Qt
callback, printed a traceback and left the program open. The program is run as
a terminal starts it (stdin a terminal), with the start-up probe saying when its
window is up; Ctrl+C then ends it with status 0 and nothing on stderr but Qt's
own offscreen notices. Started without a terminal, nothing is installed.
"""
import os
import pty
import signal
import subprocess
import sys
import time

import pytest

from project_paths import ROOT, SAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX terminal (pty)")


def _start(tmp_path, stdin):
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               QT_QPA_PLATFORM="offscreen", BACKOFFICE_STARTUP_PROBE="1", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "desktop.launcher", "open", str(SAMPLE)],
                            cwd=ROOT, env=env, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _until_checked(proc) -> None:
    t = time.monotonic()
    for line in proc.stdout:
        if line.startswith("CHECKED"):
            return
        assert time.monotonic() - t < 60
    pytest.fail("the window never showed its checks: " + proc.stderr.read()[-2000:])


def test_ctrl_c_in_the_terminal_closes_the_window_cleanly(tmp_path):
    terminal, other = pty.openpty()
    proc = None
    try:
        proc = _start(tmp_path, other)
        _until_checked(proc)
        time.sleep(0.3)                     # idle in the event loop, as an officer leaves it
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("Ctrl+C left the program running")
        err = proc.stderr.read()
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()                     # never left behind by a failing run
            proc.wait(timeout=10)
        os.close(terminal)
        os.close(other)
    assert code == 0, err[-2000:]
    assert "KeyboardInterrupt" not in err and "Traceback" not in err, err[-2000:]


def test_without_a_terminal_nothing_is_installed(app, qtbot):
    from desktop.interrupt import close_on_interrupt
    from desktop.main_window import MainWindow
    win = MainWindow()
    qtbot.addWidget(win)
    before = signal.getsignal(signal.SIGINT)
    assert sys.stdin is None or not sys.stdin.isatty() or pytest.skip("run from a terminal")
    assert close_on_interrupt(win) is False
    assert signal.getsignal(signal.SIGINT) is before
    win.autosaver.close()


def test_from_a_terminal_the_handler_is_the_windows_until_it_goes(app, qtbot, monkeypatch):
    from desktop import interrupt
    from desktop.main_window import MainWindow
    monkeypatch.setattr(interrupt, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(sys, "stdin", sys.__stdin__ or open(os.devnull))
    before = signal.getsignal(signal.SIGINT)
    win = MainWindow()
    assert interrupt.close_on_interrupt(win) is True
    assert signal.getsignal(signal.SIGINT) is not before
    win.autosaver.close()
    win.deleteLater()
    qtbot.waitUntil(lambda: signal.getsignal(signal.SIGINT) is before, timeout=3000)

