"""A multi-line box's frame that shows focus at a glance (issue 14 §2).

Some styles draw a multi-line box with no frame at all. Apart from the focus
ring's style (desktop/widgets/focus_ring.py) so that the pages can use it
without loading QStyle for Python before the window's first paint.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

RING = 2     # pixels: the focus ring's width, and a focused multi-line box's frame


def multiline_frame(widget: QWidget) -> str:
    """A multi-line box's frame: 1 px at rest, 2 px in the accent colour when focused
    (padding keeps the text still as it thickens)."""
    cls = widget.metaObject().className()
    return (f"{cls} {{ border: 1px solid palette(mid); border-radius: 2px; padding: 1px; }}"
            f"{cls}:focus {{ border: {RING}px solid palette(highlight); padding: 0px; }}")
