"""The desktop program's start without Python's cycle collector, until its checks are shown.

Start-up creates hundreds of thousands of objects that live as long as the
program (Qt's enum classes, modules, the models), and almost no garbage. The
collector would walk all of them again and again on the way to the first paint
and the first check (~6 ms to the paint, ~12 ms to the checks, measured by
bench/bench_startup.py); paused, it runs as normal from then on. Only
`backoffice open` pauses it: the CLI's commands and tests never do.
"""
from __future__ import annotations

import gc

LATEST_MS = 3000     # resumed by then whatever happens (a load that fails, a dialog)
_paused = False


def pause() -> None:
    """Stop automatic collection for the start (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collection back on, as it was before ``pause`` (safe to call again)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def resume_once_checked(win) -> None:
    """Resume when the window's checks are next shown (the real check, on a draft whose
    cached findings were shown at once), or at the latest after LATEST_MS."""
    if not _paused:
        return
    from PySide6.QtCore import QTimer
    win.doc.checked.connect(resume)
    QTimer.singleShot(LATEST_MS, resume)
