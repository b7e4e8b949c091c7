"""Desktop tests: offscreen Qt, and a private profile (settings, autosaves, logs) per test."""
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLE_PATH = ROOT / "resources" / "samples" / "sample-return.json"


@pytest.fixture(autouse=True)
def private_profile(tmp_path, monkeypatch, qapp):
    """HOME, XDG folders, QStandardPaths and QSettings all point under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("USERPROFILE", str(home))
    if not qapp.applicationName() or qapp.applicationName().startswith("python"):
        qapp.setApplicationName("Back Office Return")
    if not qapp.organizationName():
        qapp.setOrganizationName("HM Treasury")
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                      ("APPDATA", "AppData/Roaming"), ("LOCALAPPDATA", "AppData/Local")):
        d = home / sub if sub else home
        d.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(d))
    from PySide6.QtCore import QSettings, QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    yield home


@pytest.fixture
def app(qapp):
    from desktop.app import make_app
    return make_app()


@pytest.fixture
def window(app, qtbot, monkeypatch):
    """A main window whose prompts are answered by the test (never a modal dialog)."""
    from desktop.main_window import MainWindow
    w = MainWindow()
    w.messages = []
    w.inform = lambda title, text, warning=True: w.messages.append(text)
    w.ask_save_changes = lambda: "discard"
    w.ask_drop_refused = lambda labels: "discard"
    w.ask_recover = lambda rec: "later"
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.autosaver.close()


@pytest.fixture
def sample_window(window):
    assert window.open_path(SAMPLE, ask=False)
    return window


@pytest.fixture
def starting(app, qtbot):
    """A window as desktop.app.open_window makes it: checks deferred to its first paint.
    Prompts are answered and recorded (``messages``, ``asked_to_save``)."""
    from desktop.main_window import MainWindow
    w = MainWindow(defer_checks=True)
    w.messages = []
    w.asked_to_save = []
    w.inform = lambda title, text, warning=True: w.messages.append(text)
    w.ask_save_changes = lambda: (w.asked_to_save.append(w.doc.title()), "discard")[1]
    w.ask_drop_refused = lambda labels: "discard"
    w.ask_recover = lambda rec: "later"
    qtbot.addWidget(w)
    yield w
    w.autosaver.close()


@pytest.fixture
def fast_keys(monkeypatch):
    """scrypt at its lowest accepted cost: the same code path, a hundred times quicker."""
    import forms.signing.keys as keys
    monkeypatch.setattr(keys, "SCRYPT_N", keys.MIN_SCRYPT_N)
    return keys


@pytest.fixture
def sample_return():
    from forms.drafts.store import load_draft
    return load_draft(SAMPLE_PATH)
