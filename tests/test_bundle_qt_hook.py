"""The bundle's PySide6 runtime hook (packaging/rthooks/pyi_rth_pyside6_later.py) loads no Qt.

PyInstaller's own hook imports QtCore in every process the bundle starts: every
command-line run and consolidation worker paid ~15 MiB and ~60 ms for it. Ours
sets the same environment at once and does the qt.conf step just after QtCore's
first import. Run here in a fresh interpreter, as a bundle would run it, with a
stand-in for PyInstaller's helper; `make check-bundle` checks the built bundle.
"""
import subprocess
import sys

from project_paths import ROOT

HOOK = ROOT / "packaging" / "rthooks" / "pyi_rth_pyside6_later.py"

PROBE = r"""
import os, sys, types
sys._MEIPASS = os.path.join(os.sep, "bundle", "_internal")
calls = []
utils, qt = types.ModuleType("_pyi_rth_utils"), types.ModuleType("_pyi_rth_utils.qt")
qt.create_embedded_qt_conf = lambda bindings, prefix: calls.append(
    (bindings, prefix, "PySide6.QtCore" in sys.modules))
utils.qt = qt
sys.modules.update({"_pyi_rth_utils": utils, "_pyi_rth_utils.qt": qt})
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"))
qt_root = os.path.join(sys._MEIPASS, "PySide6", *([] if sys.platform == "win32" else ["Qt"]))
assert os.environ["QT_PLUGIN_PATH"] == os.path.join(qt_root, "plugins")
assert os.environ["QML2_IMPORT_PATH"] == os.path.join(qt_root, "qml")
import json, decimal          # any other import: no Qt, no qt.conf step
assert "PySide6.QtCore" not in sys.modules and calls == []
from PySide6.QtCore import QCoreApplication, QLibraryInfo
assert calls == [("PySide6", qt_root, True)], calls      # once, just after QtCore loaded
assert not [f for f in sys.meta_path if type(f).__name__ == "QtConfOnFirstImport"]
import PySide6.QtGui
assert len(calls) == 1
print("ok")
"""


def test_the_hook_loads_no_qt_and_does_its_step_when_qtcore_first_loads():
    done = subprocess.run([sys.executable, "-c", PROBE, str(HOOK)], capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stdout + done.stderr


def test_the_spec_puts_it_in_place_of_pyinstallers_own():
    spec = (ROOT / "packaging" / "backoffice.spec").read_text(encoding="utf-8")
    assert "runtime_hooks=[LATER_QT_HOOK]" in spec
    assert 'if s[0] != "pyi_rth_pyside6"' in spec
