"""Tab goes as the window reads (issue 14 §2): the sidebar, the page's boxes top to bottom,
then the findings panel, then round to the sidebar; on every page, however late it is
built (pages are built after the findings dock, which Qt's chain would put first)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


def _tab_round(window, qtbot, app, limit=80):
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: app.focusWidget() is window.sidebar)
    seen = [window.sidebar]
    for _ in range(limit):
        qtbot.keyClick(app.focusWidget(), Qt.Key.Key_Tab)
        w = app.focusWidget()
        if w is window.sidebar:
            return seen
        seen.append(w)
    raise AssertionError("Tab never came back to the sidebar")


@pytest.mark.parametrize("page", ["details", "headcount", "spend"])
def test_sidebar_then_the_page_then_the_findings(sample_window, qtbot, app, page):
    sample_window.go_to_page(page)
    qtbot.wait(10)
    seen = _tab_round(sample_window, qtbot, app)
    shown = sample_window.pages.built[page]
    assert seen[-1] is sample_window.findings.tree          # last before the sidebar again
    inside = seen[1:-1]
    assert inside and all(shown.isAncestorOf(w) for w in inside), \
        [w.accessibleName() for w in inside if not shown.isAncestorOf(w)]
