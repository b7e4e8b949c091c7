"""A session D-Bus with the AT-SPI registry beside the Xvfb of xserver.py, and the tree a
screen reader (Orca) would find there, read by the system python's pyatspi."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.desktop.xserver import xserver  # noqa: F401 (the display it joins)

SYSTEM_PYTHON = "/usr/bin/python3"       # gi and Atspi come from apt, not from the venv
WALKER = Path(__file__).with_name("atspi_walk.py")
APP_NAME = "Back Office Return"
PACKAGES = "dbus, at-spi2-core, python3-pyatspi and gir1.2-atspi-2.0"


@pytest.fixture(scope="module")
def a11y_bus(xserver):  # noqa: F811
    """Environment for a program on the display, its session bus and the AT-SPI bus;
    skips (saying why) only when that bus cannot start here."""
    if shutil.which("dbus-daemon") is None or not Path(SYSTEM_PYTHON).exists():
        pytest.skip(f"needs dbus-daemon and {SYSTEM_PYTHON} with pyatspi ({PACKAGES}: "
                    "packaging/install-system-deps.sh)")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = daemon.stdout.readline().strip()
        env = {k: v for k, v in os.environ.items() if k != "AT_SPI_BUS_ADDRESS"}
        env.update(DISPLAY=xserver, DBUS_SESSION_BUS_ADDRESS=address)
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0');"
             "from gi.repository import Atspi; assert Atspi.get_desktop(0) is not None;"
             "print(Atspi.get_desktop(0).get_child_count())"],
            env=env, capture_output=True, text=True, timeout=30)
        if not address or probe.returncode != 0:
            why = (probe.stderr.strip().splitlines() or ["no session bus address"])[-1]
            pytest.skip(f"the AT-SPI bus cannot start here ({PACKAGES}): {why}")
        yield env
    finally:
        daemon.terminate()
        daemon.wait(10)


class Walker:
    """The walker listening for focus as a screen reader does; ``read()`` ends it and
    returns {"tree": the program's tree, "focus": what last took the focus}."""

    def __init__(self, env: dict, timeout: float = 20):
        self.timeout = timeout
        self.proc = subprocess.Popen([SYSTEM_PYTHON, str(WALKER), APP_NAME, str(timeout)],
                                     env=env, text=True, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = self.proc.stdout.readline()
        assert first.strip() == "listening", first + self.proc.stderr.read()[-2000:]

    def read(self) -> dict:
        try:
            out, err = self.proc.communicate("\n", timeout=self.timeout + 60)
        finally:
            self.proc.kill()
        assert self.proc.returncode == 0, (f"{APP_NAME} is not on the accessibility bus "
                                           f"(exit {self.proc.returncode}): {err[-2000:]}")
        return json.loads(out)


def nodes(tree: dict):
    yield tree
    for child in tree["children"]:
        yield from nodes(child)


def spoken_name(node: dict) -> str:
    """What a screen reader says for it before its role: its labels, then its own name
    (once: Orca does not repeat a name that its label already said)."""
    labels = [lb for lb in node["labels"] if lb]
    said = labels + ([node["name"]] if node["name"] and node["name"] not in labels else [])
    return " ".join(said).strip()
