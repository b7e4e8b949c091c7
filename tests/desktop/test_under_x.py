"""Under a real X server and window manager, driven by xdotool as an officer's keyboard
(issue 14 §2, §3): what the offscreen platform cannot show."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.desktop.quit_driver import SAMPLE
from tests.desktop.xserver import start_program, wait_for_window, xdotool, xserver  # noqa: F401


def test_ctrl_e_in_a_text_box_opens_export(xserver, tmp_path):
    prog = start_program(xserver, tmp_path, "open", str(SAMPLE))
    try:
        win = wait_for_window(xserver, "sample-return")
        xdotool(xserver, "windowactivate", "--sync", win)
        xdotool(xserver, "key", "--clearmodifiers", "alt+b")     # Body name: a text box
        xdotool(xserver, "type", "Schools")
        xdotool(xserver, "key", "--clearmodifiers", "ctrl+e")    # on X11 also end-of-line
        wait_for_window(xserver, "Export and sign", timeout=15)
    finally:
        prog.kill()
        prog.wait(10)


def test_quit_after_creating_a_key_under_x(xserver):
    env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb"}
    driver = os.path.join(os.path.dirname(__file__), "quit_driver.py")
    for _ in range(3):
        done = subprocess.run([sys.executable, driver, "export-create-key"], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-3000:]
