"""Start-up (issue 14 §5): with pydantic plugins disabled, as the desktop program has them,
building the models never imports importlib.metadata only to find no plugins; an IT
department that turns plugins back on gets pydantic's own loader."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import sys, desktop.app\n"
         "from forms.schema.model import Return\n"
         "from validators.engine import check\n"
         "check(Return())\n"
         "import pydantic.plugin._loader as loader\n"
         "print('importlib.metadata' in sys.modules, hasattr(loader, 'entry_points'))\n")


def _probe(**env) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environ.update(env, QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return " ".join(done.stdout.split()[-2:])


def test_models_build_without_reading_package_metadata():
    assert _probe() == "False False"


def test_plugins_turned_back_on_use_pydantic_own_loader():
    assert _probe(PYDANTIC_DISABLE_PLUGINS="some-plugin").split()[1] == "True"
