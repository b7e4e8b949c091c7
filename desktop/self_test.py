"""`backoffice --self-test`: the whole program, end to end, in a throwaway folder.

For IT teams (and CI) to prove an install works before officers rely on it:
from source or from the bundle, it validates, exports, verifies and re-imports
the built-in sample with a throwaway key, consolidates two generated returns
in worker processes, then opens and closes the main window offscreen. Every
step calls the same core functions as the CLI and the window. Exit 0 when all
pass; otherwise each failure is printed in one line and the exit is 1.

Nothing is written outside a temporary folder except what Qt's test mode puts
in the profile (an empty autosave folder under .qttest/qttest): the settings
go to an INI file in the temporary folder, never the user's registry/config.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

PASSPHRASE = "self-test passphrase, thrown away"
WINDOW_TIMEOUT_S = 60


class Failed(Exception):
    """A step's check did not hold: the message says what was expected."""


def _sample() -> Path:
    import importlib.resources
    return Path(str(importlib.resources.files("resources"))) / "samples" / "sample-return.json"


class SelfTest:
    def __init__(self, folder: Path, out=None):
        self.folder = folder
        self.out = out or sys.stdout
        self.failures: list[str] = []
        self.ret = self.report = self.workbook = self.ring = None

    def say(self, text: str) -> None:
        if self.out is not None:
            print(text, file=self.out, flush=True)

    def step(self, name: str, fn: Callable[[], str]) -> bool:
        t = time.perf_counter()
        try:
            detail = fn()
        except Exception as e:   # any failure is reported as the step's, never a traceback
            why = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}"
            self.failures.append(f"{name}: {why}")
            self.say(f"FAILED {name}: {why}")
            if os.environ.get("BACKOFFICE_DEBUG"):
                traceback.print_exc()
            return False
        self.say(f"ok     {name} ({time.perf_counter() - t:.1f} s){': ' + detail if detail else ''}")
        return True

    # --- the core, as the CLI calls it -------------------------------------------
    def validate(self) -> str:
        from forms.workbook.any_file import load_any
        from validators.engine import check
        from validators.packs import load_pack
        copy = self.folder / "sample-return.json"
        copy.write_bytes(_sample().read_bytes())
        self.ret = load_any(copy)
        self.report = check(self.ret, load_pack(self.ret.envelope.rule_pack), None)
        if not self.report.can_submit:
            raise Failed(f"the sample should be ready to submit; {len(self.report.blocking)} "
                         "finding(s) block it")
        return f"{len(self.report.findings)} finding(s), none blocking"

    def key(self) -> str:
        from forms.signing.keys import generate_keyfile, write_public_key
        info = generate_keyfile(self.ret.envelope.organisation, PASSPHRASE,
                                self.folder / "self-test.key")
        self.ring = self.folder / "keyring"
        (self.ring / info.organisation).mkdir(parents=True)
        write_public_key(info, self.ring / info.organisation / "self-test.pem")
        return f"throwaway key {info.fingerprint} for {info.organisation}"

    def export(self) -> str:
        from forms.workbook.export import export_return
        self.workbook = self.folder / "sample-return.xlsx"
        res = export_return(self.ret, self.folder / "self-test.key", PASSPHRASE, self.workbook)
        return f"signed {res.path.name}, {res.path.stat().st_size:,} bytes"

    def verify(self) -> str:
        from forms.signing.keys import load_keyring
        from forms.workbook.verify import verify_workbook
        r = verify_workbook(self.workbook, load_keyring(self.ring))
        if not (r.ok and r.key_checked):
            raise Failed("the signed sample does not verify: " + "; ".join(r.problems))
        return f"{r.cells_checked} cells match the signed values, key in the keyring"

    def reimport(self) -> str:
        from forms.drafts.store import load_draft, save_draft, to_json
        from forms.workbook.to_draft import import_workbook
        back = self.folder / "imported.json"
        save_draft(import_workbook(self.workbook), back)
        if to_json(load_draft(back)) != to_json(self.ret):
            raise Failed("the draft imported from the workbook differs from the sample")
        return "the imported draft equals the sample"

    def consolidate(self) -> str:
        from forms.consolidate.run import consolidate
        from forms.consolidate.workbook import write_workbook
        from forms.signing.keys import load_private_key
        from forms.workbook.export import export_signed
        inbox = self.folder / "received"
        inbox.mkdir()
        key, info = load_private_key(self.folder / "self-test.key", PASSPHRASE)
        for year in ("2009-10", "2010-11"):       # two returns from the sample, a year apart
            ret = self.ret.model_copy(deep=True)
            ret.envelope.financial_year = year
            export_signed(ret, key, info, inbox / f"{info.organisation}-{year}.xlsx")
        c = consolidate([inbox], self.ring, jobs=2)
        if c.counts["valid"] != 2:
            raise Failed(f"expected 2 valid returns, got {c.counts}")
        out = write_workbook(c, self.folder / "consolidated.xlsx")
        return f"2 returns verified in 2 worker processes, {out.name} written"

    # --- the window --------------------------------------------------------------
    def window(self) -> str:
        app = _offscreen_app(self.folder)
        from PySide6.QtCore import QDeadlineTimer
        from desktop.main_window import MainWindow
        win = MainWindow(defer_checks=True)
        win.inform = lambda title, text, warning=True: self._told.append(text)
        self._told: list[str] = []
        win.show()
        if not win.open_path(self.folder / "sample-return.json", ask=False, defer=True):
            raise Failed(f"the window could not open the sample: {self._told}")
        deadline = QDeadlineTimer(WINDOW_TIMEOUT_S * 1000)
        while not win.doc.checked_once and not deadline.hasExpired():
            app.processEvents()
            time.sleep(0.005)
        if not win.doc.checked_once:
            raise Failed(f"the window showed no checks within {WINDOW_TIMEOUT_S} s")
        found = len(win.doc.report.findings)
        if found != len(self.report.findings):
            raise Failed(f"the window found {found} finding(s), the core "
                         f"{len(self.report.findings)}")
        if "pandas" in sys.modules:
            raise Failed("pandas was loaded on the officer's path (it is for consolidation)")
        if not win.close():
            raise Failed(f"the window refused to close: {self._told}")
        win.deleteLater()
        app.processEvents()
        return f"opened on the sample, {found} finding(s) shown, closed; pandas not loaded"

    def no_network(self) -> str:
        loaded = [m for m in ("PySide6.QtNetwork", "ssl", "socket") if m in sys.modules]
        if "PySide6.QtNetwork" in loaded:
            raise Failed("PySide6.QtNetwork was loaded")
        return "PySide6.QtNetwork not loaded"


def _offscreen_app(folder: Path):
    """The program's QApplication, offscreen unless QT_QPA_PLATFORM says otherwise,
    with settings kept in the temporary folder and Qt's test paths for data."""
    if not os.environ.get("QT_QPA_PLATFORM"):    # before the QApplication; works with no display
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QStandardPaths
    QStandardPaths.setTestModeEnabled(True)     # autosaves and logs not in the real profile
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    from desktop.app import make_app
    return make_app()


def run_self_test(out=None) -> int:
    """Run every step (each runs even when an earlier one failed, if it can); 0 or 1."""
    from forms.schema.version import VERSION
    with tempfile.TemporaryDirectory(prefix="backoffice-self-test-") as tmp:
        t = SelfTest(Path(tmp), out)
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion
        where = Path(sys.executable).parent if getattr(sys, "frozen", False) else "source"
        t.say(f"Back Office Return {VERSION} self-test ({where}; Qt {qVersion()}, "
              f"PySide6 {pyside}), in {tmp}")
        if t.step("validate the sample", t.validate) and t.step("make a throwaway key", t.key):
            if t.step("export and sign", t.export):
                t.step("verify the workbook", t.verify)
                t.step("re-import the workbook", t.reimport)
        t.step("open and close the main window", t.window)
        if t.ring is not None:
            t.step("consolidate two returns", t.consolidate)
        t.step("no network", t.no_network)
    if t.failures:
        t.say(f"Self-test FAILED: {len(t.failures)} step(s) failed:")
        for f in t.failures:
            t.say(f"  {f}")
        return 1
    t.say("Self-test passed.")
    return 0
