"""BACKOFFICE_STARTUP_PROBE: the program says READY after its first paint and CHECKED
once its checks are shown (bench/bench_bundle.py times the bundle by it); without it,
nothing is printed."""
import os
import subprocess
import sys

from project_paths import ROOT, SAMPLE


def _start(tmp_path, probe: str | None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d"),
               PYTHONPATH=str(ROOT))
    env.pop("BACKOFFICE_STARTUP_PROBE", None)
    if probe is not None:
        env["BACKOFFICE_STARTUP_PROBE"] = probe
    return subprocess.Popen([sys.executable, "-m", "desktop.launcher", "open", str(SAMPLE)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def test_the_probe_says_ready_then_checked(tmp_path):
    proc = _start(tmp_path, "1")
    try:
        words = [proc.stdout.readline().split()[0] for _ in range(2)]
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert words == ["READY", "CHECKED"]


def test_the_probe_can_write_to_a_file(tmp_path):
    log = tmp_path / "probe.txt"
    proc = _start(tmp_path, str(log))
    try:
        import time
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "CHECKED" not in (
                log.read_text() if log.exists() else ""):
            time.sleep(0.05)
    finally:
        proc.kill()
        out = proc.communicate(timeout=30)[0]
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["READY", "CHECKED"]
    assert out == ""
