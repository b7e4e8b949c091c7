"""A whole session by keyboard alone, every input named, and no network at any point."""
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
                               QLineEdit, QPlainTextEdit, QWidget)

ROOT = Path(__file__).resolve().parents[2]
C, S, A, N = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
              Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier)
PASSPHRASE = "correct horse battery staple 2009"


class Keyboard:
    """Keys go wherever the focus is, as they do for the officer."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window = qtbot, window

    def focus(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def key(self, key, mod=N, times=1):
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, mod)
            QApplication.processEvents()       # editors commit through queued calls

    def type(self, text):
        for ch in text:
            self.qtbot.keyClicks(self.focus(), ch)
            QApplication.processEvents()

    def fill(self, *values):
        """Type each value into the focused box and Tab to the next one."""
        for v in values:
            w = self.focus()
            if isinstance(w, QLineEdit):
                w.selectAll()
            self.type(v)
            self.key(Qt.Key.Key_Tab)


SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"


def activate(dlg):
    # The offscreen platform does not activate a new dialog as a desktop does.
    dlg.activateWindow()
    QApplication.processEvents()


def name_of(w):
    """Its name without the words a box in error adds to it (", invalid entry")."""
    from desktop.widgets.field_state import INVALID_ENTRY
    return w.accessibleName().removesuffix(INVALID_ENTRY)


def test_complete_a_return_from_blank_by_keyboard_alone_and_export_it(window, qtbot, tmp_path,
                                                                       monkeypatch):
    keys_mod = pytest.importorskip("forms.signing.keys")
    pytest.importorskip("desktop.dialogs.export")
    monkeypatch.setattr(keys_mod, "SCRYPT_N", getattr(keys_mod, "MIN_SCRYPT_N", 2 ** 14))
    key_path = tmp_path / "dcsf.key"
    keys_mod.generate_keyfile("DCSF", PASSPHRASE, key_path)
    w = window
    w.activateWindow()
    kb = Keyboard(qtbot, w)

    # New return: organisation and year in the dialog, Enter creates it.
    seen = []

    def fill_new():
        dlg = QApplication.activeModalWidget()
        try:
            assert dlg is not None and dlg.windowTitle() == "New return"
            activate(dlg)
            kb.type("DCSF")
            kb.key(Qt.Key.Key_Tab)
            seen.append(name_of(kb.focus()))
            kb.key(Qt.Key.Key_Return)
        finally:
            if dlg is not None and dlg.isVisible():
                seen.append(f"still open: {dlg.error.text()}")
                dlg.reject()
    QTimer.singleShot(0, fill_new)
    kb.key(Qt.Key.Key_N, C)
    assert seen == ["Financial year"], seen
    assert w.doc.ret.envelope.organisation == "DCSF" and len(w.doc.ret.savings) >= 1
    activate(w)                                              # as the desktop does on close

    kb.key(Qt.Key.Key_1, C)
    assert name_of(kb.focus()) == "Organisation"
    kb.key(Qt.Key.Key_Tab, times=4)                          # body, year, kind, then preparer
    assert name_of(kb.focus()) == "Name (Preparer)"
    kb.fill("Sam Jones", "Head of Finance", "sam.jones@dcsf.example.gov.uk", "0114 000 0000")

    kb.key(Qt.Key.Key_2, C)
    assert name_of(kb.focus()).startswith("Employees (headcount)")
    kb.fill("2,900", "2700", "2 600", "100", "40", "60", "25", "90", "20", "30", "50")

    kb.key(Qt.Key.Key_3, C)
    assert isinstance(kb.focus(), QAbstractItemView)
    kb.key(Qt.Key.Key_Equal, C | S)                         # add a row
    for value in ("Sanctuary Buildings", "SW1P 3BT", None, "27,000", "2500", "2000",
                  "£16,000,000"):
        if value is not None:
            kb.type(value)
            kb.key(Qt.Key.Key_Return)
        kb.key(Qt.Key.Key_Right)

    kb.key(Qt.Key.Key_4, C)
    kb.fill("250,000,000", "2,500,000", "2,400,000", "1,200,000", "14,000,000", "2,000,000",
            "2,400,000", "5,000,000", "118,000,000", "95,000,000", "6,000,000", "35")

    # Commitments no figure measures (DCSF's two moves): status, as at and evidence.
    kb.key(Qt.Key.Key_9, C)
    assert isinstance(kb.focus(), QAbstractItemView)
    for n, row in enumerate(w.doc.ret.commitments):
        kb.key(Qt.Key.Key_Right, times=2)                   # past the commitment and its due date
        for value in ("On track", "2010-03-31", "Estates board minutes"):
            kb.type(value)
            kb.key(Qt.Key.Key_Return)
            kb.key(Qt.Key.Key_Right)
        kb.key(Qt.Key.Key_Down)
        kb.key(Qt.Key.Key_Home)
    assert [(c.status, c.date) for c in w.doc.ret.commitments] == [("on track", "2010-03-31")] * 2

    r = w.doc.ret
    assert r.headcount.employees_headcount == 2900 and r.headcount.function_fte.communications == 50
    b = r.floor_space.buildings[0]
    assert (b.name, b.nia_m2, b.fte, b.annual_cost_gbp) == ("Sanctuary Buildings", 27000, 2000,
                                                            16000000)
    assert r.spend.shared_services_pct == Decimal("35")
    w.doc.check_now()
    assert not w.doc.report.errors, [f.message for f in w.doc.report.errors]
    queries = w.doc.report.queries
    assert queries                                           # building FTE does not add up

    # F8 goes to the query's field; the Checks page explains it.
    kb.key(Qt.Key.Key_F8)
    assert w.current_page() == "floor_space"
    kb.key(Qt.Key.Key_7, C)
    assert isinstance(kb.focus(), QPlainTextEdit)
    kb.type("About 700 FTE work from home or overseas posts.")
    kb.key(Qt.Key.Key_Tab)
    w.doc.check_now()
    assert w.doc.report.can_submit
    assert "Ready to export" in w.header.text()

    w.choose_save_path = lambda: tmp_path / "dcsf.json"     # the file dialog is the OS's
    kb.key(Qt.Key.Key_S, C)
    assert (tmp_path / "dcsf.json").exists() and not w.doc.dirty

    out = tmp_path / "dcsf-2009-10.xlsx"
    result = {}

    def drive_export():
        dlg = QApplication.activeModalWidget()
        try:
            export_by_keyboard(dlg)
        finally:
            if dlg is not None and dlg.isVisible():
                dlg.reject()

    def export_by_keyboard(dlg):
        assert dlg is not None and dlg.windowTitle() == "Export and sign"
        activate(dlg)
        dlg.out.setText(str(out))                            # path typed, not browsed
        kb.key(Qt.Key.Key_K, A)                              # "Signing &key file"
        assert name_of(kb.focus()) == "Signing key file"
        kb.type(str(key_path))
        kb.key(Qt.Key.Key_P, A)                              # "&Passphrase"
        assert name_of(kb.focus()) == "Passphrase"
        kb.type(PASSPHRASE)
        kb.key(Qt.Key.Key_E, A)                              # "&Export"
        qtbot.waitUntil(lambda: dlg.outcome is not None or "rror" in dlg.message.text(),
                        timeout=30000)
        qtbot.waitUntil(lambda: not dlg.running(), timeout=10000)
        result["outcome"] = dlg.outcome
        result["message"] = dlg.message.text()
        kb.key(Qt.Key.Key_Escape)
    QTimer.singleShot(0, drive_export)
    kb.key(Qt.Key.Key_E, C)
    assert result.get("outcome") is not None, result.get("message")
    assert out.exists()
    from forms.workbook.verify import verify_workbook
    from forms.workbook.to_draft import import_workbook
    assert verify_workbook(out).ok
    back = import_workbook(out)
    assert back.headcount.employees_fte == 2700
    assert back.explanations == w.doc.ret.explanations


INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QAbstractItemView)


def test_every_input_on_every_page_has_an_accessible_name(sample_window):
    w = sample_window
    missing = []
    for key, page in w.pages.items():
        w.go_to_page(key, focus=False)
        QApplication.processEvents()
        for child in page.findChildren(QWidget):
            if (isinstance(child, INPUTS) and child.isVisibleTo(page)
                    and child.focusPolicy() != Qt.FocusPolicy.NoFocus
                    and not child.accessibleName().strip()
                    and not (isinstance(child, QAbstractButton) and child.text().strip())
                    and not (isinstance(child, QLineEdit) and isinstance(child.parent(), QComboBox))):
                missing.append(f"{key}: {type(child).__name__} {child.objectName()}")
    for child in (w.sidebar, w.findings.tree):
        assert child.accessibleName()
    assert not missing, missing


def test_tab_order_follows_each_page_top_to_bottom(sample_window, qtbot):
    w = sample_window
    for key in ("details", "headcount", "spend"):
        page = w.go_to_page(key)
        order = [f.widget for f in page.fields.values()]
        first = QApplication.focusWidget()
        assert first is order[0]
        for nxt in order[1:]:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is nxt, (key, name_of(nxt))


def test_labels_have_mnemonics_that_do_not_clash_on_a_page(sample_window):
    from PySide6.QtWidgets import QLabel
    w = sample_window
    for key in ("details", "headcount", "floor_space", "spend", "savings", "action_plan"):
        texts = [lb.text() for lb in w.pages[key].findChildren(QLabel) if "&" in lb.text()]
        texts += [b.text() for b in w.pages[key].findChildren(QAbstractButton) if "&" in b.text()]
        letters = [t[t.index("&") + 1].lower() for t in texts if "&&" not in t]
        assert letters and len(letters) == len(set(letters)), (key, letters)
        assert not set(letters) & set("fegh")                # the menu bar's letters


def test_a_full_session_never_opens_a_socket(window, qtbot, tmp_path, monkeypatch):
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError("network access attempted")
    for name in ("connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    w = window
    from forms.drafts.new_return import new_return
    w.load_return(new_return("DCSF", "2009-10"), None)
    w.doc.set_value("headcount.employees_fte", Decimal("2700"))
    w.doc.insert_rows("floor_space.buildings", 0, [w.pages["floor_space"].tables[
        "floor_space.buildings"].model.item(name="HQ", nia_m2=Decimal("100"), fte=Decimal("9"))])
    w.doc.check_now()
    for key in w.pages:
        w.go_to_page(key)
        QApplication.processEvents()
    assert w.save_to(tmp_path / "s.json")
    w.autosave_now()
    keys_mod = pytest.importorskip("forms.signing.keys")
    export = pytest.importorskip("forms.workbook.export")
    from forms.drafts.store import load_draft
    monkeypatch.setattr(keys_mod, "SCRYPT_N", getattr(keys_mod, "MIN_SCRYPT_N", 2 ** 14))
    keys_mod.generate_keyfile("DCSF", PASSPHRASE, tmp_path / "k.key")
    export.export_return(load_draft(SAMPLE), tmp_path / "k.key", PASSPHRASE, tmp_path / "o.xlsx")
    assert w.open_path(tmp_path / "o.xlsx", ask=False)
    assert not opened
    assert "PySide6.QtNetwork" not in sys.modules


def test_start_up_path_imports_neither_pandas_nor_openpyxl_nor_qtnetwork():
    # The real start-up path (desktop.app.open_window): before the first paint not
    # even pydantic or the rule engine is loaded; after it, still no pandas or openpyxl.
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from desktop.app import make_app; app = make_app();"
            "from desktop.main_window import MainWindow; w = MainWindow(defer_checks=True);"
            "w.show();"
            f"w.open_path(__import__('pathlib').Path(r'{ROOT / 'resources/samples/sample-return.json'}'), ask=False, defer=True);"
            "heavy = ('pandas', 'openpyxl', 'PySide6.QtNetwork', 'pydantic', 'validators.engine');"
            "print(sorted(m for m in heavy if m in sys.modules));"
            "w.finish_start(); assert w.doc.checked_once;"
            "w.autosaver.close();"
            "print(sorted(m for m in heavy[:3] if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-2:] == ["[]", "[]"]
