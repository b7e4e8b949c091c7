"""Going places: pages, fields, cells and findings, by sidebar, menu and F8."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.pages.registry import PAGE_KEYS, PAGES, page_of, real_path


class NavigationMixin:
    """Every page answers the same small Page protocol (desktop.pages.base)."""

    def _on_sidebar(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.stack.setCurrentWidget(self.pages[PAGES[row][0]])

    def current_page(self) -> str:
        shown = self.stack.currentWidget()
        return next((k for k, p in self.pages.built.items() if p is shown), PAGES[0][0])

    def go_to_page(self, key: str, focus: bool = True) -> QWidget:
        page = self.pages[key]
        self.sidebar.setCurrentRow(PAGE_KEYS.index(key))
        self.stack.setCurrentWidget(page)
        if focus:
            (page.first_input() or page).setFocus(Qt.FocusReason.ShortcutFocusReason)
        return page

    def go_to_path(self, path: str) -> bool:
        """Show the page holding ``path`` and put the focus on its input or cell."""
        if not path:
            return False
        key = page_of(path)
        page = self.go_to_page(key, focus=False)
        if path.startswith("explanations:"):
            return page.focus_explanation(path.split(":", 1)[1])
        if page.focus_path(path):
            return True
        (page.first_input() or page).setFocus()
        return False

    def go_to_finding(self, paths: tuple) -> bool:
        target = real_path(tuple(paths))
        if not target:
            self.go_to_page("benchmarks")
            return False
        return self.go_to_path(target)

    def next_finding(self) -> None:
        # What is wrong first, then what is still to do.
        blocking = sorted(self.doc.report.blocking, key=self.progress.is_todo)
        if not blocking:
            self.notify("Nothing blocks export: no errors or unexplained queries.")
            return
        self._finding_cursor = (getattr(self, "_finding_cursor", -1) + 1) % len(blocking)
        f = blocking[self._finding_cursor]
        self.go_to_finding(f.paths)
        self.notify(f.message)

    def _focus_findings(self) -> None:
        self.dock.show()
        self.findings.tree.setFocus()
        if not self.findings.tree.currentItem():
            self.findings.tree.setCurrentItem(self.findings.tree.topLevelItem(0))
