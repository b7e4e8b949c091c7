"""The start-up path paints without the focus ring's style and installs it once the
checks are shown (desktop.app._focus_ring_once_checked): the ring still arrives,
with the checks' marks in the sidebar (at the first paint its current page shows no
focus frame at all: looked at in a grab of both)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"

_DRIVER = r"""
import json, sys
sys.path.insert(0, sys.argv[2])
from tests.desktop.throwaway_profile import throwaway_profile
throwaway_profile("ring-later-")
from pathlib import Path
from PySide6.QtCore import QElapsedTimer
import desktop.app as A
app = A.make_app(focus_ring=False)          # as desktop.app.run starts
win = A.open_window(Path(sys.argv[1]))
app.processEvents()                          # the first paint
first = {"style": type(app.style()).__name__,
         "module_loaded": "desktop.widgets.focus_ring" in sys.modules}
clock = QElapsedTimer(); clock.start()
while type(app.style()).__name__ != "FocusRingStyle" and clock.elapsed() < 5000:
    app.processEvents()
print(json.dumps({"first": first, "checked": win.doc.checked_once and win.doc.ready,
                  "later": type(app.style()).__name__, "ms": clock.elapsed()}))
"""


def test_the_focus_ring_follows_the_first_checks():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", _DRIVER, str(SAMPLE), str(ROOT)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["first"]["style"] != "FocusRingStyle"
    assert not out["first"]["module_loaded"]       # QStyle not made for Python yet
    assert out["checked"] and out["later"] == "FocusRingStyle"
    assert out["ms"] < 3000                        # with the checks, not the 3 s fallback


def test_make_app_installs_it_at_once_by_default(app):
    from desktop.widgets.focus_ring import FocusRingStyle
    assert isinstance(app.style(), FocusRingStyle)
