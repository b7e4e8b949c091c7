"""The findings panel: every finding grouped by severity with counts; Enter on one
(or a double-click) takes the officer to the field or cell it concerns."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from forms.schema.wording import plural
from validators.findings import Finding, Report

from desktop.widgets.field_state import icon_for, ok_icon

# A very large return can raise thousands of findings; the panel shows the first
# of each group (the Checks page and `backoffice validate` list them all).
MAX_SHOWN = 300
PATHS_ROLE = Qt.ItemDataRole.UserRole + 1
# group -> (title, state of its icon); "todo" holds the errors that are blank answers
# not yet due (see desktop/window/progress.py): collapsed, as they are progress, not faults.
GROUPS = (("error", "Errors", "error"), ("query", "Queries", "query"),
          ("todo", "To do", "todo"), ("benchmark", "Benchmarks", "explained"))
ToDo = Callable[[Finding], bool]


def never(_f: Finding) -> bool:
    return False


def finding_state(report: Report, f: Finding, todo: ToDo = never) -> str:
    if f.severity == "query":
        return "explained" if report.explained(f) else "query"
    if f.severity == "error":
        return "todo" if todo(f) else "error"
    return "explained"


def group_of(f: Finding, todo: ToDo) -> str:
    return "todo" if f.severity == "error" and todo(f) else f.severity


class FindingsPanel(QWidget):
    activated = Signal(tuple)     # the finding's paths

    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel("Checking the return…", self)   # until the first report
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Findings")
        self.tree.setAccessibleDescription("Errors, queries and benchmarks. Press Enter on a "
                                           "finding to go to its field.")
        self.tree.itemActivated.connect(self._activate)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree)
        self._groups: dict[str, QTreeWidgetItem] = {}
        for sev, title, _ in GROUPS:
            g = QTreeWidgetItem(self.tree, [title])
            g.setExpanded(sev not in ("todo", "benchmark"))
            self._groups[sev] = g
        self._last: list[tuple] | None = None     # nothing shown yet: the first report always is

    def update_report(self, report: Report, todo: ToDo = never) -> None:
        sig = [(f.key, f.message, finding_state(report, f, todo)) for f in report.findings]
        if sig == self._last:
            return
        self._last = sig
        grouped: dict[str, list[Finding]] = {sev: [] for sev, _, _ in GROUPS}
        for f in report.findings:
            grouped[group_of(f, todo)].append(f)
        self.tree.setUpdatesEnabled(False)
        try:
            for sev, title, state in GROUPS:
                g = self._groups[sev]
                found = grouped[sev]
                count = f"{title} ({len(found)})"
                if sev == "query" and found:
                    open_ = sum(1 for f in found if not report.explained(f))
                    count = f"{title} ({len(found)}, {open_} unexplained)"
                g.setText(0, count)
                g.setHidden(sev == "todo" and not found)     # a group only while there is any
                g.setIcon(0, icon_for(state) if found else ok_icon())
                g.takeChildren()
                items = []
                for f in found[:MAX_SHOWN]:
                    st = finding_state(report, f, todo)
                    prefix = "Explained: " if st == "explained" and sev == "query" else ""
                    it = QTreeWidgetItem([prefix + f.message])
                    it.setIcon(0, icon_for(st))
                    it.setToolTip(0, f.message)
                    it.setData(0, PATHS_ROLE, f.paths)
                    items.append(it)
                if len(found) > MAX_SHOWN:
                    items.append(QTreeWidgetItem([f"… and {len(found) - MAX_SHOWN} more "
                                                  "(fix the ones above first)"]))
                g.addChildren(items)
        finally:
            self.tree.setUpdatesEnabled(True)
        to_do = len(grouped["todo"])
        blocking = len(report.blocking) - to_do
        words = (f"{plural(blocking, 'finding')} {'blocks' if blocking == 1 else 'block'} "
                 "export: fix the errors, and fix or explain the queries." if blocking else "")
        if to_do:
            words += (f" {plural(to_do, 'answer')} still to give (To do)." if blocking else
                      f"{plural(to_do, 'answer')} still to give (To do) before you can export.")
        self.summary.setText(words.strip() or "Nothing blocks export.")

    def _activate(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        paths = item.data(0, PATHS_ROLE)
        if paths:
            self.activated.emit(tuple(paths))
        elif item.childCount():
            item.setExpanded(not item.isExpanded())
