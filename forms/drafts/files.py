"""Reading a user's file: one clear message for each way it can be missing or wrong."""
from __future__ import annotations

from pathlib import Path

from forms.schema.errors import NotAReturn


def read_limited(path: str | Path, limit: int, what: str) -> bytes:
    """The file's bytes; NotAReturn naming ``what`` (e.g. "draft") if it cannot be read."""
    p = Path(path)
    try:
        if p.stat().st_size > limit:
            raise NotAReturn(f"{p.name} is too large to be a {what}.")
        return p.read_bytes()
    except FileNotFoundError:
        raise NotAReturn(f"The {what} {p} does not exist.") from None
    except IsADirectoryError:
        raise NotAReturn(f"{p} is a folder, not a {what}.") from None
    except PermissionError:
        raise NotAReturn(f"You do not have permission to read {p}.") from None
    except OSError as e:
        raise NotAReturn(f"Cannot read {p}: {e.strerror or e}.") from None
