"""The layers declared in pyproject.toml hold, and breaking one fails the suite."""
import shutil
import subprocess
import sys
from pathlib import Path

from project_paths import ROOT

LINT = Path(sys.executable).with_name("lint-imports.exe" if sys.platform == "win32" else "lint-imports")
PACKAGES = ("desktop", "forms", "validators", "resources")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(cwd), "PATH": ""}, timeout=120)


def test_every_import_runs_one_way():
    r = lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


def _copy_of_the_project(tmp_path: Path) -> Path:
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tmp_path / pkg,
                        ignore=shutil.ignore_patterns("__pycache__", "*.png", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_an_upward_import_fails(tmp_path):
    # A lazy import inside a function counts: the CLI reaching up into the GUI.
    root = _copy_of_the_project(tmp_path)
    target = root / "forms" / "cli" / "draft_commands.py"
    target.write_text(target.read_text() + "\n\ndef _sneaky():\n    from desktop import app\n")
    r = lint(root)
    assert r.returncode != 0
    assert "Layers: desktop -> cli" in r.stdout and "BROKEN" in r.stdout
    assert "forms.cli.draft_commands -> desktop.app" in r.stdout


def test_qt_in_the_core_fails(tmp_path):
    root = _copy_of_the_project(tmp_path)
    target = root / "validators" / "findings.py"
    target.write_text(target.read_text() + "\nimport PySide6.QtCore  # noqa\n")
    r = lint(root)
    assert r.returncode != 0 and "Only the desktop imports Qt BROKEN" in r.stdout
