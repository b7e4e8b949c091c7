"""The one background task runner: long work off the GUI thread, results back on it."""
import threading
import time

import pytest
from PySide6.QtCore import QObject, QTimer

from desktop.tasks import TaskRunner, runner

MAIN = threading.main_thread()


@pytest.fixture
def tasks(app):
    r = TaskRunner()
    yield r
    r.close()


def test_results_and_failures_come_back_on_the_gui_thread(tasks, qtbot):
    seen = []
    tasks.run(lambda: threading.current_thread() is not MAIN,
              on_done=lambda off: seen.append(("done", off, threading.current_thread() is MAIN)))
    tasks.run(lambda: 1 / 0, on_failed=lambda e: seen.append(("failed", type(e).__name__,
                                                             threading.current_thread() is MAIN)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert sorted(seen) == [("done", True, True), ("failed", "ZeroDivisionError", True)]
    assert not tasks.busy()


def test_no_callback_reaches_an_owner_that_is_gone(tasks, qtbot):
    owner = QObject()
    seen = []
    gate = threading.Event()
    tasks.run(gate.wait, on_done=seen.append, owner=owner, label="slow")
    owner.deleteLater()
    qtbot.wait(10)                               # the owner is deleted ...
    gate.set()                                   # ... then the task ends
    with qtbot.waitSignal(tasks.finished, timeout=2000, raising=False):
        pass
    qtbot.wait(50)
    assert seen == []


def test_waiting_for_a_result_keeps_the_window_painting(tasks, qtbot):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    t = time.perf_counter()
    result = tasks.run_and_wait(lambda: (time.sleep(0.3), threading.current_thread().name)[1])
    timer.stop()
    assert result.startswith("backoffice-task")
    assert time.perf_counter() - t >= 0.3
    assert len(ticks) >= 5                        # the event loop ran meanwhile
    with pytest.raises(ZeroDivisionError):
        tasks.run_and_wait(lambda: 1 / 0)


def test_close_finishes_what_runs_and_calls_nothing_back(tasks, qtbot):
    seen, wrote = [], []
    tasks.run(lambda: (time.sleep(0.1), wrote.append(1)), on_done=seen.append)
    tasks.close()
    assert wrote == [1]                           # the write finished
    qtbot.wait(50)
    assert seen == []
    with pytest.raises(RuntimeError):
        tasks.run(lambda: None)


def test_key_generation_runs_off_the_gui_thread(app, fast_keys, tmp_path, monkeypatch):
    from desktop.dialogs.key import KeyDialog
    threads = []
    real = fast_keys.generate_keyfile

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is MAIN)
        return real(*args, **kwargs)

    monkeypatch.setattr(fast_keys, "generate_keyfile", spy)
    dlg = KeyDialog(None, "DCSF")
    dlg.passphrase.setText("correct horse battery staple")
    dlg.confirm.setText("correct horse battery staple")
    dlg.path.setText(str(tmp_path / "dcsf.key"))
    dlg.create_key()
    assert threads == [False] and dlg.info is not None and (tmp_path / "dcsf.key").is_file()


def test_opening_a_workbook_reads_it_off_the_gui_thread(window, tmp_path, monkeypatch):
    import forms.workbook.any_file as any_file
    from forms.drafts.store import load_draft
    from tests.desktop.conftest import SAMPLE
    threads = []
    monkeypatch.setattr(any_file, "load_any", lambda p: (
        threads.append(threading.current_thread() is MAIN), load_draft(SAMPLE))[1])
    book = tmp_path / "DCSF-2009-10-return.xlsx"
    book.write_bytes(b"stand-in: load_any is replaced")
    assert window.open_path(book, ask=False)
    assert threads == [False]
    assert window.doc.ret.envelope.organisation == "DCSF"


def test_the_autosave_timer_writes_off_the_gui_thread(sample_window, qtbot, monkeypatch):
    from decimal import Decimal

    from desktop.files import autosave as A
    w = sample_window
    threads = []
    real = A.write_atomic
    monkeypatch.setattr(A, "write_atomic", lambda *a: (
        threads.append(threading.current_thread() is MAIN), real(*a))[1])
    w.doc.set_value("headcount.function_fte.hr", Decimal("51"))
    saver = w.autosaver
    with qtbot.waitSignal(runner().finished, timeout=5000):
        saver.save_soon()
    assert threads == [False, False] and saver.draft.is_file()


def test_a_save_while_autosave_writes_leaves_no_stale_autosave(sample_window, qtbot, monkeypatch):
    from decimal import Decimal

    from desktop.files import autosave as A
    w = sample_window
    gate = threading.Event()
    real = A.write_atomic
    monkeypatch.setattr(A, "write_atomic", lambda *a: (gate.wait(5), real(*a))[1])
    w.doc.set_value("headcount.function_fte.hr", Decimal("52"))
    saver = w.autosaver
    saver.save_soon()
    saver.discard()                              # e.g. a clean save while it writes
    with qtbot.waitSignal(runner().finished, timeout=5000):
        gate.set()
    assert not saver.draft.exists() and not saver.meta.exists()
