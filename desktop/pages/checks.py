"""The Checks page: errors to fix, and queries to fix or explain in their Explain box.

Explanations are stored in the return (``explanations[finding key]``) through
an undoable command when the officer leaves the box, and are exported with it.
Cards are kept by finding key between checks, so a re-check never takes away
a box the officer is typing in.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from forms.schema.errors import UserError
from forms.schema.wording import plural
from validators.findings import Finding, Report

from desktop.widgets.multiline_frame import multiline_frame
from desktop.widgets.field_state import icon_for
from desktop.widgets.findings_panel import ToDo, finding_state, never
from desktop.pages.base import Page

MAX_CARDS = 400


class ExplainBox(QPlainTextEdit):
    def __init__(self, commit: Callable[[], None], parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._commit = commit
        self.setStyleSheet(multiline_frame(self))   # its focus seen at a glance
        self.setPlaceholderText("Why is this figure right? e.g. 'Includes the one-off "
                                "transfer of the pensions team in May.'")
        self.setFixedHeight(self.fontMetrics().height() * 4 + 12)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self._commit()


class Card(QFrame):
    """One finding: marker, message, Go to field, and for a query its Explain box."""

    go = Signal(tuple)

    def __init__(self, page: "ChecksPage", f: Finding):
        super().__init__()
        self.page, self.key = page, f.key
        self.finding = f
        self.gone = False      # its finding went: losing focus must not write its key back
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.icon = QLabel()
        size = self.fontMetrics().height()
        self.icon.setFixedSize(size + 4, size + 4)
        self._size = size
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Go to field")
        self.button.clicked.connect(lambda: self.go.emit(self.finding.paths))
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        top.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.box: ExplainBox | None = None
        if f.severity == "query":
            label = QLabel("E&xplain:")
            self.box = ExplainBox(self.commit)
            label.setBuddy(self.box)
            lay.addWidget(label)
            lay.addWidget(self.box)
        self.update_finding(f, page.doc.report)

    def update_finding(self, f: Finding, report: Report) -> None:
        self.finding = f
        state = finding_state(report, f, self.page.todo)
        self.icon.setPixmap(icon_for(state).pixmap(self._size, self._size))
        words = {"error": "Error", "query": "Query, needs an explanation or a fix",
                 "explained": "Query, explained", "todo": "To do"}[state]
        self.message.setText(f"<b>{words}.</b> {f.message}")
        self.button.setAccessibleName(f"Go to the field for: {f.message}")
        if self.box is not None:
            self.box.setAccessibleName(f"Explanation for: {f.message}")
            stored = self.page.doc.ret.explanations.get(f.key, "")
            if not self.box.hasFocus() and self.box.toPlainText().strip() != stored:
                self.box.setPlainText(stored)

    def commit(self) -> None:
        if self.box is None or self.gone:
            return
        try:
            self.page.doc.set_explanation(self.key, self.box.toPlainText(),
                                          reveal=f"explanations:{self.key}")
        except UserError as e:
            self.page.notify(str(e))


class ChecksPage(QWidget, Page):
    go = Signal(tuple)

    def __init__(self, doc, notify: Callable[[str], None], todo: ToDo = never, parent=None):
        """``todo``: whether an error is a blank answer not yet due (the window refreshes
        the page after each check and whenever that changes)."""
        super().__init__(parent)
        self.doc, self.notify, self.todo = doc, notify, todo
        self.key = "checks"
        self.title = "Checks"
        self.cards: dict[str, Card] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        self.lay = QVBoxLayout(body)
        heading = QLabel("Checks")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        heading.setFont(f)
        self.lay.addWidget(heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lay.addWidget(self.summary)
        self.list = QVBoxLayout()
        self.lay.addLayout(self.list)
        self.more = QLabel()
        self.lay.addWidget(self.more)
        self.lay.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll)
        self._order: list[str] = []

    def refresh(self) -> None:
        report = self.doc.report
        # What is wrong first, then what is still to do.
        wanted = sorted((f for f in report.findings if f.severity in ("error", "query")),
                        key=self.todo)[:MAX_CARDS]
        order = [f.key for f in wanted]
        if order != self._order:
            keep = set(order)
            for key in list(self.cards):
                if key not in keep:
                    card = self.cards.pop(key)
                    card.gone = True
                    card.setParent(None)
                    card.deleteLater()
            for i, f in enumerate(wanted):
                card = self.cards.get(f.key)
                if card is None:
                    card = self.cards[f.key] = Card(self, f)
                    card.go.connect(self.go)
                self.list.insertWidget(i, card)
            self._order = order
        for f in wanted:
            self.cards[f.key].update_finding(f, report)
        total = len(report.errors) + len(report.queries)
        self.more.setText(f"… and {total - len(wanted)} more." if total > len(wanted) else "")
        open_q = sum(1 for f in report.queries if not report.explained(f))
        to_do = sum(1 for f in report.errors if self.todo(f))
        if not total:
            self.summary.setText("No errors or queries: the return is ready to export "
                                 "(File › Export and sign).")
        else:
            errors = len(report.errors) - to_do
            parts = [f"{plural(errors, 'error')} to fix"] if errors or not to_do else []
            if to_do:
                parts.append(f"{plural(to_do, 'answer')} still to give (To do)")
            if report.queries or not to_do:
                parts.append(f"{plural(len(report.queries), 'query')}, {open_q} still needing "
                             "a fix or an explanation")
            self.summary.setText("; ".join(parts) + "." + (
                " Queries that are right as they stand can be explained in their box; the "
                "explanation goes to the Treasury with the return." if report.queries else ""))

    def focus_explanation(self, key: str) -> bool:
        card = self.cards.get(key)
        if card is None or card.box is None:
            return False
        self.scroll.ensureWidgetVisible(card)
        card.box.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def commit_pending(self) -> list[str]:
        for card in self.cards.values():
            if card.box is not None and card.box.hasFocus():
                card.commit()
        return []

    def first_input(self):
        for card in self.cards.values():
            return card.box or card.button
        return None
