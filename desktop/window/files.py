"""Files: new, open, save, import last year's, export, autosave and recovery."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QLabel

from forms.drafts.store import read_draft, save_draft
from forms.schema.errors import NotAReturn, UserError

from desktop.files.autosave import pending_recoveries
from desktop.files.program_folder import documents_folder, inside_program
from desktop.files.recent import add_recent, recent_files, remove_recent

if TYPE_CHECKING:
    from forms.schema.model import Return


def read_any(path: Path, notify) -> "Return":
    """A draft or a signed workbook as a return. A workbook (half a second at 2,000
    buildings, and openpyxl to import) is read on the task runner: the window keeps painting."""
    from forms.workbook.any_file import load_any   # lazy: a workbook pulls in openpyxl
    if path.suffix.lower() != ".xlsx":
        return load_any(path)
    from desktop.tasks import runner
    notify(f"Opening {path.name}…")
    return runner().run_and_wait(lambda: load_any(path), "open workbook")


class FilesMixin:
    """What the File menu does with the open return; errors become messages."""

    def _folder(self) -> Path:
        """Where Save as and Export start: the draft's folder, else the last, else Documents;
        never the program's own folder (a template opened from there starts in Documents)."""
        if self.doc.path and not inside_program(self.doc.path):
            return self.doc.path.parent
        if not self.doc.template:
            last = QSettings().value("last_folder", "")
            if last and Path(str(last)).is_dir() and not inside_program(str(last)):
                return Path(str(last))
        return documents_folder()

    def _suggested_name(self, suffix: str) -> str:
        """DCSF-2009-10-draft.json for a draft, DCSF-2009-10-return.xlsx for a workbook."""
        env = self.doc.ret.envelope
        kind = "draft" if suffix == ".json" else "return"
        parts = [p for p in (env.organisation, env.financial_year, kind) if p]
        return "-".join(parts).replace("/", "-").replace("\\", "-") + suffix

    def maybe_save(self) -> bool:
        """True when it is safe to replace or close the return."""
        refused = self.commit_pending()
        if refused and self.ask_drop_refused(refused) != "discard":
            self.notify(f"Correct the text in {', '.join(refused)}: it is not a valid entry.")
            return False
        if not self.doc.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_return(self) -> None:
        if not self.maybe_save():
            return
        from desktop.dialogs.new_return import NewReturnDialog
        dlg = NewReturnDialog(self)
        accepted = dlg.exec()
        dlg.deleteLater()
        if accepted and dlg.result_return is not None:
            self.load_return(dlg.result_return, None)
            self.notify("New return created. Fill in each page; the checks run as you type.")
            self.go_to_page("details")

    def load_return(self, ret: Return, path: Path | None, *, source: str = "",
                    dirty: bool = False, template: bool = False) -> None:
        self.autosaver.discard()
        self.doc.set_previous(None, check=False)   # the load below checks once
        self._started = True                       # and nothing is left to finish
        self.doc.load(ret, path, dirty=dirty, source_name=source, template=template)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True, *, defer: bool = False) -> bool:
        """Open a draft or a signed workbook; False (with a message) if it cannot be read.

        ``defer`` (start-up): a draft's values are shown at once and validated
        after the window's first paint (finish_start)."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        is_draft = path.suffix.lower() == ".json"
        defer = defer and is_draft and not self._started
        try:
            if defer:
                data = read_draft(path)
            else:
                ret = read_any(path, self.notify)
        except UserError as e:
            if path.exists():
                self.inform("Cannot open", str(e))
            else:
                remove_recent(path)
                self.inform("Cannot open", f"{path.name} is no longer in {path.parent}: it was "
                            "moved, renamed or deleted. Use File › Open to find it.")
            return False
        # The sample and anything else in the program's folder is a read-only template:
        # opened as untitled, so Save asks where to keep the officer's copy.
        template = inside_program(path)
        keep_path = is_draft and not template
        where, source = (path if keep_path else None), ("" if keep_path else path.name)
        if defer:
            self.autosaver.discard()
            self.doc.set_previous(None, check=False)
            self.doc.load_data(data, where, source_name=source, template=template)
            self.show_cached_check()
        else:
            self.load_return(ret, where, source=source, template=template)
        settings = QSettings()          # one write to the settings file for both
        add_recent(path, settings)
        if not template:
            settings.setValue("last_folder", str(path.parent))
        if template:
            self.notify(f"Opened {path.name} from the program's folder, as a template: "
                        "Save (Ctrl+S) asks where to keep your copy.")
        else:
            self.notify(f"Opened {path.name}." if is_draft else
                        f"Opened the return inside {path.name}. Save it as a draft (Ctrl+S) "
                        "to keep working on it.")
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        if not files:
            a = self.recent_menu.addAction("(none yet)")
            a.setEnabled(False)
        for i, p in enumerate(files):
            act = self.recent_menu.addAction(f"&{i + 1} {p.name}   ({p.parent})")
            act.triggered.connect(lambda _c=False, p=p: self.open_path(p))

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.choose_save_path()
        return self.save_to(path) if path is not None else False

    def save_to(self, path: Path) -> bool:
        if inside_program(path):
            self.inform("Not saved", f"{Path(path).parent} is the program's own folder, which "
                        "is read-only. Save the draft in your Documents folder instead "
                        "(File › Save as).")
            return False
        refused = self.commit_pending()
        try:
            save_draft(self.doc.ret, path)
        except OSError as e:
            self.inform("Not saved", f"Cannot write {path}: {e.strerror or e}. Choose another "
                        "folder (File › Save as).")
            return False
        self.doc.mark_saved(Path(path))
        add_recent(Path(path))
        QSettings().setValue("last_folder", str(Path(path).parent))
        if refused:
            self.notify(f"Saved {Path(path).name}, but not the text in {', '.join(refused)}: "
                        "it is not a valid entry. Correct it and save again.")
        else:
            self.notify(f"Saved {Path(path).name}.")
        return True

    def import_previous(self) -> None:
        path = self.choose_open_path("Import last year's return")
        if path is not None:
            self.import_previous_path(path)

    def import_previous_path(self, path: Path) -> bool:
        try:
            prev = read_any(Path(path), self.notify)
        except UserError as e:
            self.inform("Cannot import", str(e))
            return False
        from forms.drafts.next_year import check_previous
        try:
            check_previous(self.doc.ret, prev, Path(path).name)
        except UserError as e:
            self.inform("Not imported", str(e))
            return False
        penv = prev.envelope
        filled = self._fill_baselines(prev, Path(path))
        self.doc.set_previous(prev, Path(path))
        self.notify(f"Compared with {penv.financial_year or 'last year'} from {Path(path).name}: "
                    "year-on-year checks and the Benchmarks chart now use it."
                    + (f" Baselines filled in: {', '.join(filled)}." if filled else ""))
        return True

    def _fill_baselines(self, earlier: "Return", path: Path) -> list[str]:
        """Blank baselines for the imported return's year take its figures (one undo step)."""
        from validators.baselines import prefill
        trial = self.doc.ret.model_copy(deep=True)
        filled = prefill(trial, earlier=[(earlier, f"Return for {earlier.envelope.financial_year}"
                                                   f" ({path.name})")])
        if trial.baselines != self.doc.ret.baselines:
            self._filling = True        # the program's answers, not the officer's work
            try:
                self.doc.replace_rows("baselines", list(trial.baselines), "Fill in baselines")
            finally:
                self._filling = False
        return filled

    def make_export_dialog(self, default: Path):
        from desktop.dialogs.export import ExportDialog
        return ExportDialog(self, self.doc.ret, self.doc.previous, default)

    def export(self) -> None:
        refused = self.commit_pending()
        if refused:
            self.inform("Not exported", f"Correct the text in {', '.join(refused)} first: it is "
                        "not a valid entry.")
            return
        self.progress.export_tried()      # every blank answer is an error from now on
        self.doc.check_now()
        default = self._folder() / self._suggested_name(".xlsx")
        dlg = self.make_export_dialog(default)
        dlg.jump_to.connect(self._jump_from_export)
        dlg.exported.connect(lambda r: self.notify(
            f"Exported {Path(r.path).name}, signed with key {r.fingerprint}."))
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()      # not left for PySide's clean-up at quit

    def _jump_from_export(self, path: str) -> None:
        QTimer.singleShot(0, self, lambda: self.go_to_finding((path,)) if path else None)

    def _on_autosave_failed(self, message: str) -> None:
        # Not only a passing status message: a warning that stays until autosave
        # works again, and once per session a dialog the officer must see.
        if self._autosave_warning is None:
            self._autosave_warning = QLabel()
            self._autosave_warning.setStyleSheet("color: #9C0006; font-weight: bold")
            self._autosave_warning.setAccessibleName("Autosave warning")
            self.statusBar().addPermanentWidget(self._autosave_warning)
        self._autosave_warning.setText("⚠ Autosave is not working: save your work (Ctrl+S)")
        self._autosave_warning.setToolTip(message)
        self._autosave_warning.show()
        self.notify(message)
        if not self._autosave_told:
            self._autosave_told = True
            QTimer.singleShot(0, self, lambda: self.inform("Autosave is not working", message))

    def _on_autosave_recovered(self) -> None:
        if self._autosave_warning is not None:
            self._autosave_warning.hide()
        self.notify("Autosave is working again.")

    def _on_app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive and not self._closing:
            self.autosave_now()

    def autosave_now(self) -> bool:
        self.commit_pending()
        return self.autosaver.save_now()

    def emergency_save(self) -> Path | None:
        """Called by the crash hook before its message: where the figures were kept."""
        if not self.doc.dirty:
            return None
        if self.autosaver.save_now():
            return self.autosaver.draft
        raise OSError("the autosave folder cannot be written")

    def offer_recovery(self) -> bool:
        """At start: offer each autosave a crashed session left. True if one was recovered."""
        for rec in pending_recoveries():
            answer = self.ask_recover(rec)
            if answer == "recover":
                try:
                    ret = rec.load()
                except NotAReturn as e:
                    self.inform("Cannot recover", f"The kept copy cannot be read ({e}).")
                    rec.discard()
                    continue
                original = rec.original if (rec.original and rec.original.suffix == ".json"
                                            and not inside_program(rec.original)) else None
                self.load_return(ret, original, source=rec.title, dirty=True)
                rec.discard()
                self.autosaver.save_now()
                self.notify("Recovered your unsaved changes. Save (Ctrl+S) to keep them.")
                return True
            if answer == "discard":
                rec.discard()
        return False
