"""Find the received files and verify them in parallel, across processes.

Spawn-safe (Windows, macOS and a frozen bundle start workers afresh): the
worker is a module-level function and gets the keyring once, through the
pool's initializer. A small run stays in this process: starting workers
costs more than it saves.
"""
from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from forms.consolidate.verified import UNREADABLE, VALID, Received, payload_of, receive

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xlsb", ".ods")
BATCH = 8               # files per task: fewer round trips, still a smooth progress line
IN_PROCESS_BELOW = 6    # fewer files than this: no worker processes


@dataclass
class Processed:
    """A received file and, when valid, what the tables need from it."""
    received: Received
    row: dict[str, Any] | None = None
    benchmarks: list[dict] = field(default_factory=list)
    plan: dict[str, Any] | None = None


def find_files(paths: list[Path]) -> tuple[list[Path], list[Processed]]:
    """Workbooks named or found (recursively) in folders; missing paths as unreadable."""
    files: list[Path] = []
    missing: list[Processed] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found, problems = _walk(p)
            missing += problems
        elif p.exists():
            found = [p]
        else:
            missing.append(Processed(Received(str(p), UNREADABLE, [f"{p} does not exist"],
                                              f"Not found: {p} does not exist.",
                                              "nothing: check the path given")))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def _walk(folder: Path) -> tuple[list[Path], list[Processed]]:
    """Workbooks under ``folder``; a subfolder that cannot be listed is reported, not fatal."""
    found: list[Path] = []
    problems: list[Processed] = []

    def refused(e: OSError) -> None:
        where = e.filename or folder
        problems.append(Processed(Received(
            str(where), UNREADABLE, [f"cannot list {where}: {e.strerror or e}"],
            f"Not read: the folder {where} cannot be listed ({e.strerror or e}).",
            "nothing: give this account read access to the folder")))
    for root, dirs, files in os.walk(folder, onerror=refused):
        dirs.sort()
        found += [Path(root) / f for f in sorted(files) if Path(f).suffix.lower() in SUFFIXES
                  and not f.startswith(("~$", ".~lock"))]
    return found, problems


def process(path: str | os.PathLike, ring: dict | None) -> Processed:
    """Verify one file and pull out its row, benchmarks and action plan."""
    from forms.consolidate.rows import benchmarks_of, plan_of, row_of
    rec = receive(path, ring)
    out = Processed(rec)
    if rec.status == VALID:
        try:
            payload = payload_of(rec)
            out.row, out.benchmarks, out.plan = row_of(payload), benchmarks_of(payload), \
                plan_of(payload)
        except Exception as e:   # noqa: BLE001 - verify passed it, yet it cannot be tabled
            rec.status, rec.data = "rejected", b""
            rec.problems = [f"the signed return cannot be tabled ({type(e).__name__}: {e})"]
            rec.reason = f"Valid signature, but its figures cannot be read: {e}"
            rec.ask = "a fresh export from the latest version of the program"
    return out


_RING: dict | None = None


def _init(ring: dict | None) -> None:
    global _RING
    _RING = ring


def _batch(paths: list[str]) -> list[Processed]:
    return [process(p, _RING) for p in paths]


def _failed(path: str, e: BaseException) -> Processed:
    why = f"the worker reading it stopped ({type(e).__name__}: {e})"
    return Processed(Received(path, UNREADABLE, [why], f"Cannot be read as a signed return: "
                              f"{why}.", "a fresh copy of the .xlsx workbook the program "
                              "exported"))


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def verify_all(files: list[Path], ring: dict | None, jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[Processed]:
    """Every file processed, in the order given; stops early (partial list) when cancelled."""
    jobs = jobs or default_jobs()
    total = len(files)
    report = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    if jobs <= 1 or total < IN_PROCESS_BELOW:
        out = []
        for i, f in enumerate(files, 1):
            if stop():
                break
            out.append(process(f, ring))
            report(i, total)
        return out
    import multiprocessing
    batches = [[str(f) for f in files[i:i + BATCH]] for i in range(0, total, BATCH)]
    results: dict[int, list[Processed]] = {}
    done = 0
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=ctx,
                             initializer=_init, initargs=(ring,)) as pool:
        pending = {pool.submit(_batch, b): i for i, b in enumerate(batches)}
        while pending:
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                i = pending.pop(fut)
                try:
                    results[i] = fut.result()
                except Exception as e:   # noqa: BLE001 - a worker died (out of memory?)
                    results[i] = [_failed(p, e) for p in batches[i]]
                done += len(batches[i])
                report(done, total)
            if stop():
                for fut in pending:
                    fut.cancel()
                break
    return [p for i in sorted(results) for p in results[i]]
