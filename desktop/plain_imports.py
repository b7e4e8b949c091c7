"""Python's own import once Qt is loaded: start-up time, not behaviour.

PySide6 replaces ``builtins.__import__`` with a wrapper that serves
``from __feature__ import snake_case`` and then inspects every later import
of every module (which modules use PySide). The program uses no such
feature, and the wrapper costs milliseconds per hundred imports on the open
path. The plain import is taken before PySide6 loads (``desktop/__init__``
imports this module first) and put back once Qt's modules are in.

If PySide6 was imported before the desktop package (a test harness, say),
the plain import is unknown and nothing is changed.
"""
from __future__ import annotations

import builtins

_PLAIN = builtins.__import__
_WRAPPER_NAME = "__feature_import__"     # PySide6 6.8-6.11 (bounded in pyproject.toml)


def known() -> bool:
    """The import taken at start was Python's own, not PySide6's wrapper."""
    return getattr(_PLAIN, "__name__", "") == "__import__"


def restore() -> bool:
    """Put back Python's own import if PySide6's wrapper replaced it; True if it did."""
    current = builtins.__import__
    if known() and current is not _PLAIN and getattr(current, "__name__", "") == _WRAPPER_NAME:
        builtins.__import__ = _PLAIN
        return True
    return False
