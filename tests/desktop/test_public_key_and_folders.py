"""The GUI says what the CLI says about filing the public key, and saves the .pem;
Save and Export never start in a folder that is not there."""
import os
import stat
from pathlib import Path

import pytest

from desktop.dialogs.key import KeyDialog


def test_after_creating_a_key_the_public_key_can_be_saved_to_file_with_the_treasury(
        qtbot, tmp_path, fast_keys, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    dlg = KeyDialog(None, "DCSF")
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.public_button.isVisible()
    dlg.passphrase.setText("correct horse battery staple")
    dlg.confirm.setText("correct horse battery staple")
    dlg.path.setText(str(tmp_path / "dcsf.key"))
    dlg.create_key()
    assert dlg.info is not None and dlg.public_button.isVisible()
    assert "File the public key (DCSF.pem) with HM Treasury" in dlg.result.text()
    assert "backoffice keys public" in dlg.result.text()          # the CLI's own words
    pem = tmp_path / "DCSF"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(pem), "")))
    dlg.public_button.click()
    saved = tmp_path / "DCSF.pem"
    assert saved.read_text() == dlg.info.public_pem
    assert "File this with HM Treasury" in dlg.result.text()
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "dcsf.key").stat().st_mode) == 0o600


def test_without_documents_the_folder_offered_is_created_or_the_home_folder(monkeypatch,
                                                                             tmp_path):
    from PySide6.QtCore import QStandardPaths

    from desktop.files import program_folder
    missing = tmp_path / "profile" / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda loc: str(missing)))
    assert program_folder.documents_folder() == missing and missing.is_dir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda loc: ""))
    assert program_folder.documents_folder() == Path.home()


@pytest.mark.skipif(os.name != "posix", reason="a read-only parent folder is POSIX here")
def test_a_documents_folder_that_cannot_be_made_falls_back_to_home(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from desktop.files import program_folder
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        monkeypatch.setattr(QStandardPaths, "writableLocation",
                            staticmethod(lambda loc: str(locked / "Documents")))
        if os.geteuid() == 0:
            pytest.skip("root can write anywhere")
        assert program_folder.documents_folder() == Path.home()
    finally:
        locked.chmod(0o700)


def test_file_menu_saves_an_existing_keys_public_key(qtbot, tmp_path, fast_keys, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QWidget

    from desktop.dialogs.public_key import export_public_key
    info = fast_keys.generate_keyfile("DCSF", "correct horse battery staple", tmp_path / "k.key")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "k.key"), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, suggested, *a: (suggested, "")))
    window = QWidget()
    qtbot.addWidget(window)
    said = []
    window.inform = lambda title, text, warning=True: said.append(text)
    path = export_public_key(window)
    assert path == tmp_path / "DCSF.pem" and path.read_text() == info.public_pem
    assert "File this with HM Treasury" in said[0] and info.fingerprint in said[0]
