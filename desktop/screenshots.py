"""Render each page with the sample open, as an officer sees it: python -m desktop.screenshots OUTDIR

Writes 01-details.png ... 08-benchmarks.png, the export and key dialogs and
the Treasury's consolidation window at a fixed 1280 x 800 window, then the
same pages again at 200 % scale
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
PAGES = ("details", "headcount", "floor_space", "spend", "savings", "action_plan", "checks",
         "benchmarks")
SCALED_PAGES = ("headcount", "floor_space", "benchmarks")   # enough to judge 200 % scaling


def _settle(app, rounds: int = 5) -> None:
    # Layouts, the debounced check and first paints all run from the event loop.
    from PySide6.QtCore import QEventLoop, QTimer
    for _ in range(rounds):
        loop = QEventLoop()
        QTimer.singleShot(40, loop.quit)
        loop.exec()
        app.processEvents()


def _small(image):
    """The image in 256 colours, files a third the size. Colours are first grouped by
    their top 5 bits per channel, so the many greys of smoothed text count as a few and
    a small coloured icon (an amber warning) keeps its own colour."""
    from PySide6.QtGui import QImage
    from PySide6.QtCore import Qt
    try:
        import numpy as np
    except ImportError:
        return image
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint32)
    colours, counts = np.unique(pixels, return_counts=True)
    if len(colours) <= 256:
        table = colours
    else:
        keys = ((colours >> 19) & 0x1F) << 10 | ((colours >> 11) & 0x1F) << 5 | ((colours >> 3) & 0x1F)
        order = np.lexsort((-counts, keys))                  # by group, commonest first
        keys, colours, counts = keys[order], colours[order], counts[order]
        first = np.r_[True, keys[1:] != keys[:-1]]
        starts = np.flatnonzero(first)
        totals = np.add.reduceat(counts, starts)             # pixels in each group
        table = colours[starts][np.argsort(totals)[::-1][:256]]
    return rgb.convertToFormat(QImage.Format.Format_Indexed8,
                               [int(c) | 0xFF000000 for c in table],
                               Qt.ImageConversionFlag.ThresholdDither)


def _save(widget, path: Path) -> Path:
    image = _small(widget.grab().toImage())
    # Compression level 9 (quality 0 in Qt's terms): smaller files, same pixels.
    if not image.save(str(path), "PNG", 0):
        raise SystemExit(f"could not write {path}")
    return path


def _open_sample(window) -> None:
    if not window.open_path(SAMPLE, ask=False):
        raise SystemExit(f"the main window could not open {SAMPLE}")


def _select(window, page: str) -> None:
    window.go_to_page(page, focus=False)


def _make_window():
    from desktop.app import make_app
    from desktop.main_window import MainWindow
    make_app()   # names and scaling exactly as the program sets them
    window = MainWindow()
    window.resize(*SIZE)
    return window


def shoot(outdir: Path, prefix: str = "", pages=PAGES, dialogs: bool = True) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    window = _make_window()
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
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
        window.doc.set_previous(_illustrative_last_year(window.doc.ret))
        _select(window, "benchmarks")
        _settle(app, 3)
        written.append(_save(window, outdir / f"{prefix}12-benchmarks-with-last-year.png"))
    window.setWindowModified(False)
    window.hide()
    if dialogs:
        written += shoot_consolidation(app, outdir, prefix)
    return written


def shoot_consolidation(app, outdir: Path, prefix: str = "") -> list[Path]:
    """The Treasury's window on 40 generated returns (20 bodies, two years), one of them
    sent twice and one damaged in the post: its Returns and League tables tabs."""
    import shutil
    import time
    from PySide6.QtWidgets import QTabWidget
    from bench.corpus import corpus      # the benchmarks' generator: a tool of the source tree
    from desktop.consolidate.window import ConsolidateWindow
    folder = corpus(demo_folder("Returns 2010"), 40, years=("2009-10", "2010-11"), jobs=1)
    inbox = folder / "returns"
    first = sorted(inbox.glob("*.xlsx"))[0]
    shutil.copyfile(first, inbox / f"resent {first.name}")
    damaged = sorted(inbox.glob("*.xlsx"))[5]
    (inbox / f"emailed {damaged.name}").write_bytes(damaged.read_bytes()[:4000])
    w = ConsolidateWindow()
    w.resize(*SIZE)
    w.show()
    w.folders.addItem(str(inbox))
    w.keyring.setText(str(folder / "keyring"))
    w.run(jobs=1)
    deadline = time.monotonic() + 120
    while w.outcome is None and time.monotonic() < deadline:
        _settle(app, 1)
    if w.outcome is None:
        raise SystemExit("the consolidation window did not finish its run")
    # Sorted by verification, as an analyst would to see first what needs chasing.
    from PySide6.QtCore import Qt
    col = [c for c, _ in w.proxy.sourceModel().columns].index("verification")
    w.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    _settle(app, 3)
    written = [_save(w, outdir / f"{prefix}13-consolidate-returns.png")]
    w.findChild(QTabWidget).setCurrentIndex(1)
    _settle(app, 3)
    written.append(_save(w, outdir / f"{prefix}14-consolidate-league.png"))
    w.close()
    shutil.rmtree(folder.parent, ignore_errors=True)
    return written


def _shoot_dialogs(app, window, outdir: Path, prefix: str) -> list[Path]:
    from desktop.dialogs.export import ExportDialog, default_export_path
    from desktop.dialogs.key import KeyDialog
    ret = _current_return(window)
    written = []
    dlg = ExportDialog(window, ret, None, default_export_path(ret, SAMPLE))
    dlg.show()
    _settle(app, 2)
    written.append(_save(dlg, outdir / f"{prefix}09-export.png"))
    dlg.close()
    blocked = ret.model_copy(deep=True)
    blocked.explanations.clear()
    blocked.headcount.employees_fte = None
    dlg = ExportDialog(window, blocked, None, default_export_path(ret, SAMPLE))
    dlg.show()
    _settle(app, 2)
    written.append(_save(dlg, outdir / f"{prefix}10-export-blocked.png"))
    dlg.close()
    key = KeyDialog(window, ret.envelope.organisation)
    key.passphrase.setText("a short one")
    key.show()
    _settle(app, 2)
    written.append(_save(key, outdir / f"{prefix}11-create-key.png"))
    key.close()
    return written


def _illustrative_last_year(ret):
    """A made-up 2008-09 return near the sample's figures, to show last year's bars."""
    from decimal import Decimal
    prev = ret.model_copy(deep=True)
    prev.envelope.financial_year = "2008-09"
    prev.headcount.function_fte.hr = Decimal("58")
    prev.spend.function_cost.finance = Decimal("3610000")
    prev.spend.collaborative_spend_gbp = Decimal("71200000")
    for b in prev.floor_space.buildings:
        b.nia_m2 = (b.nia_m2 or 0) * Decimal("1.07")
    return prev


def _current_return(window):
    return window.doc.ret


DEMO_ROOT = "Back Office Return screenshots"


def demo_folder(name: str) -> Path:
    """A new, empty folder for the pictures' files, at the same path every run (under the
    temporary folder): the paths the windows show read as a person's folders, not as a
    random temporary name, and pictures of the same program come out the same."""
    import shutil
    import tempfile
    folder = Path(tempfile.gettempdir()) / DEMO_ROOT / name
    shutil.rmtree(folder, ignore_errors=True)      # only ever this program's own demo
    folder.mkdir(parents=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    scaled = "--scaled" in argv
    argv = [a for a in argv if a != "--scaled"]
    outdir = Path(argv[0]) if argv else DEFAULT_OUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not scaled:
        # A fresh profile: no recent files, recovered drafts or settings of whoever runs this,
        # and nothing autosaved into theirs.
        home = demo_folder("officer")
        os.environ["HOME"] = str(home)
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ.pop(var, None)
    if scaled:
        files = shoot(outdir, "200pc-", SCALED_PAGES, dialogs=False)
    else:
        files = shoot(outdir)
        env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
        subprocess.run([sys.executable, "-m", "desktop.screenshots", str(outdir.resolve()), "--scaled"],
                       cwd=ROOT, env=env, check=True)   # prints its own files
    for f in files:
        print(f"{f}  {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
