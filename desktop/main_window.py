"""The main window's shell: its layout and the wiring between document, pages and parts.

What the window does lives in its parts (desktop/window/): menus, prompts,
files, navigation and status. The document (return + undo + live checks)
drives the pages; the window never lets an error the officer can cause
become a traceback. Prompts are methods (``ask_save_changes``, ``inform``…)
so tests can answer them without a dialog.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMainWindow, QStackedWidget,
                               QVBoxLayout, QWidget)

from forms.schema.errors import UserError

from desktop.document import IDLE_MS, Document
from desktop.files.autosave import Autosaver
from desktop.files.recent import remove_recent
from desktop.pages.base import Page
from desktop.pages.registry import FORM_PAGES, PAGES, TOTALS, Pages
from desktop.widgets.findings_panel import FindingsPanel
from desktop.window.files import FilesMixin
from desktop.window.findings_dock import FindingsDock
from desktop.window.menus import MenusMixin, open_consolidation  # noqa: F401 (tests patch it here)
from desktop.window.navigation import NavigationMixin
from desktop.window.progress import Progress
from desktop.window.prompts import APP_TITLE, DRAFT_FILTER, PromptsMixin  # noqa: F401
from desktop.window.status import StatusMixin

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

log = logging.getLogger("backoffice")
FINISH_START_LATEST_MS = 1000


class MainWindow(MenusMixin, PromptsMixin, FilesMixin, NavigationMixin, StatusMixin, QMainWindow):
    def __init__(self, autosave_ms: int | None = None, *, defer_checks: bool = False):
        """``defer_checks``: the start-up path. The window is drawn first and the
        models, rule pack and checks load right after its first paint (finish_start)."""
        super().__init__()
        self.progress = Progress()   # which blank answers are to do, which errors
        self._progress_of = -1       # the generation of the return it describes
        self._progress_guess: set[str] | None = None   # its start taken from the check cache
        self._filling = False        # the program, not the officer, is filling answers in
        self._page_shown = "details"
        self.doc = Document(self)
        self.setWindowTitle(APP_TITLE)
        self.resize(1180, 780)
        self._build_pages()
        self._build_layout()
        self._build_menus()
        if not defer_checks:
            self._fill_menus()
        self.program_keys = None
        kwargs = {} if autosave_ms is None else {"interval_ms": autosave_ms}
        # At start-up its lock is taken with its first autosave: nothing to guard before.
        self.autosaver = Autosaver(self.doc, parent=self, claim=not defer_checks, **kwargs)
        self.autosaver.failed.connect(self._on_autosave_failed)
        self.autosaver.recovered.connect(self._on_autosave_recovered)
        d = self.doc
        d.checked.connect(self._on_checked)
        d.checked.connect(lambda: self.dock.fit(self.doc.generation))   # after the panel fills
        d.file_changed.connect(self._update_title)
        d.dirty_changed.connect(lambda _d: self._update_title())
        d.changed.connect(self._on_changed)
        d.reveal.connect(self.go_to_path)
        d.load_failed.connect(self._on_load_failed)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)
        self._closing = False
        self._autosave_warning: QLabel | None = None
        self._autosave_told = False
        self._refusals_shown: dict[str, str] = {}   # refused entries as of the last check
        self._started = not defer_checks
        if defer_checks:
            self.header.installEventFilter(self)     # its first paint: see eventFilter
            # Should nothing be painted (a window opened minimised), start anyway.
            QTimer.singleShot(FINISH_START_LATEST_MS, self, self.finish_start)
        else:
            d.check_now()
            self._watch_events()
        self._update_title()
        self.statusBar().showMessage("File › New (Ctrl+N) starts a return for your "
                                     "organisation; File › Open (Ctrl+O) opens a draft or a "
                                     "signed workbook.")
        self.go_to_page("details", focus=False)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.header and event.type() == QEvent.Type.Paint:
            self.header.removeEventFilter(self)
            # After this paint reaches the screen, not inside it.
            QTimer.singleShot(0, self, self.finish_start)
        return super().eventFilter(obj, event)

    def finish_start(self) -> None:
        """Validate the return shown at start-up and run the checks (once)."""
        if self._started:
            return
        self._started = True
        self._fill_menus()      # the actions and their shortcuts, before anyone can type
        # Event filters from the first paint on: the first event of each kind a filter
        # sees is wrapped for Python (tens of ms), which that paint need not wait for.
        self._watch_events()
        if self.doc.showing_cached:
            # The last check of this very draft is shown (show_cached_check): the real
            # one follows in idle time; an edit before then validates the return at once.
            QTimer.singleShot(IDLE_MS, self, self.doc.finish_loading)
        else:
            self.doc.finish_loading()

    def show_cached_check(self) -> None:
        """Start-up: the findings of the last check of the draft just shown, if kept, in
        the window's first paint with its values (desktop/files/check_cache.py)."""
        cached = self.doc.cached_check()
        if cached is not None:
            self._progress_of, self._progress_guess = self.doc.generation, set(cached.given)
            self.progress.start(cached.given)
            self.doc.show_cached(cached)

    def _watch_events(self) -> None:
        if self.program_keys is not None:
            return
        from desktop.window.program_keys import ProgramKeys
        self.program_keys = ProgramKeys(self)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self.program_keys)
        self.dock.watch_separator()

    def _on_load_failed(self, message: str, path: str) -> None:
        if path:
            remove_recent(Path(path))     # as if it had never opened
        self.notify(f"Could not open {Path(path).name}." if path else "Could not open the draft.")
        generation = self.doc.generation

        def tell() -> None:
            still = self.doc.generation == generation   # nothing else opened meanwhile
            self.inform("Cannot open", message + (" A blank return is shown instead; your "
                                                  "file is unchanged." if still else ""))
        # Reported from wherever the return was first needed: shown once that is over.
        QTimer.singleShot(0, self, tell)     # not if the window is gone

    def _build_pages(self) -> None:
        self.pages = Pages(self._build_page)
        self._bench = None
        # the latest field, cell and table states, for pages built after the check
        self._marks: tuple[dict, dict, dict] = ({}, {}, {})

    def _build_page(self, key: str) -> Page:
        d, n = self.doc, self.notify
        title = next(t for k, t, _ in PAGES if k == key)
        page: Page
        if key in FORM_PAGES:
            from desktop.pages.form import FormPage
            model, prefix, names, totals = FORM_PAGES[key]
            page = FormPage(d, key, title, prefix, model, n, names=names,
                            totals={p: TOTALS[t] for p, t in totals.items()})
            page.set_states(*self._marks)
        elif key == "checks":
            from desktop.pages.checks import ChecksPage
            page = ChecksPage(d, n, self.progress.is_todo)
            page.go.connect(self.go_to_finding)
            page.refresh()
        else:
            page = self._benchmarks_page()
            self._update_benchmarks()
        self.stack.addWidget(page)
        self._findings_after(page)
        return page

    def _findings_after(self, page: QWidget) -> None:
        """Tab goes sidebar, the page's boxes, then the findings (issue 14 §2: order follows
        the window). Pages are built after the dock, so Qt's chain would put the findings
        between the sidebar and every page."""
        last, w = None, page.nextInFocusChain()
        while w is not None and w is not page and page.isAncestorOf(w):
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = w
            w = w.nextInFocusChain()
        if last is not None:
            QWidget.setTabOrder(last, self.findings.tree)

    def _benchmarks_page(self) -> QWidget:
        from desktop.pages.benchmarks import BenchmarksPage
        page = BenchmarksPage()
        page.action_chosen.connect(self._choose_action)
        self._bench = page
        return page

    def _build_layout(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setAccessibleName("Return status")
        self.header.setContentsMargins(8, 6, 8, 6)
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setAccessibleDescription("The pages of the return and their state.")
        for key, title, _ in PAGES:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        # Titles on one line, a page's state on a second line beneath: the list is only
        # as wide as its words need, and never changes width as findings come and go.
        fm = self.sidebar.fontMetrics()
        icon = max(16, fm.height())
        self.sidebar.setIconSize(QSize(icon, icon))
        self.sidebar.setSpacing(1)
        self.sidebar.setWordWrap(True)     # "23 errors, 14 queries" takes a third line
        words = [t for _, t, _ in PAGES] + ["12 errors, 3 queries"]
        self.sidebar.setFixedWidth(max(fm.horizontalAdvance(w) for w in words) + icon
                                   + 4 * fm.horizontalAdvance("n") + 8)
        self.stack = QStackedWidget()     # pages join it as they are built
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        self.stack.currentChanged.connect(self._on_page_shown)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(6, 0, 6, 0)
        col.addWidget(self.header)
        col.addWidget(body, 1)
        self.setCentralWidget(central)
        self.findings = FindingsPanel()
        self.findings.activated.connect(self.go_to_finding)
        # As tall as the findings need, within limits, until the officer drags it.
        self.dock = FindingsDock(self.findings, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [self.fontMetrics().height() * 8], Qt.Orientation.Vertical)

    def _guard(self, slot: Callable) -> None:
        """Errors an officer can cause become a message; anything else goes to the crash hook."""
        try:
            slot()
        except UserError as e:
            self.inform(APP_TITLE, str(e))

    def commit_pending(self) -> list[str]:
        """Write what is typed in every box to the return; labels of refused boxes."""
        # Boxes drawn before the return was validated hold the draft's own text:
        # validate first, so a draft that fails is replaced before any box writes to it.
        self.finish_start()
        bad: list[str] = []
        for page in self.pages.built.values():     # a page never built holds no typing
            bad += page.commit_pending()
        return bad

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._closing = True
        self.autosaver.close()
        QSettings().setValue("window/geometry", self.saveGeometry())
        QSettings().setValue("window/state", self.saveState())
        event.accept()

    def restore_geometry(self) -> None:
        geo = QSettings().value("window/geometry")
        state = QSettings().value("window/state")
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)
