"""BACKOFFICE_STARTUP_PROBE=1: say when the window is painted and when its checks are.

For bench/bench_bundle.py, which times a bundled program from outside (it
cannot run code inside it): READY is printed just after the main window's
first paint, CHECKED once the findings of the start-up check are painted.
With a file path instead of 1, the lines are appended to that file (a
windowed program on Windows has no stdout). Nothing else changes.
"""
from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer


def _say(word: str) -> None:
    target = os.environ.get("BACKOFFICE_STARTUP_PROBE", "")
    line = f"{word} {time.time():.6f}\n"
    try:
        if target == "1":
            if sys.stdout is not None:
                sys.stdout.write(line)
                sys.stdout.flush()
        elif target:
            with open(target, "a", encoding="utf-8") as f:
                f.write(line)
    except OSError:
        pass      # a probe never disturbs the program


class _FirstPaint(QObject):
    def __init__(self, win):
        super().__init__(win)
        self.win = win
        win.header.installEventFilter(self)
        win.doc.checked.connect(self._checked)
        self.ready = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.ready:
            self.ready = True
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: _say("READY"))   # after the paint
        return False

    def _checked(self) -> None:
        self.win.doc.checked.disconnect(self._checked)
        # After the findings panel and sidebar repaint with the results.
        QTimer.singleShot(0, self, lambda: _say("CHECKED"))


def install(win) -> None:
    """Watch ``win`` (the MainWindow being opened) if the probe is asked for."""
    if os.environ.get("BACKOFFICE_STARTUP_PROBE"):
        _FirstPaint(win)
