"""The window's menus and actions, and Help."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from desktop.pages.registry import PAGES
from desktop.window.prompts import APP_TITLE

if TYPE_CHECKING:
    from PySide6.QtGui import QAction


class MenusMixin:
    """File, Edit, Go and Help; every action runs through ``_guard``."""

    # Their dialogs load when first asked for, not at start-up.
    def _save_pdf(self) -> None:
        from desktop.files.pdf import save_pdf
        save_pdf(self)

    def _export_public_key(self) -> None:
        from desktop.dialogs.public_key import export_public_key
        export_public_key(self)

    def _action(self, menu, text: str, slot: Callable, keys=None, tip: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence
        act = QAction(text, self)
        if keys is not None:
            act.setShortcut(QKeySequence(keys))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: self._guard(slot))
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        """The menu bar's titles, as the first paint shows them; their actions come
        with _fill_menus (at start-up just after that paint, before anyone can type:
        Qt's action and key-sequence classes cost a few ms to load)."""
        mb = self.menuBar()
        self._menus = [mb.addMenu(title) for title in ("&File", "&Edit", "&Go", "&Help")]
        self._menus_filled = False

    def _fill_menus(self) -> None:
        if self._menus_filled:
            return
        self._menus_filled = True
        from PySide6.QtGui import QKeySequence
        K = QKeySequence.StandardKey
        f, e, g, h = self._menus
        self._action(f, "&New return…", self.new_return, K.New,
                     "Start a return for your organisation, pre-filled with its commitments.")
        self._action(f, "&Open…", self.open_file, K.Open, "Open a draft (.json) or a signed "
                     "workbook (.xlsx).")
        self.recent_menu = f.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, "&Import last year's return…", self.import_previous, None,
                     "Last year's figures give year-on-year checks and the Benchmarks chart.")
        f.addSeparator()
        self._action(f, "&Save", self.save, K.Save)
        self._action(f, "Save &as…", self.save_as, K.SaveAs)
        f.addSeparator()
        self._action(f, "E&xport and sign…", self.export, "Ctrl+E",
                     "Write the signed workbook for the Treasury.")
        self._action(f, "&Print / Save as PDF…", self._save_pdf, K.Print,
                     "The whole return with its checks, for the senior officer who approves it.")
        self._action(f, "Save p&ublic key for HM Treasury…", self._export_public_key, None,
                     "Save a signing key's public key (.pem) to file with HM Treasury.")
        self._action(f, "&Consolidate returns…", lambda: open_consolidation(self), None,
                     "Verify a folder of received returns and build the consolidated tables.")
        f.addSeparator()
        quit_ = self._action(f, "&Quit", self.close, K.Quit)
        if quit_.shortcut().isEmpty():
            quit_.setShortcut(QKeySequence("Ctrl+Q"))
        undo = self.doc.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(K.Undo)
        redo = self.doc.undo.createRedoAction(self, "&Redo")
        redo.setShortcuts(QKeySequence.keyBindings(K.Redo) + [QKeySequence("Ctrl+Y")])
        undo.setProperty("help_name", "Undo")      # its text names the change it undoes
        redo.setProperty("help_name", "Redo")
        e.addAction(undo)
        e.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        for i, (key, title, _) in enumerate(PAGES):
            self._action(g, f"&{i + 1} {title}", lambda k=key: self.go_to_page(k), f"Ctrl+{i + 1}")
        g.addSeparator()
        self._action(g, "&Next finding", self.next_finding, "F8",
                     "Go to the field of the next error or query.")
        self._action(g, "Findings &panel", self._focus_findings, "F6")
        self._action(g, "Page &list", lambda: self.sidebar.setFocus(), "Ctrl+L")
        guide = self._action(h, "&User guide", self._show_guide, K.HelpContents,
                             "What the return is, each page, checks, signing and what to send.")
        if guide.shortcut().isEmpty():        # a platform with no standard help key
            guide.setShortcut(QKeySequence("F1"))
        self._action(h, "&Keyboard shortcuts", self._show_keys)
        self._action(h, "&About", self._about)

    def _show_keys(self) -> None:
        from desktop.dialogs.help import show_keys     # built when asked for, from the menus
        show_keys(self)

    def _show_guide(self) -> None:
        from desktop.dialogs.help import show_guide
        title = next((t for k, t, _ in PAGES if k == self.current_page()), "")
        show_guide(self, title)

    def _about(self) -> None:
        from desktop.crash import log_path
        where = f" Log file: {log_path()}"
        from forms.schema.version import VERSION
        self.inform("About", f"{APP_TITLE} {VERSION}: the annual back-office benchmarking return for "
                    f"HM Treasury. Works entirely offline.{where}", warning=False)


def open_consolidation(win) -> None:
    """The Treasury's window; imported when asked for, so pandas never loads at start-up."""
    from desktop.consolidate import open_window
    open_window(win)
