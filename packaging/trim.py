"""What the bundle leaves out, and why. Used by packaging/backoffice.spec; tested by
tests/test_bundle_trim.py. Plain Python, no PyInstaller import, so the tests need none.

PyInstaller collects every Qt plugin, translation and library a PySide6 module
might use. A QtWidgets program that prints with QPdfWriter and loads its icon
from SVG needs few of them, and some drag in what an IT team must not find:
the VNC platform and TUIO-touch plugins link QtNetwork (and on Linux a
Kerberos stack). So:

1. EXCLUDE_MODULES keeps Python modules out of the analysis;
2. DROP removes files by their path in the bundle, each rule with its reason;
3. prune_unlinked() then removes every shared library that nothing kept links
   to any more (what the dropped plugins alone needed: QtNetwork, GTK, ...).

Paths are matched with forward slashes against both PySide6 wheel layouts:
PySide6/Qt/plugins/... (Linux, macOS) and PySide6/plugins/... (Windows).
"""
from __future__ import annotations

import re
from pathlib import PurePath
from typing import Callable, Iterable

EXCLUDE_MODULES = (
    # Qt modules the program never imports (desktop/ uses QtCore, QtGui, QtWidgets).
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtMultimedia", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtSvgWidgets", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PySide6.QtDBus", "PySide6.QtPrintSupport",
    # Development tools that arrive through optional imports (pydantic and others
    # try `import rich`); the program never uses them: they are test/lint deps.
    "rich", "pygments", "markdown_it", "mdurl", "pytest", "_pytest", "pytestqt", "hypothesis",
    "importlinter", "grimp", "IPython", "matplotlib", "setuptools", "pkg_resources", "pip",
    # Optional consolidation extra: Parquet (pyarrow is ~170 MiB). The bundle's
    # consolidate says how to get Parquet: use the CLI from a Python install.
    "pyarrow",
    # Standard library parts the program does not use. ssl: no network at all.
    "tkinter", "_tkinter", "sqlite3", "_sqlite3", "ssl", "_ssl", "unittest", "pydoc",
    "xmlrpc", "lib2to3", "turtledemo", "idlelib", "curses", "ensurepip", "venv",
    # pandas' optional extras and its tests.
    "pandas.tests", "numpy.tests", "numpy.f2py", "numpy.distutils", "pandas.io.clipboard",
    "pandas.plotting._matplotlib", "jinja2", "bottleneck", "numexpr", "scipy", "tables",
    "sqlalchemy", "psycopg2", "fsspec", "s3fs", "gcsfs", "xlrd", "xlsxwriter", "odf", "lxml",
    "bs4", "html5lib", "pyreadstat", "zstandard",
)

_QT = r"(?:^|/)PySide6/(?:Qt/)?"
_PLUGINS = _QT + r"plugins/"


def _keep_only(folder: str, *names: str) -> str:
    """A plugin folder where every file but the named plugins is dropped."""
    keep = "|".join(names)
    return _PLUGINS + folder + r"/(?!(?:lib)?(?:" + keep + r")\.(?:dll|so|dylib)$)[^/]+$"


# (pattern on the bundle path, reason). Measured (Linux, PySide6 6.11) in packaging/README.md.
DROP: tuple[tuple[str, str], ...] = (
    (_QT + r"translations/(?!qt(?:base)?_en\.qm$)[^/]+$",
     "Qt translations other than English: the program creates no QTranslator"),
    (_keep_only("platforms", "qwindows", "qxcb", "qoffscreen", "qcocoa"),
     "platform plugins other than windows (xcb on Linux, cocoa on macOS) and offscreen "
     "(the self-test); vnc links QtNetwork"),
    (_keep_only("styles", "qmodernwindowsstyle", "qwindowsvistastyle"),
     "styles other than windowsvista (Qt 6.7+ ships it in qmodernwindowsstyle)"),
    (_keep_only("imageformats", "qsvg"),
     "image formats other than SVG (the icon); PNG is built into QtGui"),
    (_keep_only("iconengines", "qsvgicon"), "icon engines other than SVG"),
    (_keep_only("platforminputcontexts", "composeplatforminputcontextplugin"),
     "input methods over D-Bus (ibus); compose (dead keys on Linux) is kept"),
    (_PLUGINS + r"platformthemes/", "platform themes: GTK3 and the desktop portal (D-Bus); "
     "Windows has none, its look is the windowsvista style"),
    (_PLUGINS + r"(?:generic|egldeviceintegrations|xcbglintegrations|wayland-[a-z-]+|tls|"
     r"networkinformation|sqldrivers|printsupport|qmltooling|designer|multimedia|position|"
     r"webview|sensors|canbus|scenegraph|qmllint|renderers|vectorimageformats)/",
     "plugins for touch (TUIO links QtNetwork), OpenGL, Wayland, TLS, SQL, printing, QML, "
     "Designer: none used"),
    (_QT + r"(?:qml|resources|libexec|metatypes|typesystems|include|doc)/",
     "QML, WebEngine resources and development files"),
    (r"(?:^|/)opengl32sw\.dll$", "a software OpenGL renderer (about 20 MiB); no OpenGL is used"),
    (r"(?:^|/)(?:lib)?Qt6(?:Network|Qml|Quick|WebEngine|WebChannel|Designer|Pdf|VirtualKeyboard|"
     r"Multimedia|Sql|Test|Help|UiTools)[A-Za-z]*(?:\.dll|\.so[.0-9]*|\.dylib)$",
     "Qt libraries the program never loads (Network: no sockets at all)"),
)
_DROP = tuple((re.compile(p), why) for p, why in DROP)


def drop_reason(dest: str) -> str | None:
    """Why the file at ``dest`` (its path inside the bundle) is left out, or None."""
    d = str(dest).replace("\\", "/")
    for rx, why in _DROP:
        if rx.search(d):
            return why
    return None


def apply_drops(toc: Iterable[tuple], dropped: dict[str, str] | None = None) -> list[tuple]:
    """A PyInstaller TOC (dest, src, typecode) without the files DROP names."""
    kept = []
    for entry in toc:
        why = drop_reason(entry[0])
        if why is None:
            kept.append(entry)
        elif dropped is not None:
            dropped[entry[0]] = why
    return kept


def _is_root(dest: str, typecode: str) -> bool:
    name = PurePath(dest.replace("\\", "/")).name.lower()
    return (typecode in ("EXTENSION", "EXECUTABLE") or "/plugins/" in "/" + dest.replace("\\", "/")
            or name.startswith(("libpython", "python3")))


def prune_unlinked(binaries: Iterable[tuple], imports_of: Callable[[str], Iterable[str]],
                   dropped: dict[str, str] | None = None) -> list[tuple]:
    """The binaries still linked from a root (extension modules, kept plugins, Python).

    ``imports_of(src)`` names the libraries a binary links to (PyInstaller's
    bindepend.get_imports, names only). A SYMLINK entry (dest, target) stays
    only if its target does.
    """
    binaries = list(binaries)
    by_name: dict[str, list[tuple]] = {}
    for e in binaries:
        if e[2] != "SYMLINK":
            by_name.setdefault(PurePath(e[0].replace("\\", "/")).name.lower(), []).append(e)
    reached: set[str] = set()
    todo = [e for e in binaries if e[2] != "SYMLINK" and _is_root(e[0], e[2])]
    while todo:
        e = todo.pop()
        if e[0] in reached:
            continue
        reached.add(e[0])
        for lib in imports_of(e[1]):
            todo.extend(by_name.get(PurePath(str(lib).replace("\\", "/")).name.lower(), ()))
    kept = []
    for e in binaries:
        target = e[1].replace("\\", "/") if e[2] == "SYMLINK" else e[0]
        if target in reached:
            kept.append(e)
        elif dropped is not None:
            dropped[e[0]] = "no longer linked from anything in the bundle"
    return kept
