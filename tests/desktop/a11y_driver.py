"""The program with its window in each state the accessibility-bus test walks.

Run as ``python tests/desktop/a11y_driver.py`` under a display and an AT-SPI bus:
a fresh profile, the sample open; for each phase it sets the window up, prints
``PHASE name``; each phase starts at a line on stdin (the first once it has printed
``STARTED``), so a listener can be ready for the focus it moves. Nothing here is what
is tested: the test reads the bus, as a screen reader would.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.desktop.throwaway_profile import throwaway_profile  # noqa: E402

HOME = throwaway_profile("backoffice-a11y-")
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"
REFUSED = "twelve hundred"          # a figure the number box refuses


def main() -> int:
    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import app as A
    application = A.make_app()
    draft = HOME / "draft.json"
    shutil.copy(SAMPLE, draft)
    win = A.open_window(draft)

    def benchmarks():
        win.go_to_page("benchmarks")

    def tenure():
        panel = win.pages["floor_space"].tables["floor_space.buildings"]
        win.go_to_page("floor_space", focus=False)
        col = next(c for c, d in enumerate(panel.model.columns) if d.name == "tenure")
        panel.focus_cell(0, "tenure")
        panel.view.edit(panel.model.index(0, col))

    def invalid():
        panel = win.pages["floor_space"].tables["floor_space.buildings"]
        panel.view.setFocus()            # closes the cell editor
        win.go_to_page("headcount")
        box = QApplication.focusWidget()
        box.setText(REFUSED)
        box.commit()

    def new_dialog():
        from desktop.dialogs.new_return import NewReturnDialog
        dlg = NewReturnDialog(win)
        dlg.show()
        dlg.activateWindow()
        win._a11y_dialog = dlg           # kept alive

    phases = [("benchmarks", benchmarks), ("tenure", tenure), ("invalid", invalid),
              ("new", new_dialog)]

    def next_phase():
        if not phases:
            application.quit()
            return
        name, step = phases.pop(0)
        step()
        def ready():
            focus = QApplication.focusWidget()
            print(f"PHASE {name} (focus: {type(focus).__name__} "
                  f"{focus.accessibleName() if focus else ''})", flush=True)
        QTimer.singleShot(300, ready)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_line():
        if not sys.stdin.readline():     # the test has gone
            application.quit()
            return
        # The registry tells Qt of a new listener by a signal on another connection:
        # give it time to arrive, or Qt would not send the focus event being listened for.
        QTimer.singleShot(250, next_phase)
    notifier.activated.connect(on_line)
    # after the first paint and the checks; each phase then waits for its line
    QTimer.singleShot(1500, lambda: print("STARTED", flush=True))
    code = application.exec()
    win.autosaver.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
