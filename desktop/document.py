"""The open return on the Qt side: the model, its undo stack, file, dirty state, live checks.

Views never change the return themselves: they call ``set_value`` or a table
operation here, which validates the change, pushes an undoable command and
announces the path that ``changed``; the checks re-run shortly after
(debounced) and announce ``checked``.

At start-up the return arrives as a draft's data, not yet validated
(``load_data``): the window shows those values while pydantic and the rule
packs load after its first paint (``finish_loading``). The first use of
``ret`` before then validates on the spot, so nothing ever reads or edits an
unvalidated return.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from forms.schema import paths as P
from forms.schema.finding_keys import finding_key, renumber_rows
from forms.schema.errors import NotAReturn, UserError
from forms.schema.metrics import compute
from forms.schema.preview import preview_value
from validators.findings import Finding, Report

from desktop.commands import ReplaceRows, SetMapping, SetValue, assign
from desktop.document_rows import RowOperations

if TYPE_CHECKING:
    from pydantic import ValidationError

    from forms.schema.model import Return

CHECK_DELAY_MS = 150
IDLE_MS = 100           # start-up work kept until the window has painted what it shows
UNDO_LIMIT = 500        # steps kept: a long session's history stays a few MB, not unbounded
# Mappings whose keys can name a row ("RULE@savings#3"): they follow rows that move.
ROW_KEYED = ("explanations", "benchmark_actions")


def _validation_error() -> type[Exception]:
    from pydantic import ValidationError
    return ValidationError


def first_error(e: ValidationError) -> str:
    from forms.drafts.load_errors import problem    # plain words, never a pattern
    return problem(e.errors()[0]).rstrip(".") + "."


def row_label(path: str) -> str:
    """'Office NIA, row 3' for a table cell; the qualified label otherwise."""
    split = P.split_row(path)
    try:
        if split and split[2]:
            return f"{P.describe_path(path).label}, row {split[1] + 1}"
        return P.qualified_label(path)
    except P.PathError:
        return path


REFUSED = "REFUSED-TEXT"


def with_refusals(report: Report, refused: dict[str, tuple[str, str]]) -> Report:
    """The report with an error for each box or cell holding refused text, first."""
    if not refused:
        return report
    errors = [Finding(REFUSED, "error", f"{row_label(path)}: {why.rstrip('.')}. "
                      f"\u201c{text}\u201d is not kept until it is corrected.",
                      paths=(path,), key=finding_key(REFUSED, path))
              for path, (text, why) in sorted(refused.items())]
    return replace(report, findings=errors + list(report.findings))


class Document(QObject, RowOperations):
    changed = Signal(str)        # a field, a table ("floor_space.buildings") or "" for everything
    # A table's rows were inserted, removed, moved or replaced: for each row now, the row
    # it was before (None for a new one). Emitted before ``changed`` for the table.
    rows_changed = Signal(str, object)
    reveal = Signal(str)         # undo/redo touched this path: show it
    dirty_changed = Signal(bool)
    file_changed = Signal()
    checked = Signal()           # report and metrics are fresh
    load_failed = Signal(str, str)   # the draft shown at start-up did not validate: why, its path

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ret: Return | None = None
        self._data: dict | None = {}       # a draft's data awaiting validation ({}: blank)
        self.path: Path | None = None
        self.source_name = ""               # e.g. the workbook a return was imported from
        self.template = False               # opened from the program's folder: Save asks where
        self.previous: Return | None = None
        self.previous_path: Path | None = None
        self.report = Report()
        self.metrics: dict = {}
        self.previous_metrics: dict | None = None
        self.check_ms = 0.0
        self.checked_once = False           # the report describes the return shown
        self.generation = 0                 # counts the returns shown: a message can tell if
                                            # the one it is about is still there
        self._recovered = False
        self.undo = QUndoStack(self)
        self.undo.setUndoLimit(UNDO_LIMIT)
        self.undo.cleanChanged.connect(self._clean_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self.changed.connect(self._schedule)
        # Where boxes and cells keep text the model refused: each gives {path: (text, why)}.
        self._refusal_sources: list[Callable[[], dict[str, tuple[str, str]]]] = []
        self._cache_key: str | None = None  # of the data shown at start-up (check_cache)
        self._cached = None                 # the cached check shown at start-up, if any

    # --- the return, validated on first use ------------------------------------
    @property
    def ret(self) -> Return:
        if self._ret is None:
            self._validate()
        return self._ret

    @ret.setter
    def ret(self, value: Return) -> None:
        self._ret, self._data = value, None

    @property
    def ready(self) -> bool:
        """The return is validated (the values shown are the model's)."""
        return self._ret is not None

    def _validate(self) -> None:
        from forms.drafts.store import from_dict
        from forms.schema.model import Return
        data, self._data = self._data, None
        if not data:
            self._ret = Return()
            return
        try:
            self._ret = from_dict(data, self.title())
        except NotAReturn as e:
            # Never keep the file's name on a blank return: Save must not overwrite it.
            path = str(self.path or "")
            self._ret = Return()
            self.path, self.source_name, self.template = None, "", False
            self.undo.clear()
            self.generation += 1
            self.load_failed.emit(str(e), path)
            self.file_changed.emit()
        # The boxes showed the draft's own text; now they show the model's
        # (an organisation's code for its name, trimmed text), or the blank return.
        self.changed.emit("")

    def load_data(self, data: dict, path: Path | None = None, *, source_name: str = "",
                  template: bool = False) -> None:
        """Show a draft's data now and validate it later: the start-up path."""
        self._ret, self._data = None, data
        self._cached = None
        self.generation += 1
        self.report, self.metrics, self.checked_once = Report(), {}, False
        self.path, self.source_name, self.template = path, source_name, template
        self.undo.clear()
        self._recovered = False
        self.changed.emit("")
        self.file_changed.emit()
        self.dirty_changed.emit(self.dirty)

    def cached_check(self):
        """Start-up: the last check of these very data, if kept (check_cache), or None."""
        if self._ret is not None or not self._data:
            return None
        from desktop.files import check_cache
        self._cache_key = check_cache.key_of(self._data)
        return check_cache.load(self._cache_key)

    @property
    def showing_cached(self) -> bool:
        """The findings shown are a cached check's; the return is not validated yet."""
        return self._cached is not None and self._ret is None

    def show_cached(self, cached) -> None:
        """Show a cached check of the data shown; finish_loading follows, in idle time."""
        self.report, self.metrics = cached.report, cached.metrics
        self._cached = cached
        self.checked_once = True
        self.checked.emit()

    def finish_loading(self) -> None:
        """Validate the data shown at start-up and run the checks."""
        data = self._data if self._ret is None else None
        key, self._cache_key = self._cache_key, None
        generation = self.generation
        if self._ret is None:
            self._validate()
        self.check_now()
        # Kept for the next start only when the check was of these data as read;
        # written in idle time, after the findings are on screen.
        if data and generation == self.generation and not self.refusals() \
                and self.previous is None:
            from desktop.files.check_cache import cache_file
            report, where = self.report, cache_file()     # the profile of this start
            QTimer.singleShot(IDLE_MS, self, lambda: self._keep_check(data, key, report, where))

    def _keep_check(self, data: dict, key: str | None, report: Report, where) -> None:
        if self.report is not report or not self.undo.isClean() or self._recovered:
            return      # checked again, or edited, since: not the check of ``data``
        from desktop.files import check_cache
        from desktop.window.progress import given_pages
        fresh = check_cache.Cached(report, self.metrics, frozenset(given_pages(self.ret)))
        if fresh != self._cached:           # the same as shown from the cache: kept already
            check_cache.store(key or check_cache.key_of(data), fresh, where)

    # --- state ------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._recovered or not self.undo.isClean()

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(self._recovered or not clean)

    def title(self) -> str:
        if self.path:
            return self.path.name
        return self.source_name or "Untitled return"

    def load(self, ret: Return, path: Path | None = None, *, dirty: bool = False,
             source_name: str = "", template: bool = False) -> None:
        """Show another return; its undo history starts empty."""
        self.ret = ret
        self.generation += 1
        self.path = path
        self.source_name = source_name
        self.template = template
        self.undo.clear()
        self._recovered = dirty
        self.changed.emit("")
        self.file_changed.emit()
        self.dirty_changed.emit(self.dirty)
        self.check_now()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.source_name = ""
        self.template = False
        self._recovered = False
        self.undo.setClean()
        self.file_changed.emit()
        self.dirty_changed.emit(self.dirty)

    def set_previous(self, ret: Return | None, path: Path | None = None, *,
                     check: bool = True) -> None:
        self.previous, self.previous_path = ret, path
        self.previous_metrics = compute(ret) if ret is not None else None
        if check:
            self.check_now()

    # --- checks -----------------------------------------------------------
    def _schedule(self, _path: str = "") -> None:
        self._timer.start()

    def add_refusal_source(self, source: Callable[[], dict[str, tuple[str, str]]]) -> None:
        self._refusal_sources.append(source)

    def refusals(self) -> dict[str, tuple[str, str]]:
        """Text typed but refused (``{path: (text, why)}``): not in the return, and an
        error like any other until it is corrected."""
        out: dict[str, tuple[str, str]] = {}
        for source in self._refusal_sources:
            out.update(source())
        return out

    def refusals_changed(self) -> None:
        """A box or cell refused text, or its refused text was corrected: check again."""
        self._schedule()

    def check_now(self) -> None:
        from validators.engine import check_and_measure
        self._timer.stop()
        t = time.perf_counter()
        try:
            self.report, self.metrics = check_and_measure(
                self.ret, previous=self.previous, previous_metrics=self.previous_metrics)
        except UserError as e:     # a rule pack this program does not have (newer, mistyped)
            self.report = Report(findings=[Finding(
                "RULE-PACK", "error", f"{e} Choose one of them in Rule pack (Return details), "
                "or install the version of Back Office Return that has it.",
                paths=("envelope.rule_pack",), key="RULE-PACK")])
            self.metrics = compute(self.ret)
        self.report = with_refusals(self.report, self.refusals())
        self.check_ms = (time.perf_counter() - t) * 1000
        self.checked_once = True
        self.checked.emit()

    # --- edits ------------------------------------------------------------
    def value(self, path: str) -> Any:
        if self._ret is None:
            return preview_value(self._data or {}, path)
        return P.get(self._ret, path)

    def set_value(self, path: str, value: Any) -> bool:
        """Change one field or cell; UserError (nothing changed) when the model refuses it."""
        old = P.get(self.ret, path)
        if old == value and type(old) is type(value):
            return False
        try:
            stored = assign(self.ret, path, value)
        except _validation_error() as e:
            raise UserError(f"{row_label(path)}: {first_error(e)}") from None
        if stored == old and type(old) is type(stored):
            return False
        self.undo.push(SetValue(self, path, old, stored, f"Edit {row_label(path)}"))
        self.changed.emit(path)
        return True

    def set_explanation(self, key: str, text: str, reveal: str = "") -> bool:
        return self._set_mapping("explanations", key, text.strip(), "Explain query", reveal)

    def set_benchmark_action(self, key: str, action: str, reveal: str = "") -> bool:
        return self._set_mapping("benchmark_actions", key, action.strip(),
                                 "Choose action for shortfall", reveal)

    def _set_mapping(self, field: str, key: str, value: str, text: str, reveal: str) -> bool:
        old = getattr(self.ret, field).get(key, "")
        if old == value:
            return False
        try:
            SetMapping.put(self, field, key, value)
        except _validation_error() as e:
            raise UserError(first_error(e)) from None
        self.undo.push(SetMapping(self, field, key, old, value, text, reveal or field))
        return True

    # --- tables -----------------------------------------------------------
    def rows(self, table: str) -> list:
        return P.get(self.ret, table)

    def replace_rows(self, table: str, new: list, text: str, reveal: str = "",
                     order: list[int | None] | None = None) -> None:
        """``order``: for each new row, the old row it was (None for a new row); by default
        rows keep their places and any beyond the old ones are new. Explanations and chosen
        actions keyed by a row follow it when rows move."""
        old = list(self.rows(table))
        if order is None:
            order = [i if i < len(old) else None for i in range(len(new))]
        moved = {i: None for i in range(len(old))}
        moved.update({was: now for now, was in enumerate(order) if was is not None})
        keyed = None
        if any(was != now for was, now in moved.items()):
            before = {f: dict(getattr(self.ret, f)) for f in ROW_KEYED}
            after = {f: renumber_rows(m, table, moved) for f, m in before.items()}
            if table == "action_plan.actions":   # shortfalls name their action by number
                after["benchmark_actions"] = P.renumber_choices(after["benchmark_actions"], moved)
            keyed = (before, after) if after != before else None
        try:
            assign(self.ret, table, list(new))
        except _validation_error() as e:
            raise UserError(first_error(e)) from None
        if keyed is not None:
            for field, value in keyed[1].items():
                setattr(self.ret, field, dict(value))
        self.undo.push(ReplaceRows(self, table, old, list(new), text, reveal or table, keyed,
                                   list(order)))
        self.rows_changed.emit(table, list(order))
        self.changed.emit(table)
