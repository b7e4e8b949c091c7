"""Recently opened returns, kept in the user's settings (QSettings), newest first."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent_files"
MAX_RECENT = 8


def recent_files(settings: QSettings | None = None) -> list[Path]:
    raw = (settings or QSettings()).value(KEY, [])
    if isinstance(raw, str):      # QSettings gives a lone string for a one-item list
        raw = [raw]
    return [Path(p) for p in (raw or []) if isinstance(p, str) and p]


def _store(paths: list[Path], settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(KEY, [str(p) for p in paths[:MAX_RECENT]])


def add_recent(path: Path, settings: QSettings | None = None) -> None:
    """``settings``: a QSettings the caller writes more to, so the file is written once."""
    path = Path(path).resolve()
    _store([path] + [p for p in recent_files(settings) if p != path], settings)


def remove_recent(path: Path) -> None:
    _store([p for p in recent_files() if p != Path(path)])
