"""Start the desktop program: `backoffice` or `backoffice open FILE`.

Settings go to QSettings under the organisation/application names below and
data (autosaves, log) to the user's profile: nothing needs admin rights and
nothing is written beside the program.
"""
from __future__ import annotations

import os
import sys
import types
from pathlib import Path

# No pydantic plugins in the desktop program: pydantic would otherwise read the
# entry points of every installed package when the first model is built (a few
# ms of start-up), and no third-party code should join validating a return.
# Set before forms.schema.model is imported; an officer's IT can still override it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _skip_plugin_discovery() -> None:
    """With plugins disabled, pydantic's plugin loader still imports importlib.metadata
    (and the email package with it, ~50 ms after the first paint) only to return no
    plugins. Stand in for that loader with one that returns none at once."""
    if (os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true")
            and "pydantic.plugin._loader" not in sys.modules):
        loader = types.ModuleType("pydantic.plugin._loader")
        loader.get_plugins = lambda: ()   # type: ignore[attr-defined]
        sys.modules["pydantic.plugin._loader"] = loader


_skip_plugin_discovery()

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop.plain_imports import restore as _restore_plain_import

_restore_plain_import()     # Qt's modules are in: every later import is Python's own

ORGANISATION = "HM Treasury"
DOMAIN = "hm-treasury.gov.uk"
APPLICATION = "Back Office Return"
ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "backoffice.svg"


def make_app(argv: list[str] | None = None, *, focus_ring: bool = True) -> QApplication:
    """The QApplication, named for QSettings and scaled exactly at 125 %, 150 %, 175 %.
    ``focus_ring`` False: its style comes later, from open_window (the start-up path)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain(DOMAIN)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setApplicationDisplayName(APPLICATION)
    if ICON.exists():
        QGuiApplication.setWindowIcon(QIcon(str(ICON)))
    if focus_ring:
        _program_keys_and_looks(app)
    return app  # type: ignore[return-value]


def _program_keys_and_looks(app: QApplication) -> None:
    """Focus drawn as a ring the officer sees at a glance, and Alt with a letter that is
    no shortcut typing nothing (desktop/widgets/focus_ring.py, alt_letters.py)."""
    from desktop.widgets import alt_letters, focus_ring
    focus_ring.install(app)
    alt_letters.install(app)


def _focus_ring_once_checked(win, latest_ms: int = 3000) -> None:
    """The focus ring's style (desktop/widgets/focus_ring.py) installed once the window
    has painted and shown its first real checks, or after ``latest_ms`` whatever happens.
    Before the first paint it would cost ~11 ms (every primitive drawn calls into Python,
    and QStyle's enums are made for Python). Until then the sidebar, which has the focus,
    shows its current page selected but unringed: for the tenth of a second before the
    checks' marks arrive with the ring."""
    app = QApplication.instance()
    if app is None or app.property("backoffice_style") is not None:
        return      # installed by make_app

    def now() -> None:
        if app.property("backoffice_style") is not None:
            return      # the checks or the fallback came first: once is all
        try:
            win.doc.checked.disconnect(soon)
        except RuntimeError:
            pass      # the window has gone: the next one still wants the ring
        _program_keys_and_looks(app)

    def soon() -> None:
        # Cached findings shown with the first paint do not count: the real check does.
        if win.doc.ready:
            from desktop.document import IDLE_MS
            QTimer.singleShot(IDLE_MS, app, now)    # once the findings are painted
    win.doc.checked.connect(soon)
    QTimer.singleShot(latest_ms, app, now)


def open_window(path: Path | None = None):
    """The main window shown, after any crash recovery, with ``path`` open if given."""
    from desktop.main_window import MainWindow
    win = MainWindow(defer_checks=True)
    if os.environ.get("BACKOFFICE_STARTUP_PROBE"):   # bench/bench_bundle.py times the bundle
        from desktop.startup_probe import install
        install(win)
    from desktop.crash import install_excepthook, setup_logging
    setup_logging()
    install_excepthook(win.emergency_save)
    from desktop.interrupt import close_on_interrupt
    close_on_interrupt(win)
    win.restore_geometry()
    _focus_ring_once_checked(win)     # if make_app left it out
    win.show()
    recovered = win.offer_recovery()
    if path is not None:
        if recovered:
            win.notify(f"Recovered unsaved changes; {Path(path).name} was not opened over them.")
        else:
            win.open_path(Path(path), ask=False, defer=True)
    return win


def run(path: Path | None = None) -> int:
    app = make_app(focus_ring=False)    # the focus ring's style once the checks are shown
    win = open_window(path)  # noqa: F841 - kept alive for the event loop
    from desktop.startup_gc import resume_once_checked
    resume_once_checked(win)   # paused by `backoffice open` (desktop.launcher)
    return app.exec()
