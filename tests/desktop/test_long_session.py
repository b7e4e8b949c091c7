"""A long session never aborts: Qt calls must not use up Python's None/True/False."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import desktop  # the program's package: it guards the interpreter before any window exists
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
app = QApplication([])
label, combo = QLabel(), QComboBox()
for _ in range(60000):      # setters return None, emit returns True, currentData None
    label.setToolTip("x")
    combo.currentIndexChanged.emit(0)
    combo.currentData()
print("still running")
"""


def test_sixty_thousand_qt_calls_do_not_abort_the_interpreter():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    assert "still running" in done.stdout
