"""Unexpected errors: the draft is saved first, the details logged, a calm message shown."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from desktop import crash


@pytest.fixture
def shown(monkeypatch):
    """Captures what the officer would read instead of opening a modal box."""
    texts: list[str] = []
    monkeypatch.setattr(crash, "show_message", texts.append)
    yield texts
    crash.uninstall_excepthook()


def _raise_and_hook():
    try:
        raise ZeroDivisionError("secret internals 42")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())


def test_an_unexpected_error_saves_the_draft_logs_it_and_shows_no_traceback(tmp_path, shown):
    draft = tmp_path / "recovered.json"
    calls = []

    def save():
        calls.append(1)
        draft.write_text("{}")
        return draft

    crash.install_excepthook(save)
    _raise_and_hook()
    # Seen once in a full run: more than one report. Say what else reached the hook.
    logged = crash.log_path().read_text(encoding="utf-8")
    assert calls == [1] and len(shown) == 1, (calls, shown, logged[-3000:])
    text = shown[0]
    assert "Something went wrong" in text and str(draft) in text
    assert str(crash.log_path()) in text
    assert "Traceback" not in text and "ZeroDivisionError" not in text and "42" not in text
    assert "ZeroDivisionError: secret internals 42" in logged and "Traceback" in logged
    # The log lives in the user's profile, not beside the program.
    assert Path.home() in crash.log_path().parents


def test_when_saving_the_draft_fails_too_the_message_says_to_save_as(tmp_path, shown):
    def save():
        raise OSError("disk full")

    crash.install_excepthook(save)
    _raise_and_hook()
    assert "could not be saved" in shown[0] and "Save As" in shown[0]
    assert "disk full" in crash.log_path().read_text(encoding="utf-8")


def test_a_crash_in_a_worker_thread_is_reported_on_the_gui_thread(qtbot, tmp_path, shown):
    from PySide6.QtCore import QThread
    saved_on = []

    def save():
        saved_on.append(QThread.currentThread())
        return tmp_path / "d.json"

    crash.install_excepthook(save)

    def work():
        raise RuntimeError("boom in worker")

    t = threading.Thread(target=work, name="export-worker")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    assert saved_on == [qtbot_app_thread()]
    assert "boom" not in shown[0]
    assert "export-worker" in crash.log_path().read_text(encoding="utf-8")


def qtbot_app_thread():
    from PySide6.QtCore import QCoreApplication
    return QCoreApplication.instance().thread()


def test_keyboard_interrupt_is_left_to_python(shown, monkeypatch):
    seen = []
    crash.install_excepthook(lambda: None)
    handler = crash._installed
    handler.previous_hooks = (lambda *a: seen.append(a[0]), handler.previous_hooks[1])
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and shown == []


def test_an_error_inside_a_qt_slot_reaches_the_hook(qtbot, tmp_path, shown):
    from PySide6.QtCore import QTimer
    crash.install_excepthook(lambda: tmp_path / "d.json")

    def slot():
        raise ValueError("bad slot")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    assert "bad slot" in crash.log_path().read_text(encoding="utf-8")


def test_the_message_box_itself_is_calm(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    seen = {}

    def fake_exec(box):
        seen["text"], seen["icon"] = box.text(), box.icon()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    crash.show_message(crash.crash_message(Path("/tmp/x.json"), False, Path("/tmp/log")))
    assert seen["icon"] == QMessageBox.Icon.Warning
    assert "/tmp/x.json" in seen["text"]


def test_in_the_program_a_crash_keeps_the_unsaved_figure_in_the_profile(qtbot, shown):
    from decimal import Decimal

    from desktop.main_window import MainWindow
    from forms.drafts.store import load_draft
    SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources/samples/sample-return.json"

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(SAMPLE_PATH, ask=False)
    win.doc.set_value("headcount.function_fte.hr", Decimal("51.5"))
    crash.install_excepthook(win.emergency_save)
    _raise_and_hook()
    text = shown[0]
    saved = Path(text.split("saved to ", 1)[1].split(".json", 1)[0] + ".json")
    assert Path.home() in saved.parents
    assert load_draft(saved).headcount.function_fte.hr == Decimal("51.5")
    win.doc.mark_saved(SAMPLE_PATH)   # nothing unsaved left: closing must not ask


def test_the_log_file_is_opened_only_when_something_is_logged(tmp_path):
    crash.setup_logging()
    crash.setup_logging()   # twice: still one handler
    handlers = [h for h in crash.log.handlers if isinstance(h, crash.LazyLogFile)]
    assert len(handlers) == 1
    assert not crash.log_path().exists()
    crash.log.info("first record")
    assert "first record" in crash.log_path().read_text(encoding="utf-8")


def test_start_up_does_not_import_logging_handlers(tmp_path):
    import os
    import subprocess
    code = ("import sys, desktop.crash as c; c.setup_logging(); "
            "print('logging.handlers' in sys.modules, c.log_path().exists())")
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr
