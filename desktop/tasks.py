"""One background task runner for the whole program (in the manner of Anki's task manager).

Long work — export and its verify, opening or importing a workbook, key
generation, autosave writes — runs on a worker thread so the window never
freezes. A task is a plain function of core code: it must not touch a
widget. When it ends, its ``on_done`` (the result) or ``on_failed`` (the
exception) runs on the GUI thread, and only while its ``owner`` widget still
exists, so a dialog closed meanwhile is never called back.

At quit, ``close`` waits for running tasks (an autosave half written must
finish) and drops the callbacks: nothing reaches a window being destroyed.
"""
from __future__ import annotations

import logging
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal

log = logging.getLogger("backoffice")


@dataclass
class _Callbacks:
    label: str
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[BaseException], None] | None
    owner: QObject | None


class _Waker(QObject):
    woke = Signal()


class TaskRunner(QObject):
    finished = Signal(str)         # a task's label, after its callback ran: for tests and status
    _ended = Signal(object)        # a Future, from the worker thread (queued to the GUI thread)

    def __init__(self, parent: QObject | None = None, workers: int = 2):
        super().__init__(parent)
        # Two workers: an autosave must not wait behind an export's verify.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="backoffice-task")
        self._tasks: dict[Future, _Callbacks] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None,
            owner: QObject | None = None, label: str = "") -> Future:
        """Start ``fn`` on a worker thread; its callbacks run on the GUI thread."""
        if self._closed:
            raise RuntimeError("the program is closing")
        fut = self._pool.submit(fn)
        with self._lock:
            self._tasks[fut] = _Callbacks(label or getattr(fn, "__name__", "task"),
                                          on_done, on_failed, owner)
        fut.add_done_callback(self._from_worker)
        return fut

    def _from_worker(self, fut: Future) -> None:
        with self._lock:
            if self._closed or not shiboken6.isValid(self):
                return
        self._ended.emit(fut)

    def _deliver(self, fut: Future) -> None:
        with self._lock:
            cb = self._tasks.pop(fut, None)
        if cb is None or self._closed:
            return
        if cb.owner is not None and not shiboken6.isValid(cb.owner):
            return
        exc = fut.exception()
        if exc is None:
            if cb.on_done is not None:
                cb.on_done(fut.result())
        elif cb.on_failed is not None:
            cb.on_failed(exc)
        else:        # unexpected: the crash handler logs it and tells the officer
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.finished.emit(cb.label)

    def run_and_wait(self, fn: Callable[[], Any], label: str = "") -> Any:
        """Run ``fn`` on a worker thread and return its result (or raise its exception)
        once done. Meanwhile the window keeps painting and its timers run, but the
        officer's clicks and keys wait: for work whose caller needs the answer (a
        workbook opened, a key created) yet must not freeze the screen."""
        if self._closed:
            raise RuntimeError("the program is closing")
        fut = self._pool.submit(fn)
        if not fut.done():
            loop = QEventLoop()
            waker = _Waker()
            waker.woke.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
            fut.add_done_callback(lambda _f: waker.woke.emit())
            if not fut.done():
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.finished.emit(label or getattr(fn, "__name__", "task"))
        return fut.result()

    def busy(self) -> bool:
        with self._lock:
            return bool(self._tasks)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every running task has ended (not their callbacks); True if they did."""
        with self._lock:
            pending = list(self._tasks)
        done, not_done = wait(pending, timeout=timeout)
        return not not_done

    def close(self) -> None:
        """Finish what is running, start nothing more, call nothing back."""
        with self._lock:
            self._closed = True
            self._tasks.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


_runner: TaskRunner | None = None


def runner() -> TaskRunner:
    """The program's runner, made on first use and closed when the application quits."""
    global _runner
    if _runner is None or not shiboken6.isValid(_runner) or _runner._closed:
        app = QCoreApplication.instance()
        _runner = TaskRunner(app)
        if app is not None:
            app.aboutToQuit.connect(_runner.close)
    return _runner
