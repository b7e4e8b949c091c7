# Runtime hook, in place of PyInstaller's own pyi_rth_pyside6 (packaging/backoffice.spec).
#
# PyInstaller's hook imports PySide6.QtCore in every process the bundle starts, to
# make sure Qt finds its own folder (an embedded qt.conf). That is QtCore and its ICU
# data, about 15 MiB and 80 ms, in every command-line run (`backoffice.exe verify`,
# `--version`) and in every consolidation worker, none of which uses Qt. This hook
# sets the same environment at once and does the qt.conf step when QtCore is first
# imported, just after it loads: before any QApplication exists, as before.
# PySide6's wheels embed their own qt.conf, so that step is usually nothing at all.
# It uses PyInstaller's _pyi_rth_utils.qt, hence the bound on pyinstaller in
# pyproject.toml. macOS, which PyInstaller's hook also handles, is not a target.


def _pyi_rthook():
    import os
    import sys

    if sys.platform.startswith("win"):
        qt_root = os.path.join(sys._MEIPASS, "PySide6")
        paths = os.environ.get("PATH", "")
        if sys._MEIPASS not in paths.split(os.pathsep):
            os.environ["PATH"] = sys._MEIPASS + (os.pathsep + paths if paths else "")
    else:
        qt_root = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_root, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_root, "qml")

    class QtConfOnFirstImport:
        """A finder that wraps PySide6.QtCore's loader once, then leaves sys.meta_path."""

        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            import importlib.util
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            spec.loader = _Loader(spec.loader)
            return spec

    class _Loader:
        def __init__(self, real):
            self.real = real

        def create_module(self, spec):
            return self.real.create_module(spec)

        def exec_module(self, module):
            self.real.exec_module(module)
            try:
                from _pyi_rth_utils import qt as qt_rth_utils
                embed = qt_rth_utils.create_embedded_qt_conf
            except (ImportError, AttributeError):   # another PyInstaller: the wheel's own
                return                              # qt.conf stands, as it usually does
            embed("PySide6", qt_root)

    sys.meta_path.insert(0, QtConfOnFirstImport())


_pyi_rthook()
del _pyi_rthook
