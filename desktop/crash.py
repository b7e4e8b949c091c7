"""Unexpected errors: save the draft first, log the details, show one calm message.

No traceback ever reaches the officer. The log is a rotating file in the
user's profile (never beside the program), so IT can ask for it. The file (and
``logging.handlers``) is opened only when the first record arrives: a session
with nothing to log never pays for it at start-up.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QThread, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger("backoffice")

_LOG_BYTES = 1_000_000   # a few hundred tracebacks; three old files kept
_LOG_BACKUPS = 3


def app_data_dir() -> Path:
    """The per-user data folder (QStandardPaths.AppDataLocation)."""
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    # Qt returns "" when it cannot tell (no HOME); the profile folder still beats the program's.
    return Path(loc) if loc else Path.home() / ".backoffice-return"


def log_path() -> Path:
    return app_data_dir() / "logs" / "backoffice.log"


class LazyLogFile(logging.Handler):
    """Writes to the rotating log file, which it opens on the first record."""

    def __init__(self, path: Path):
        super().__init__(logging.INFO)
        self.path = path
        self._file: logging.Handler | None = None
        self._failed = False

    def _open(self) -> logging.Handler | None:
        if self._file is None and not self._failed:
            from logging.handlers import RotatingFileHandler   # only once something is logged
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = RotatingFileHandler(self.path, maxBytes=_LOG_BYTES,
                                                 backupCount=_LOG_BACKUPS, encoding="utf-8")
            except OSError:
                self._failed = True   # a read-only profile must not stop the program
                return None
            self._file.setFormatter(self.formatter)
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        target = self._open()
        if target is not None:
            target.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


def setup_logging() -> Path:
    """Log to the rotating file in the profile (opened when first needed); safe to call twice."""
    path = log_path()
    for h in log.handlers:
        if isinstance(h, LazyLogFile) and h.path == path:
            return path
    for h in list(log.handlers):   # profile moved (tests): drop the old file
        if isinstance(h, LazyLogFile):
            log.removeHandler(h)
            h.close()
    handler = LazyLogFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path


def crash_message(saved: Path | None, save_failed: bool, logfile: Path) -> str:
    """What the officer reads: what happened to their work and where the details are."""
    if save_failed:
        first = ("Something went wrong, and your draft could not be saved automatically. "
                 "Use File > Save As now to keep your work.")
    elif saved is not None:
        first = f"Something went wrong. Your draft was saved to {saved}."
    else:
        first = "Something went wrong. No unsaved work was lost."
    return (f"{first}\n\nThe details are in {logfile}. If this happens again, "
            "send that file to your IT service desk.")


class _Relay(QObject):
    """Carries a worker thread's crash to the GUI thread, where dialogs may be shown."""
    crashed = Signal()

    def __init__(self, callback: Callable[[], None]):
        super().__init__()
        self.callback = callback
        self.crashed.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def deliver(self) -> None:
        self.callback()


class CrashHandler:
    def __init__(self, save_draft_callback: Callable[[], Path | None]):
        self.save_draft = save_draft_callback
        self._busy = False
        self._relay: _Relay | None = None
        self.previous_hooks = (sys.excepthook, threading.excepthook)

    # -- hooks --------------------------------------------------------------
    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous_hooks[0](exc_type, exc, tb)
            return
        self._log(exc_type, exc, tb, "main thread")
        if _on_gui_thread():
            self._recover()
        else:
            self._relay_to_gui()

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        where = args.thread.name if args.thread is not None else "a worker thread"
        self._log(args.exc_type, args.exc_value, args.exc_traceback, where)
        self._relay_to_gui()

    # -- steps --------------------------------------------------------------
    def _log(self, exc_type, exc, tb, where: str) -> None:
        setup_logging()
        try:
            text = "".join(traceback.format_exception(exc_type, exc, tb))
            log.error("Unexpected error in %s:\n%s", where, text)
        except Exception:   # logging must never raise out of the hook
            pass

    def _relay_to_gui(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            self._recover(show=False)
            return
        if self._relay is None:   # normally made at install time, in the GUI thread
            self.make_relay()
        if self._relay is None or not isValid(self._relay):
            return      # the program is quitting: logged; its window already saved or asked
        self._relay.crashed.emit()

    def make_relay(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._relay is None:
            self._relay = _Relay(self._recover)
            self._relay.moveToThread(app.thread())

    def _recover(self, show: bool = True) -> None:
        if self._busy:   # an error while saving or showing the message: logged, not looped
            return
        self._busy = True
        try:
            saved, failed = None, False
            try:
                saved = self.save_draft()
            except Exception:
                failed = True
                log.exception("Saving the draft after an unexpected error failed")
            if show:
                show_message(crash_message(saved, failed, log_path()))
        finally:
            self._busy = False


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is None or QThread.currentThread() is app.thread()


def show_message(text: str) -> None:
    """A calm warning box; nothing at all without a QApplication (CLI, early start-up)."""
    from PySide6.QtWidgets import QApplication, QMessageBox
    if not isinstance(QCoreApplication.instance(), QApplication):
        print(text, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "Back Office Return", text,
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setAccessibleDescription(text)
    box.exec()


_installed: CrashHandler | None = None


def install_excepthook(save_draft_callback: Callable[[], Path | None]) -> CrashHandler:
    """Route uncaught errors (GUI thread, Qt slots and worker threads) through the handler."""
    global _installed
    setup_logging()
    handler = CrashHandler(save_draft_callback)
    handler.make_relay()
    if _installed is not None:   # re-installed (a new window): keep the original hooks
        handler.previous_hooks = _installed.previous_hooks
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.thread_hook
    _installed = handler
    return handler


def uninstall_excepthook() -> None:
    global _installed
    if _installed is not None:
        sys.excepthook, threading.excepthook = _installed.previous_hooks
        _installed = None
