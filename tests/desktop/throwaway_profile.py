"""A fresh user profile for a program started by a test driver: its settings,
autosaves and recent files go to a temporary folder, never the tester's own."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def throwaway_profile(prefix: str) -> Path:
    """Point HOME and the XDG folders at a new temporary folder, and return it."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(home / sub)
    return home
