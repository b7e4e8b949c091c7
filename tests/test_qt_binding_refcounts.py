"""PySide6 6.12.0 on Python 3.11 lost a reference to None on every Qt call returning
None, and aborted the program after a few thousand calls: pyproject pins it out."""
import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_qt_calls_do_not_leak_references_to_none(qapp):
    from PySide6.QtWidgets import QLabel
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setToolTip("x")
        label.isVisible()
    assert before - sys.getrefcount(None) < 100
