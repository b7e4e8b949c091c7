"""The project's bytecode compiled first, into the normal __pycache__, as an install has it.

pip compiles what it installs. Without this, under PYTHONDONTWRITEBYTECODE=1 (set on
the machines these benchmarks run on), every process would compile each module
edited since the last compile, from source, every time: the figures would measure
the compiler (a consolidation's workers: 250 returns in 3.3-3.9 s instead of 2.8-3.0).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("forms", "validators", "desktop", "resources")


def compile_bytecode() -> None:
    """python -m compileall -q forms validators desktop resources."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"compileall failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
