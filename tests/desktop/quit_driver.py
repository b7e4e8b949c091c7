"""Drive the real program through one path, then quit it as an officer would.

Run as ``python tests/desktop/quit_driver.py SCENARIO``: a fresh profile, the
sample open, the scenario's steps on timers (inside any dialog's own event
loop), then the window closed. The program's exit status is the test's
verdict: a crash on quit (issue 14 §3) shows as a signal, not as 0.
"""
from __future__ import annotations

import faulthandler
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.desktop.throwaway_profile import throwaway_profile  # noqa: E402

HOME = throwaway_profile("backoffice-quit-")
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"
PHRASE = "correct horse battery staple"


def main(scenario: str) -> int:
    faulthandler.enable()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import forms.signing.keys as keys
    keys.SCRYPT_N = keys.MIN_SCRYPT_N          # the same code, quicker
    from desktop import app as A

    application = A.make_app()
    draft = HOME / "draft.json"
    shutil.copy(SAMPLE, draft)
    win = A.open_window(draft)

    def later(ms, fn):
        QTimer.singleShot(ms, fn)

    def modal(fn, ms=300):
        """Run fn(dialog) once a modal dialog is up (they run their own event loops)."""
        def poll():
            dlg = QApplication.activeModalWidget()
            (fn(dlg) if dlg is not None else later(50, poll))
        later(ms, poll)

    consolidation = []      # the consolidation window, when a scenario opened one

    def quit_():
        if consolidation:
            print(f"consolidating at quit: {consolidation[0].worker is not None}", flush=True)
        win.close()

    def key_file() -> Path:
        path = HOME / "dcsf.key"
        if not path.exists():
            keys.generate_keyfile("DCSF", PHRASE, path)
        return path

    def create_key(dlg):
        dlg.passphrase.setText(PHRASE)
        dlg.confirm.setText(PHRASE)
        dlg.path.setText(str(HOME / "new.key"))
        dlg.create_key()                        # creates
        later(200, dlg.create_key)              # Done

    def export_create_key(export):
        modal(create_key)
        later(1, export._create_key)
        later(1500, export.reject)

    def export_sign(export):
        export.key.setText(str(key_file()))
        export.passphrase.setText(PHRASE)
        export.out.setText(str(HOME / "out.xlsx"))
        export.start_export()

        def wait():
            (later(100, wait) if export.running() else later(200, export.reject))
        later(100, wait)

    def signed_workbook() -> Path:
        from forms.drafts.store import load_draft
        from forms.workbook.export import export_signed
        key, info = keys.load_private_key(key_file(), PHRASE)
        out = HOME / "signed.xlsx"
        export_signed(load_draft(SAMPLE), key, info, out)
        return out

    def edit_and_autosave():
        from decimal import Decimal
        win.doc.set_value("headcount.function_fte.hr", Decimal("51"))
        win.autosaver.save_soon()
        win.ask_save_changes = lambda: "discard"
        quit_()

    def consolidating(left_open_guide: bool = False):
        """The consolidation window verifying 24 returns in worker processes when the
        program is closed (the quit comes 400 ms later, mid-run)."""
        from desktop.consolidate import open_window
        inbox, ring = HOME / "inbox", HOME / "keyring"
        inbox.mkdir(exist_ok=True)
        ring.mkdir(exist_ok=True)
        first = signed_workbook()
        for i in range(24):               # enough to be mid-run 400 ms on, even on a fast machine
            shutil.copy(first, inbox / f"copy-{i}.xlsx")
        keys.write_public_key(keys.read_key_info(key_file()), ring / "DCSF.pem")
        cw = open_window(win)
        cw.folders.addItem(str(inbox))
        cw.keyring.setText(str(ring))
        cw.run(jobs=2)
        if left_open_guide:
            cw.show_help()
        consolidation.append(cw)

    steps = {
        "export-create-key": lambda: (modal(export_create_key), win.export()),
        "export-cancel": lambda: (modal(lambda d: d.reject()), win.export()),
        "export-sign": lambda: (modal(export_sign), win.export()),
        "new-return-cancel": lambda: (modal(lambda d: d.reject()), win.new_return()),
        "open-workbook": lambda: win.open_path(signed_workbook(), ask=False),
        # The same year as the open return: refused, with a message box to close.
        "import-previous": lambda: (modal(lambda d: d.accept()),
                                    win.import_previous_path(signed_workbook())),
        "autosave": edit_and_autosave,
        "consolidate-window": lambda: __import__("desktop.window.menus").window.menus
        .open_consolidation(win),
        "consolidate-running": consolidating,
        "consolidate-guide-left-open": lambda: consolidating(left_open_guide=True),
        "shortcuts-help": lambda: (win._show_keys(), later(200, lambda: win._keys.close())),
        "shortcuts-left-open": win._show_keys,
        "user-guide": lambda: (win._show_guide(), later(200, lambda: win._guide.close())),
        "user-guide-left-open": win._show_guide,
        "about": lambda: (modal(lambda d: d.accept()), win._about()),
    }
    if scenario not in steps:
        print(f"unknown scenario {scenario}; one of {', '.join(steps)}")
        return 2
    later(600, lambda: (steps[scenario](), later(400, quit_)))
    code = application.exec()
    print(f"event loop ended with {code}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
