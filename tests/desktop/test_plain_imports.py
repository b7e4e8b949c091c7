"""After Qt loads, imports are Python's own again (start-up time), and Qt still works."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env={**__import__("os").environ,
                                                    "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_the_program_puts_back_pythons_import_and_qt_modules_still_load():
    out = _run(
        "import builtins; import desktop.app as a;"
        "name = builtins.__import__.__name__;"
        "from PySide6 import QtSvg, QtPrintSupport;"      # Qt modules loaded later still work
        "app = a.make_app(); from desktop.main_window import MainWindow;"
        "w = MainWindow(); w.show(); app.processEvents();"
        "print(name, w.isVisible(), QtSvg.QSvgRenderer is not None)")
    assert out.splitlines()[-1] == "__import__ True True"


def test_nothing_changes_when_pyside6_was_imported_first():
    out = _run("import builtins; import PySide6.QtWidgets; import desktop.plain_imports as p;"
               "print(p.known(), p.restore(), builtins.__import__.__name__)")
    assert out.splitlines()[-1] == "False False __feature_import__"
