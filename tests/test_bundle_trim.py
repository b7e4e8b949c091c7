"""What the bundle leaves out (packaging/trim.py), on both PySide6 wheel layouts,
and that the officer's path never loads pandas (which the bundle must include)."""
import importlib.util
import os
import subprocess
import sys

import pytest

from project_paths import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


trim = _load("trim")
LINUX, WIN = "PySide6/Qt/", "PySide6/"


@pytest.mark.parametrize("path", [
    LINUX + "plugins/platforms/libqxcb.so", LINUX + "plugins/platforms/libqoffscreen.so",
    WIN + "plugins/platforms/qwindows.dll", WIN + "plugins/platforms/qoffscreen.dll",
    WIN + "plugins/styles/qmodernwindowsstyle.dll", WIN + "plugins/styles/qwindowsvistastyle.dll",
    LINUX + "plugins/imageformats/libqsvg.so", WIN + "plugins/imageformats/qsvg.dll",
    WIN + "plugins/iconengines/qsvgicon.dll",
    LINUX + "translations/qtbase_en.qm", WIN + "translations/qt_en.qm",
    LINUX + "lib/libQt6Core.so.6", WIN + "Qt6Widgets.dll", WIN + "Qt6Gui.dll", WIN + "Qt6Svg.dll",
    "numpy.libs/libscipy_openblas64_-32a4b2a6.so", "pandas/_libs/lib.cpython-311-x86_64-linux-gnu.so",
    "resources/rulepacks/smarter-government-2009.toml", "docs/codebook.md",
])
def test_what_the_program_needs_is_kept(path):
    assert trim.drop_reason(path) is None


@pytest.mark.parametrize("path", [
    LINUX + "plugins/platforms/libqvnc.so", WIN + "plugins/platforms/qdirect2d.dll",
    LINUX + "plugins/platforms/libqwayland.so", LINUX + "plugins/platforms/libqeglfs.so",
    WIN + "plugins/platforms/qminimal.dll",
    LINUX + "plugins/generic/libqtuiotouchplugin.so", WIN + "plugins/generic/qtuiotouchplugin.dll",
    WIN + "plugins/styles/qfusionstyle.dll",
    LINUX + "plugins/imageformats/libqjpeg.so", WIN + "plugins/imageformats/qgif.dll",
    WIN + "plugins/imageformats/qico.dll", WIN + "plugins/imageformats/qwebp.dll",
    LINUX + "plugins/platformthemes/libqgtk3.so", LINUX + "plugins/platformthemes/libqxdgdesktopportal.so",
    LINUX + "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    WIN + "plugins/tls/qschannelbackend.dll", WIN + "plugins/networkinformation/qnetworklistmanager.dll",
    LINUX + "plugins/xcbglintegrations/libqxcb-glx-integration.so",
    LINUX + "plugins/wayland-shell-integration/libxdg-shell.so",
    LINUX + "translations/qtbase_de.qm", WIN + "translations/qt_fr.qm",
    WIN + "translations/qt_help_en.qm",
    LINUX + "lib/libQt6Network.so.6", WIN + "Qt6Network.dll", WIN + "Qt6Qml.dll",
    WIN + "Qt6QuickWidgets.dll", WIN + "Qt6Pdf.dll", WIN + "opengl32sw.dll",
    WIN + "qml/QtQuick/Controls/qmldir", WIN + "resources/qtwebengine_resources.pak",
])
def test_what_the_program_never_uses_is_left_out_with_a_reason(path):
    assert trim.drop_reason(path)
    assert trim.drop_reason(path.replace("/", "\\"))       # as Windows spells it


def test_apply_drops_keeps_order_and_records_why():
    toc = [(LINUX + "plugins/platforms/libqxcb.so", "/src/a", "BINARY"),
           (LINUX + "plugins/platforms/libqvnc.so", "/src/b", "BINARY"),
           ("resources/samples/sample-return.json", "/src/c", "DATA")]
    dropped = {}
    assert [e[0] for e in trim.apply_drops(toc, dropped)] == [toc[0][0], toc[2][0]]
    assert "QtNetwork" in dropped[LINUX + "plugins/platforms/libqvnc.so"]


def test_libraries_only_dropped_plugins_linked_go_too():
    toc = [("PySide6/QtWidgets.abi3.so", "/s/QtWidgets.abi3.so", "EXTENSION"),
           ("PySide6/Qt/lib/libQt6Widgets.so.6", "/s/libQt6Widgets.so.6", "BINARY"),
           ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
           ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
           ("libxcb.so.1", "/s/libxcb.so.1", "BINARY"),
           # linked only from the (dropped) GTK theme and VNC plugins:
           ("libgtk-3.so.0", "/s/libgtk-3.so.0", "BINARY"),
           ("libkrb5.so.3", "/s/libkrb5.so.3", "BINARY"),
           ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
           ("libgtk-3.so", "libgtk-3.so.0", "SYMLINK"),
           ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY")]
    links = {"/s/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
             "/s/libQt6Widgets.so.6": ["libQt6Core.so.6"],
             "/s/libqxcb.so": ["libxcb.so.1", "libQt6Core.so.6"],
             "/s/libgtk-3.so.0": ["libxcb.so.1"]}
    dropped = {}
    kept = trim.prune_unlinked(toc, lambda src: links.get(src, []), dropped)
    assert sorted(dropped) == ["libgtk-3.so", "libgtk-3.so.0", "libkrb5.so.3"]
    assert [e[0] for e in kept] == [e[0] for e in toc if e[0] not in dropped]


def test_dev_tools_and_the_network_stay_out_but_the_program_s_packages_do_not():
    out = set(trim.EXCLUDE_MODULES)
    assert {"rich", "pygments", "markdown_it", "mdurl", "pytest", "PySide6.QtNetwork", "ssl",
            "pyarrow", "sqlite3"} <= out
    for needed in ("pandas", "numpy", "pydantic", "openpyxl", "cryptography", "defusedxml",
                   "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "email", "json"):
        assert needed not in out


def test_the_program_itself_never_imports_what_the_bundle_excludes():
    """rich, pygments and the rest are development dependencies only."""
    import re
    excluded = {m.split(".")[0] for m in trim.EXCLUDE_MODULES if not m.startswith(("PySide6",
                                                                                  "pandas.", "numpy."))}
    excluded -= {"pyarrow"}      # optional: forms/consolidate/files.py says how to get it
    pattern = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", re.M)
    for package in ("forms", "validators", "desktop", "resources"):
        for py in (ROOT / package).rglob("*.py"):
            found = set(pattern.findall(py.read_text(encoding="utf-8"))) & excluded
            assert not found, f"{py.relative_to(ROOT)} imports {found}, which the bundle leaves out"


def test_no_qt_module_the_program_imports_is_excluded():
    import re
    used = set()
    for py in (ROOT / "desktop").rglob("*.py"):
        text = py.read_text(encoding="utf-8")
        used |= set(re.findall(r"(?:from|import)\s+PySide6\.(Qt\w+)", text))
    assert used and not {f"PySide6.{m}" for m in used} & set(trim.EXCLUDE_MODULES)


# The officer's path: the window opened on a draft, and File › New's start. pandas is
# in the bundle for consolidation; loading it here would cost start-up time and memory.
OFFICER = r"""
import sys
from pathlib import Path
from desktop.app import make_app
from desktop.main_window import MainWindow
app = make_app()
win = MainWindow()
win.show()
win.open_path(Path(sys.argv[1]), ask=False)
app.processEvents()
from desktop.dialogs.new_return import NewReturnDialog
dlg = NewReturnDialog(win)
dlg.show()
app.processEvents()
dlg.close()
win.doc.check_now()
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "numpy", "pyarrow")
             or m == "PySide6.QtNetwork")
print("LOADED", bad)
win.close()
"""


def test_the_officer_s_path_never_loads_pandas(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d"),
               PYTHONPATH=str(ROOT))
    draft = tmp_path / "draft.json"
    draft.write_bytes((ROOT / "resources" / "samples" / "sample-return.json").read_bytes())
    done = subprocess.run([sys.executable, "-c", OFFICER, str(draft)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "LOADED []" in done.stdout, done.stdout
