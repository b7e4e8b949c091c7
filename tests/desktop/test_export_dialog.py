"""Export and sign: blocked returns, key creation, a verified export off the GUI thread."""
from __future__ import annotations

import importlib.util
import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThread, QTimer
from PySide6.QtWidgets import QDialog

from desktop.dialogs.export import LAST_KEY, ExportDialog, default_export_path
from desktop.dialogs.key import KeyDialog, strength

PASS = "correct horse battery staple"
HAVE_EXPORT = all(importlib.util.find_spec(m) for m in ("forms.workbook.export", "forms.workbook.verify"))
needs_export = pytest.mark.skipif(not HAVE_EXPORT, reason="forms.workbook.export / forms.workbook.verify "
                                  "(the workbook helper's modules) are not in this checkout")


def _dialog(qtbot, ret, out: Path, previous=None) -> ExportDialog:
    dlg = ExportDialog(None, ret, previous, out)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _make_key(fast_keys, folder: Path, org="DCSF") -> Path:
    path = folder / f"{org}.key"
    fast_keys.generate_keyfile(org, PASS, path)
    return path


def test_a_blocked_return_lists_its_problems_and_each_jumps_to_its_field(qtbot, sample_return, tmp_path):
    sample_return.explanations.clear()                    # the sample's query is now unexplained
    sample_return.headcount.employees_fte = None           # and a required figure is blank
    dlg = _dialog(qtbot, sample_return, tmp_path / "out.xlsx")
    assert not dlg.export_button.isEnabled()
    assert dlg.blocked_list.isVisible()
    texts = [dlg.blocked_list.item(i).text() for i in range(dlg.blocked_list.count())]
    assert any(t.startswith("Error: ") and "Employees (FTE)" in t for t in texts)
    assert any(t.startswith("Query, not explained: ") for t in texts)
    assert "1 error to fix" in dlg.blocked_intro.text()
    row = next(i for i, t in enumerate(texts) if "Employees (FTE)" in t)
    with qtbot.waitSignal(dlg.jump_to) as sig:
        dlg.blocked_list.itemActivated.emit(dlg.blocked_list.item(row))
    assert sig.args == ["headcount.employees_fte"]
    assert not dlg.isVisible() and dlg.result() == QDialog.DialogCode.Rejected
    assert not (tmp_path / "out.xlsx").exists()


def test_a_finding_on_a_derived_figure_jumps_to_the_field_it_is_made_of(qtbot, sample_return, tmp_path):
    sample_return.headcount.function_fte.ict = Decimal("5000")   # functions exceed all staff
    dlg = _dialog(qtbot, sample_return, tmp_path / "out.xlsx")
    texts = [dlg.blocked_list.item(i).text() for i in range(dlg.blocked_list.count())]
    row = next(i for i, t in enumerate(texts) if "functions' staff" in t)
    with qtbot.waitSignal(dlg.jump_to) as sig:
        dlg.blocked_list.itemActivated.emit(dlg.blocked_list.item(row))
    assert not sig.args[0].startswith("metrics.")
    assert sig.args[0].startswith("headcount.")


def test_a_ready_return_is_not_blocked(qtbot, sample_return, tmp_path):
    dlg = _dialog(qtbot, sample_return, tmp_path / "out.xlsx")
    assert dlg.export_button.isEnabled()
    assert not dlg.blocked_list.isVisible()


def test_wrong_passphrase_says_so_under_the_field_and_writes_nothing(qtbot, sample_return,
                                                                     tmp_path, fast_keys):
    key = _make_key(fast_keys, tmp_path)
    out = tmp_path / "DCSF-2009-10-return.xlsx"
    dlg = _dialog(qtbot, sample_return, out)
    dlg.key.setText(str(key))
    assert "DCSF" in dlg.key_info.text() and "fingerprint" in dlg.key_info.text()
    dlg.passphrase.setText("not the passphrase")
    dlg.export_button.click()
    qtbot.waitUntil(lambda: dlg.passphrase_error.isVisible() and not dlg.running(), timeout=10000)
    assert "Wrong passphrase" in dlg.passphrase_error.text()
    # heard at once with its name, as Qt has no invalid-entry state for the bus
    assert dlg.passphrase.accessibleName() == "Passphrase, invalid entry"
    assert "\n" not in dlg.passphrase_error.text() and "Traceback" not in dlg.passphrase_error.text()
    qtbot.waitUntil(lambda: dlg.focusWidget() is dlg.passphrase, timeout=2000)
    assert dlg.passphrase.isEnabled() and dlg.export_button.isEnabled()
    assert not out.exists()
    assert not dlg.result_box.isVisible()


def test_missing_key_and_missing_passphrase_are_one_calm_line(qtbot, sample_return, tmp_path):
    dlg = _dialog(qtbot, sample_return, tmp_path / "o.xlsx")
    dlg.export_button.click()
    assert "Choose your signing key" in dlg.message.text()
    assert dlg.key.accessibleName() == "Signing key file, invalid entry"
    dlg.key.setText(str(tmp_path / "nowhere.key"))
    dlg.passphrase.setText("x")
    dlg.export_button.click()
    assert "There is no key file" in dlg.message.text()
    assert not dlg.running()
    dlg.key.setText("")
    dlg.export_button.click()                    # the key again; the passphrase is typed
    assert dlg.key.accessibleName().endswith("invalid entry")
    assert dlg.passphrase.accessibleName() == "Passphrase"


def test_a_file_that_is_not_a_key_is_named_as_such(qtbot, sample_return, tmp_path):
    junk = tmp_path / "notes.key"
    junk.write_text("hello")
    dlg = _dialog(qtbot, sample_return, tmp_path / "o.xlsx")
    dlg.key.setText(str(junk))
    assert "not a Back Office Return key file" in dlg.key_info.text()


def test_a_key_of_another_organisation_is_flagged(qtbot, sample_return, tmp_path, fast_keys):
    key = _make_key(fast_keys, tmp_path, "DH")
    dlg = _dialog(qtbot, sample_return, tmp_path / "o.xlsx")
    dlg.key.setText(str(key))
    assert "not DCSF's" in dlg.key_info.text()


@needs_export
def test_a_key_made_in_the_key_dialog_signs_a_verified_workbook_while_the_gui_keeps_working(
        qtbot, sample_return, tmp_path, fast_keys, monkeypatch):
    import forms.workbook.export as wx
    out = tmp_path / "DCSF-2009-10-return.xlsx"
    dlg = _dialog(qtbot, sample_return, out)

    def fill_and_create(key_dialog: KeyDialog):
        assert key_dialog.organisation.text() == "DCSF"
        key_dialog.passphrase.setText(PASS)
        key_dialog.confirm.setText(PASS)
        key_dialog.create_button.click()
        assert key_dialog.info is not None, key_dialog.error.text()
        assert key_dialog.info.fingerprint in key_dialog.result.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(KeyDialog, "exec", fill_and_create)
    dlg._create_key()
    key_path = Path(dlg.key.text())
    assert key_path.is_file() and key_path.suffix == ".key"
    assert Path.home() in key_path.parents          # in the profile by default
    assert QSettings().value(LAST_KEY) == str(key_path)

    real_export, threads = wx.export_signed, []

    def slow_export(*a, **kw):
        threads.append(QThread.currentThread())
        time.sleep(0.3)                              # long enough for the GUI to tick
        return real_export(*a, **kw)

    monkeypatch.setattr(wx, "export_signed", slow_export)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    dlg.passphrase.setText(PASS)
    with qtbot.waitSignal(dlg.exported, timeout=60000) as sig:
        dlg.export_button.click()
        assert dlg.progress.isVisible() and not dlg.export_button.isEnabled()
    timer.stop()
    assert threads and threads[0] is not QThread.currentThread()
    assert len(ticks) >= 5
    result = sig.args[0]
    assert Path(result.path) == out and out.is_file()
    text = dlg.result_label.text()
    assert text.startswith("Verified: signature valid"), text
    assert result.fingerprint in text and str(out) in text
    assert dlg.passphrase.text() == ""              # not kept in the window after use
    qtbot.waitUntil(lambda: not dlg.running())
    assert not dlg.progress.isVisible()
    from forms.workbook.verify import verify_workbook
    assert verify_workbook(out).ok
    opened = []
    import desktop.dialogs.export as ed
    monkeypatch.setattr(ed.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dlg.open_folder.click()
    assert opened and opened[0].isLocalFile() and Path(opened[0].toLocalFile()) == out.parent

    # Next time the dialog remembers the key.
    again = _dialog(qtbot, sample_return, tmp_path / "again.xlsx")
    assert again.key.text() == str(key_path)


def test_key_dialog_refuses_mismatched_short_or_existing(qtbot, tmp_path, fast_keys):
    dlg = KeyDialog(None, "DCSF")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.path.setText(str(tmp_path / "k.key"))
    dlg.passphrase.setText("short")
    dlg.confirm.setText("short")
    dlg.create_button.click()
    assert "at least" in dlg.error.text() and not (tmp_path / "k.key").exists()
    dlg.passphrase.setText(PASS)
    dlg.confirm.setText(PASS + "x")
    assert "do not match" in dlg.hint.text()
    dlg.create_button.click()
    assert "differ" in dlg.error.text() and not (tmp_path / "k.key").exists()
    assert dlg.confirm.accessibleName().endswith(", invalid entry")
    assert not dlg.passphrase.accessibleName().endswith(", invalid entry")
    (tmp_path / "k.key").write_text("precious")
    dlg.confirm.setText(PASS)
    dlg.create_button.click()
    assert "already exists" in dlg.error.text()
    assert (tmp_path / "k.key").read_text() == "precious"
    dlg.organisation.setText("NOSUCHORG")
    dlg.path.setText(str(tmp_path / "k2.key"))
    dlg.create_button.click()
    assert "NOSUCHORG" in dlg.error.text() or "organisation" in dlg.error.text().lower()
    assert not (tmp_path / "k2.key").exists()


def test_passphrase_strength_hint_grows_with_length():
    assert strength("")[0] is False
    assert strength("abc")[0] is False and "Too short" in strength("abc")[1]
    assert strength("four words make a phrase")[1] == "Strong passphrase."


def test_default_export_name_sits_beside_the_draft(sample_return, tmp_path):
    p = default_export_path(sample_return, tmp_path / "drafts" / "mine.json")
    assert p == tmp_path / "drafts" / "DCSF-2009-10-return.xlsx"
    q = default_export_path(sample_return)
    assert q.name == "DCSF-2009-10-return.xlsx"


@needs_export
def test_an_unexpected_failure_while_exporting_is_one_calm_line_and_logged(
        qtbot, sample_return, tmp_path, fast_keys, monkeypatch):
    import forms.workbook.export as wx
    from desktop.crash import log_path

    def broken(*a, **kw):
        raise RuntimeError("internal detail 0xdeadbeef")

    monkeypatch.setattr(wx, "export_signed", broken)
    key = _make_key(fast_keys, tmp_path)
    out = tmp_path / "o.xlsx"
    dlg = _dialog(qtbot, sample_return, out)
    dlg.key.setText(str(key))
    dlg.passphrase.setText(PASS)
    dlg.export_button.click()
    qtbot.waitUntil(lambda: dlg.message.isVisible() and not dlg.running(), timeout=10000)
    assert "unexpected problem" in dlg.message.text()
    assert "0xdeadbeef" not in dlg.message.text() and "Traceback" not in dlg.message.text()
    assert str(log_path()) in dlg.message.text()
    assert "0xdeadbeef" in log_path().read_text(encoding="utf-8")
    assert not out.exists() and dlg.export_button.isEnabled()


@needs_export
def test_a_folder_that_cannot_be_written_is_named_under_save_as(qtbot, sample_return, tmp_path, fast_keys):
    key = _make_key(fast_keys, tmp_path)
    dlg = _dialog(qtbot, sample_return, tmp_path / "no such folder" / "o.xlsx")
    dlg.key.setText(str(key))
    dlg.passphrase.setText(PASS)
    dlg.export_button.click()
    assert "does not exist" in dlg.message.text()
    assert dlg.focusWidget() is dlg.out or not dlg.isActiveWindow()


def test_enter_in_the_passphrase_box_exports_not_browses(qtbot, sample_return, tmp_path, fast_keys,
                                                         monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog
    browsed = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: browsed.append(1) or ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: browsed.append(1) or ("", ""))
    key = _make_key(fast_keys, tmp_path)
    dlg = _dialog(qtbot, sample_return, tmp_path / "o.xlsx")
    dlg.key.setText(str(key))
    dlg.passphrase.setFocus()
    qtbot.keyClicks(dlg.passphrase, "not the passphrase")
    qtbot.keyClick(dlg.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.passphrase_error.isVisible() and not dlg.running(), timeout=10000)
    assert browsed == [] and "Wrong passphrase" in dlg.passphrase_error.text()
