"""Autosave: the open return is copied into the user's data folder every 30 s and
whenever the window loses focus, so a crash or power cut loses at most seconds.

Each running window owns ``autosave/<id>.json`` plus a sidecar ``<id>.meta.json``
(original file, time) and holds ``<id>.lock``. A clean save or close removes
them. At start, any autosave whose lock is free (its program is gone without
cleaning up) is offered for recovery; one whose program still runs is left alone.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from forms.drafts.atomic import write_atomic
from forms.drafts.store import load_draft, to_json

from desktop.document import Document

if TYPE_CHECKING:
    from forms.schema.model import Return

log = logging.getLogger("backoffice")
INTERVAL_MS = 30_000


def autosave_dir() -> Path:
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return (Path(loc) if loc else Path.home() / ".backoffice-return") / "autosave"


@dataclass
class Recovery:
    id: str
    draft: Path
    meta: Path
    original: Path | None
    title: str
    saved_at: float

    def load(self) -> Return:
        return load_draft(self.draft)

    def discard(self) -> None:
        for p in (self.draft, self.meta, self.draft.with_suffix(".lock")):
            try:
                p.unlink()
            except OSError:
                pass


def pending_recoveries() -> list[Recovery]:
    """Autosaves left by a program that did not close cleanly, newest first."""
    folder = autosave_dir()
    found = []
    for meta in folder.glob("*.meta.json"):
        sid = meta.name[: -len(".meta.json")]
        draft = folder / f"{sid}.json"
        lock = QLockFile(str(folder / f"{sid}.lock"))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue                      # its window is still open
        lock.unlock()
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        if not draft.exists():
            Recovery(sid, draft, meta, None, "", 0).discard()
            continue
        original = info.get("original") or None
        found.append(Recovery(sid, draft, meta, Path(original) if original else None,
                              str(info.get("title", "Untitled return")),
                              float(info.get("saved_at", meta.stat().st_mtime))))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QObject):
    failed = Signal(str)      # the first failure after a save that worked: what to do
    recovered = Signal()      # a save worked again after failing

    def __init__(self, doc: Document, interval_ms: int = INTERVAL_MS, parent=None, *,
                 claim: bool = True):
        """``claim=False``: the folder and lock wait for the first autosave (``claim``):
        taking the lock writes a file, a few ms the window's start need not wait for."""
        super().__init__(parent)
        self.doc = doc
        self.id = os.urandom(16).hex()   # not uuid: its import costs start-up time
        self.folder = autosave_dir()
        self.draft = self.folder / f"{self.id}.json"
        self.meta = self.folder / f"{self.id}.meta.json"
        self.last_saved = 0.0
        self._failing = False
        self._writing = False
        self._generation = 0
        self._lock = QLockFile(str(self.folder / f"{self.id}.lock"))
        self._lock.setStaleLockTime(0)
        self._claimed = False
        if claim:
            self.claim()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_soon)
        self.timer.start()
        doc.dirty_changed.connect(lambda dirty: None if dirty else self.discard())

    def claim(self) -> None:
        """The folder made and this window's lock taken, once: before any autosave of
        it exists, so another window never offers it for recovery while this one runs."""
        if self._claimed:
            return
        self._claimed = True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.warning("cannot create the autosave folder %s", self.folder)
        self._lock.tryLock(0)

    def save_now(self) -> bool:
        """Copy the return to the autosave folder now if it has unsaved changes (at quit,
        on losing focus, before a crash message): True when it was written."""
        if not self.doc.dirty:
            if self._failing and self._folder_writable():
                self._failing = False         # fixed meanwhile: say so, with nothing to save
                self.recovered.emit()
            return False
        if self._writing:                     # one writer at a time: the newer copy last
            from desktop.tasks import runner
            runner().wait(10)
        try:
            self._write(*self._snapshot())
        except OSError as e:
            self._report(e)
            return False
        self._report(None)
        return True

    def save_soon(self) -> None:
        """The timer's save: the return is serialised here (it may change a moment
        later) and written by the task runner, so a slow disk never holds up typing."""
        if not self.doc.dirty or self._writing:
            if not self.doc.dirty:
                self.save_now()
            return
        from desktop.tasks import runner
        snapshot, generation = self._snapshot(), self._generation
        self._writing = True
        runner().run(lambda: self._write(*snapshot), owner=self, label="autosave",
                     on_done=lambda _r: self._written(generation, None),
                     on_failed=lambda e: self._written(generation, e))

    def _snapshot(self) -> tuple[bytes, bytes]:
        self.claim()      # on the window's thread, before the first file is written
        meta = {"original": str(self.doc.path) if self.doc.path else "",
                "title": self.doc.title(), "saved_at": time.time()}
        return to_json(self.doc.ret).encode("utf-8"), json.dumps(meta).encode("utf-8")

    def _write(self, draft: bytes, meta: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.draft, draft)
        write_atomic(self.meta, meta)

    def _written(self, generation: int, error: BaseException | None) -> None:
        self._writing = False
        if generation != self._generation:    # saved or closed while writing: not needed
            self.discard()
            return
        if error is not None and not isinstance(error, OSError):
            raise error
        self._report(error)

    def _report(self, error: OSError | None) -> None:
        if error is not None:
            log.warning("autosave failed: %s", error)
            if not self._failing:
                self._failing = True
                self.failed.emit(f"Autosave cannot write to {self.folder} "
                                 f"({error.strerror or error}). Save your work yourself "
                                 "(Ctrl+S), and ask IT why that folder cannot be written.")
            return
        if self._failing:
            self._failing = False
            self.recovered.emit()
        self.last_saved = time.time()

    def _folder_writable(self) -> bool:
        probe = self.folder / f".{self.id}.probe"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
            return True
        except OSError:
            return False

    def discard(self) -> None:
        self._generation += 1                 # a write still running is no longer wanted
        for p in (self.draft, self.meta):
            try:
                p.unlink()
            except OSError:
                pass

    def close(self) -> None:
        """A clean close: nothing to recover next time."""
        self.timer.stop()
        if self._writing:                     # let the write finish before removing it
            from desktop.tasks import runner
            runner().wait(10)
        self.discard()
        self._lock.unlock()
