"""A real X server (Xvfb) with a window manager (openbox), for what offscreen cannot show:
focus, the platform's own key bindings, crashes under a real display."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_display() -> int:
    for n in range(77, 120):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture(scope="session")
def xserver():
    """DISPLAY of a fresh Xvfb with openbox; skips where they are not installed."""
    missing = [b for b in ("Xvfb", "xdotool") if shutil.which(b) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (packaging/install-system-deps.sh installs them)")
    n = _free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.05)
    env = {**os.environ, "DISPLAY": f":{n}"}
    wm = (subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) if shutil.which("openbox") else None)
    probe = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication;"
                            " QApplication([])"], env={**env, "QT_QPA_PLATFORM": "xcb"},
                           capture_output=True, text=True, timeout=60)
    try:
        if probe.returncode != 0:
            pytest.skip("Qt's xcb platform plugin cannot load (libxcb-cursor0 and the other "
                        "xcb libraries: packaging/install-system-deps.sh): "
                        + probe.stderr.strip().splitlines()[-1:][0] if probe.stderr.strip() else "")
        time.sleep(0.5)                      # the window manager takes its screen
        yield f":{n}"
    finally:
        for p in (wm, xvfb):
            if p is not None:
                p.terminate()
                p.wait(10)


def xdotool(display: str, *args: str, timeout: float = 20) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=timeout)
    return done.stdout.strip()


def wait_for_window(display: str, name: str, timeout: float = 30) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = xdotool(display, "search", "--onlyvisible", "--name", name)
        if found:
            return found.splitlines()[0]
        time.sleep(0.2)
    raise AssertionError(f"no window named {name!r} appeared within {timeout:.0f} s")


def start_program(display: str, home: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share")}
    return subprocess.Popen([sys.executable, "-m", "desktop.launcher", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
