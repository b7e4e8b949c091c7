"""Atomic file writes: a crash mid-save never leaves a corrupt or empty file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def write_atomic(path: str | os.PathLike, data: bytes | Callable[[Path], None],
                 mode: int = 0o666) -> None:
    """Write ``data`` (bytes, or a function that writes a given path) to ``path``.

    The new content goes to a temporary file in the same folder, is flushed to
    disk, then renamed over the target: readers see the old file or the new
    one, never half of one. ``mode`` 0o600 keeps a file to its owner (key files).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    # Not mkstemp: its 0600 mode would stick to the file; 0666 less the umask is
    # what an ordinary save gives.
    tmp = folder / f".{target.name}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable where the OS allows (not on Windows).
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
