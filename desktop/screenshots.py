"""Render each page with the sample open, as an officer sees it: python -m desktop.screenshots OUTDIR

Writes 01-headcount.png ... 07-benchmarks.png, the export and key dialogs at
a fixed 1280 x 800 window, then the same pages again at 200 % scale
(QT_SCALE_FACTOR=2, in a child process, since the factor is read at start).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"
DEFAULT_OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
PAGES = ("headcount", "floor_space", "spend", "savings", "action_plan", "checks", "benchmarks")
SCALED_PAGES = ("headcount", "floor_space", "benchmarks")   # enough to judge 200 % scaling


def _settle(app, rounds: int = 5) -> None:
    # Layouts, the debounced check and first paints all run from the event loop.
    from PySide6.QtCore import QEventLoop, QTimer
    for _ in range(rounds):
        loop = QEventLoop()
        QTimer.singleShot(40, loop.quit)
        loop.exec()
        app.processEvents()


def _save(widget, path: Path) -> Path:
    image = widget.grab().toImage()
    # Compression level 9 (quality 0 in Qt's terms): smaller files, same pixels.
    if not image.save(str(path), "PNG", 0):
        raise SystemExit(f"could not write {path}")
    return path


def _open_sample(window) -> None:
    for name in ("open_path", "open_file", "load_file", "open"):
        fn = getattr(window, name, None)
        if callable(fn):
            fn(SAMPLE)
            return
    raise SystemExit("MainWindow has no method to open a file (open_path/open_file)")


def _select(window, page: str) -> None:
    for name in ("select_page", "show_page", "set_page"):
        fn = getattr(window, name, None)
        if callable(fn):
            fn(page)
            return
    raise SystemExit("MainWindow has no method to select a page (select_page)")


def _make_window():
    from .main_window import MainWindow
    window = MainWindow()
    window.resize(*SIZE)
    return window


def shoot(outdir: Path, prefix: str = "", pages=PAGES, dialogs: bool = True) -> list[Path]:
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(app.applicationName() or "Back Office Return")
    outdir.mkdir(parents=True, exist_ok=True)
    window = _make_window()
    _open_sample(window)
    window.show()
    window.resize(*SIZE)
    _settle(app)
    written = []
    for n, page in enumerate(PAGES, 1):
        if page not in pages:
            continue
        _select(window, page)
        _settle(app, 3)
        written.append(_save(window, outdir / f"{prefix}{n:02d}-{page.replace('_', '-')}.png"))
    if dialogs:
        written += _shoot_dialogs(app, window, outdir, prefix)
    window.setWindowModified(False)
    window.hide()
    return written


def _shoot_dialogs(app, window, outdir: Path, prefix: str) -> list[Path]:
    from .export_dialog import ExportDialog, default_export_path
    from .key_dialog import KeyDialog
    ret = _current_return(window)
    written = []
    dlg = ExportDialog(window, ret, None, default_export_path(ret, SAMPLE.parent))
    dlg.show()
    _settle(app, 2)
    written.append(_save(dlg, outdir / f"{prefix}08-export.png"))
    dlg.close()
    blocked = ret.model_copy(deep=True)
    blocked.explanations.clear()
    blocked.headcount.employees_fte = None
    dlg = ExportDialog(window, blocked, None, default_export_path(ret, SAMPLE.parent))
    dlg.show()
    _settle(app, 2)
    written.append(_save(dlg, outdir / f"{prefix}09-export-blocked.png"))
    dlg.close()
    key = KeyDialog(window, ret.envelope.organisation)
    key.passphrase.setText("a short one")
    key.show()
    _settle(app, 2)
    written.append(_save(key, outdir / f"{prefix}10-create-key.png"))
    key.close()
    return written


def _current_return(window):
    doc = getattr(window, "doc", None) or getattr(window, "document", None)
    ret = getattr(doc, "ret", None) or getattr(doc, "return_", None) or getattr(window, "ret", None)
    if ret is None:
        from forms.drafts import load_draft
        ret = load_draft(SAMPLE)
    return ret


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    scaled = "--scaled" in argv
    argv = [a for a in argv if a != "--scaled"]
    outdir = Path(argv[0]) if argv else DEFAULT_OUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not scaled:
        # A fresh profile: no recent files, recovered drafts or settings of whoever runs this,
        # and nothing autosaved into theirs.
        import tempfile
        home = Path(tempfile.mkdtemp(prefix="backoffice-shots-")) / "officer"
        home.mkdir()
        os.environ["HOME"] = str(home)
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ.pop(var, None)
    if scaled:
        files = shoot(outdir, "200pc-", SCALED_PAGES, dialogs=False)
    else:
        files = shoot(outdir)
        env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
        subprocess.run([sys.executable, "-m", "desktop.screenshots", str(outdir.resolve()), "--scaled"],
                       cwd=ROOT, env=env, check=True)
        files += sorted(outdir.glob("200pc-*.png"))
    for f in files:
        print(f"{f}  {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
