"""The program's own folders are read-only templates: never save or export into them.

On a managed Windows desktop the program folder is read-only, and policy forbids
writing beside the program anyway. A draft opened from there (the sample, say)
is treated as untitled: Save asks where to keep it, starting in Documents.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QStandardPaths


@lru_cache(maxsize=1)
def program_folders() -> tuple[Path, ...]:
    """The installed resources folder and the folders of the program's own packages."""
    import importlib.resources

    import desktop
    import forms
    import validators
    found: list[Path] = []
    try:
        found.append(Path(str(importlib.resources.files("resources"))).resolve())
    except (ModuleNotFoundError, TypeError):
        pass
    for pkg in (desktop, forms, validators):
        found.append(Path(pkg.__file__).resolve().parent)
    if getattr(sys, "frozen", False):   # a bundled program: everything beside the executable
        found.append(Path(sys.executable).resolve().parent)
    return tuple(found)


def inside_program(path: Path | str) -> bool:
    """True if ``path`` is in (or is) one of the program's own folders."""
    try:
        p = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    return any(p == f or f in p.parents for f in program_folders())


def documents_folder() -> Path:
    """Documents, created if the profile lacks it; else the home folder. Never the
    program's folder (the current folder, when started from a shortcut)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs:
        folder = Path(docs)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if folder.is_dir() and not inside_program(folder):
            return folder
    return Path.home()
