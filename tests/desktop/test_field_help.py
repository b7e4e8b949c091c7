"""A field's help shows beside it while it has the focus, over nothing else on the page;
the tooltip keeps it too."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication


def _rect(w, body) -> QRect:
    return QRect(w.mapTo(body, QPoint(0, 0)), w.size())


def test_help_follows_the_focus_beside_the_field(sample_window, qtbot):
    w = sample_window
    w.resize(1280, 800)
    page = w.go_to_page("details")
    QApplication.processEvents()
    fields = list(page.fields.values())
    first, second = fields[0], fields[1]
    first.widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: page.help.isVisible())
    assert page.help.text() == first.desc.help
    assert first.desc.help in first.widget.toolTip()
    body = page.help.parentWidget()
    box = _rect(page.help, body)
    assert box.left() > _rect(first.marker, body).right()          # beside, not over it
    assert box.top() == _rect(first.widget, body).top()
    assert box.right() <= body.width()
    for f in fields:                                  # it covers no box on the page
        assert not box.intersects(_rect(f.widget, body)), f.path
    assert page.help.height() >= page.help.heightForWidth(page.help.width())   # nothing cut
    qtbot.keyClick(first.widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.help.text() == second.desc.help)
    assert page.help.isVisible()
    w.sidebar.setFocus()
    qtbot.waitUntil(lambda: not page.help.isVisible())


def test_in_a_narrow_window_the_help_goes_under_the_field(sample_window, qtbot):
    w = sample_window
    page = w.go_to_page("headcount")
    w.resize(700, 700)
    QApplication.processEvents()
    f = next(iter(page.fields.values()))
    f.widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: page.help.isVisible())
    body = page.help.parentWidget()
    assert _rect(page.help, body).top() >= _rect(f.widget, body).bottom()


def test_in_a_group_the_help_clears_the_group_frame(sample_window, qtbot):
    from PySide6.QtWidgets import QGroupBox
    w = sample_window
    w.resize(1280, 800)
    page = w.go_to_page("headcount")
    QApplication.processEvents()
    f = page.fields["headcount.function_fte.hr"]
    f.widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: page.help.isVisible())
    body = page.help.parentWidget()
    group = next(g for g in page.findChildren(QGroupBox) if g.isAncestorOf(f.widget))
    assert _rect(page.help, body).left() > _rect(group, body).right()
