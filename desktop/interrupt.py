"""Ctrl+C in the terminal that started the program closes its window.

Python runs a signal's handler only between bytecodes, and Qt's event loop runs
none while it waits: without this, Ctrl+C in a terminal did nothing until the
next event, then raised KeyboardInterrupt inside whatever Qt callback ran
(a traceback, and the program stayed open). Now it closes the main window as
its close button does (asking to save unsaved changes; the autosave keeps
them meanwhile). Only when started from a terminal: a program started from the
Start menu has no Ctrl+C to hear, and needs no timer waking it.
"""
from __future__ import annotations

import signal
import sys
import threading

from PySide6.QtCore import QTimer
from shiboken6 import isValid

WAKE_MS = 200       # how soon Ctrl+C is seen; an idle wake-up costs nothing measurable


def close_on_interrupt(win) -> bool:
    """Ctrl+C closes ``win`` (from the next turn of the event loop); True if installed."""
    stdin = sys.stdin
    if (threading.current_thread() is not threading.main_thread() or stdin is None
            or not _is_terminal(stdin)):
        return False
    def interrupted(_sig, _frame) -> None:
        if not isValid(win):                # the window has gone: as Python would
            raise KeyboardInterrupt
        QTimer.singleShot(0, win, win.close)
    before = signal.signal(signal.SIGINT, interrupted)
    win.destroyed.connect(lambda *_: signal.signal(signal.SIGINT, before))   # as it was
    tick = QTimer(win)              # gives Python a bytecode to run its handler in
    tick.timeout.connect(lambda: None)
    tick.start(WAKE_MS)
    return True


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False
