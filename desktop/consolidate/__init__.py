"""File › Consolidate returns…: the Treasury's window over forms.consolidate.

Importing this package costs nothing: the window, its models and pandas are
loaded only when the analyst opens it (never on the program's start-up path).
"""
from __future__ import annotations


def open_window(parent=None):
    """Show the consolidation window (one per main window), raising it if already open."""
    from desktop.consolidate.window import ConsolidateWindow
    win = getattr(parent, "_consolidate_window", None)
    if win is None:
        win = ConsolidateWindow(parent)
        if parent is not None:
            parent._consolidate_window = win
    win.show()
    win.raise_()
    win.activateWindow()
    return win
