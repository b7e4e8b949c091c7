"""Fixtures for the benchmarks page, export/sign dialogs and crash handling tests.

Every test gets its own profile: HOME and the XDG folders point under tmp_path
and Qt's test mode keeps QStandardPaths and QSettings away from the real ones.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PATH = ROOT / "resources" / "samples" / "sample-return.json"


@pytest.fixture(autouse=True)
def profile(tmp_path, monkeypatch, qapp):
    from PySide6.QtCore import QSettings, QStandardPaths
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    QStandardPaths.setTestModeEnabled(True)
    if not qapp.applicationName() or qapp.applicationName().startswith("python"):
        qapp.setApplicationName("Back Office Return")
    if not qapp.organizationName():
        qapp.setOrganizationName("HM Treasury")
    QSettings().remove("export")   # only the keys these dialogs own
    yield home
    QSettings().remove("export")


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
