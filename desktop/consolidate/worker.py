"""Consolidate off the GUI thread: the worker calls the core and emits plain results."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from shiboken6 import isValid


@dataclass
class Outcome:
    """What the window shows, prepared on the worker thread (no pandas in the view)."""
    consolidation: object
    columns: list[tuple[str, str]]              # (column, label) of the returns table
    rows: list[list[str]]                       # display text per cell
    raw: list[dict]                             # the rows' values, for sorting
    details: dict[str, str] = field(default_factory=dict)    # file -> reasons / changes
    leagues: dict[str, tuple[object, list[dict]]] = field(default_factory=dict)


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, Decimal):
        q = v.quantize(Decimal("0.01")) if v != v.to_integral_value() else v
        return f"{q:,}"
    return str(v)


def figure_text(v, places: int | None) -> str:
    """A league's value or target as the workbook shows it: with its metric's places
    (the target 1 beside values of 1.16 read "1.00"), else as _text does."""
    if places is None or isinstance(v, bool) or not isinstance(v, (int, float, Decimal)) \
            or (isinstance(v, float) and v != v):
        return _text(v)
    from forms.schema.metrics import format_value     # rounded as every message rounds
    return format_value(v if isinstance(v, Decimal) else Decimal(str(v)), "", places)


def prepare(c) -> Outcome:
    from forms.consolidate.rows import returns_labels
    labels = returns_labels(c.league)          # headed as the workbook's Returns sheet
    df = c.returns
    columns = [(col, labels.get(col, col.removeprefix("status_").replace("_", "-")))
               for col in df.columns]
    raw = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
           for r in df.to_dict(orient="records")]
    # Files that are no return at all (unreadable, or rejected before naming who sent
    # them) have no row in the Returns table of the workbook; the window lists them too,
    # so an analyst sees every file received and can open why.
    listed = {r["file"] for r in raw}
    for r in c.rejected.to_dict(orient="records"):
        if r["file"] not in listed:
            raw.append({col: None for col, _ in columns} | {
                "file": r["file"], "organisation": r["organisation"] or None,
                "verification": r["result"], "reason": r["reason"]})
    rows = [[Path(r["file"]).name if col == "file" else _text(r.get(col)) for col, _ in columns]
            for r in raw]
    details = {}
    for r in c.rejected.to_dict(orient="records"):
        details[r["file"]] = (f"{r['reason']}\n\nAsk the sender for {r['ask_sender_for']}."
                              f"\n\nEverything verification found:\n• "
                              + "\n• ".join(str(r["problems"]).split("; ")))
    for r in c.superseded.to_dict(orient="records"):
        details[r["file"]] = (f"Superseded by {Path(r['superseded_by']).name}, signed "
                              f"{r['superseded_by_signed_at']}.\n\nWhat changed:\n• "
                              + "\n• ".join(str(r["changes"]).splitlines()))
    leagues = {rule: (info, [{k: (None if isinstance(v, float) and v != v else v)
                              for k, v in row.items()} for row in df.to_dict(orient="records")])
               for rule, (info, df) in c.league.items()}
    return Outcome(c, columns, rows, raw, details, leagues)


class ConsolidateWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(object)      # Outcome
    failed = Signal(str)

    def __init__(self, paths: list[Path], keyring: Path, jobs: int | None = None):
        super().__init__()
        self.paths, self.keyring, self.jobs = paths, keyring, jobs
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from forms.schema.errors import UserError
        try:
            from forms.consolidate.run import consolidate
            c = consolidate(self.paths, self.keyring, self.jobs,
                            lambda d, t: self.progress.emit(d, t), self.stop.is_set)
            self.finished.emit(prepare(c))
        except UserError as e:
            self.failed.emit(str(e))
        except Exception as e:  # noqa: BLE001 - shown, never a dead thread
            self.failed.emit(f"Unexpected error ({type(e).__name__}: {e}). Please report it.")


class SaveWorker(QObject):
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, c, path: Path):
        super().__init__()
        self.c, self.path = c, path

    @Slot()
    def run(self) -> None:
        from forms.schema.errors import UserError
        try:
            from forms.consolidate.workbook import write_workbook
            write_workbook(self.c, self.path)
            self.finished.emit(str(self.path))
        except UserError as e:
            self.failed.emit(str(e))
        except OSError as e:
            self.failed.emit(f"Cannot write {self.path}: {e.strerror or e}.")


QUIT_WAIT_MS = 60_000      # at quit: a cancelled run ends its batches and its tables


def start(worker: QObject, owner: QObject) -> QThread:
    """Run ``worker.run`` on a new thread that ends (and is freed) when it does.

    The thread ends as the worker's last signal is sent, from the worker's own thread
    (a direct connection): it needs no event loop of the window's to end. So when the
    program quits mid-run, the run is cancelled and waited for, and no thread is left
    running Python while the interpreter shuts down."""
    thread = QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for sig in ("finished", "failed"):
        getattr(worker, sig).connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    app = QCoreApplication.instance()
    if app is not None:
        def at_quit() -> None:
            if not isValid(thread):
                return
            stop = getattr(worker, "stop", None) if isValid(worker) else None
            if stop is not None:
                stop.set()
            if thread.isRunning():
                thread.wait(QUIT_WAIT_MS)
        app.aboutToQuit.connect(at_quit)
        thread.finished.connect(lambda: app.aboutToQuit.disconnect(at_quit))
    thread.start()
    return thread
