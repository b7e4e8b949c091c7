"""The export and key dialogs and the benchmarks page can be used by keyboard and screen reader."""
from __future__ import annotations

import re

from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit,
                               QListWidget, QPlainTextEdit, QTextEdit, QWidget)

from desktop.pages.benchmarks import BenchmarksPage
from desktop.dialogs.export import ExportDialog
from desktop.dialogs.key import KeyDialog
from forms.schema.metrics import compute
from validators.engine import check

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QListWidget)


def _inputs_without_a_name(widget):
    missing = []
    for w in widget.findChildren(QWidget):
        if not isinstance(w, INPUTS):
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue   # the editor inside a combo or spin box is named by its owner
        if not w.accessibleName().strip():
            missing.append(f"{type(w).__name__} {w.objectName()!r}")
    return missing


def _mnemonics(widget) -> list[str]:
    keys = []
    for w in widget.findChildren(QWidget):
        if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(widget):
            m = re.search(r"&(\w)", w.text().replace("&&", ""))
            if m:
                keys.append(m.group(1).lower())
    return keys


def test_every_input_of_the_export_dialog_has_a_name_and_mnemonics_do_not_clash(qtbot, sample_return, tmp_path):
    dlg = ExportDialog(None, sample_return, None, tmp_path / "o.xlsx")
    qtbot.addWidget(dlg)
    dlg.show()
    assert _inputs_without_a_name(dlg) == []
    keys = _mnemonics(dlg)
    assert len(keys) == len(set(keys)), keys
    for lab in dlg.findChildren(QLabel):
        if "&" in lab.text():
            assert lab.buddy() is not None, lab.text()


def test_every_input_of_the_key_dialog_has_a_name_and_mnemonics_do_not_clash(qtbot):
    dlg = KeyDialog(None, "DCSF")
    qtbot.addWidget(dlg)
    dlg.show()
    assert _inputs_without_a_name(dlg) == []
    keys = _mnemonics(dlg)
    assert len(keys) == len(set(keys)), keys


def test_the_benchmarks_page_action_boxes_are_named_and_tab_in_page_order(qtbot, sample_return):
    page = BenchmarksPage()
    qtbot.addWidget(page)
    page.set_data(check(sample_return), compute(sample_return), None, sample_return)
    page.show()
    assert _inputs_without_a_name(page) == []
    boxes = [r.action for r in page.rows]
    boxes[0].setFocus()
    for nxt in boxes[1:]:
        assert boxes[0].nextInFocusChain() is not None
        w = page.focusWidget().nextInFocusChain()
        while not (w.focusPolicy() & w.focusPolicy().TabFocus) or not w.isVisible():
            w = w.nextInFocusChain()
        assert w is nxt
        nxt.setFocus()


def test_the_passphrase_is_never_shown(qtbot, sample_return, tmp_path):
    dlg = ExportDialog(None, sample_return, None, tmp_path / "o.xlsx")
    qtbot.addWidget(dlg)
    key = KeyDialog(None, "DCSF")
    qtbot.addWidget(key)
    for field in (dlg.passphrase, key.passphrase, key.confirm):
        assert field.echoMode() == QLineEdit.EchoMode.Password
