"""Consolidate 250, 1,000 and 4,000 generated returns: returns/s, peak memory, floor ratio.

The floor is python-calamine alone reading every sheet of the same files (the
sheets that carry the signed data), with the same number of worker
processes, in the same run. Each size runs in a fresh process so its peak
memory is its own: the most the run's processes (this one and its workers)
held at once, summed from their resident sizes sampled every 20 ms. (Not
RUSAGE_CHILDREN: a spawned worker inherits the parent's peak at its fork, so
"parent + workers x largest child" counted the parent three times over.)

Targets (issue 11): at least 100 returns/s, under 3x the floor, under 1 GB at
4,000, cost per return flat across the sizes.

The corpus (4,000 small returns: 2,000 bodies x 2 years, a key per body) is
made once and cached in the temp folder (BACKOFFICE_BENCH_CORPUS to move it).

Run: .venv/bin/python -m bench.bench_consolidate
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (250, 1000, 4000)
JOBS = os.cpu_count() or 1


def corpus_folder() -> Path:
    return Path(os.environ.get("BACKOFFICE_BENCH_CORPUS",
                               Path(tempfile.gettempdir()) / "backoffice-bench-consolidate"))


def _files(n: int) -> list[Path]:
    return sorted((corpus_folder() / "returns").glob("*.xlsx"))[:n]


def _read_all_sheets(paths: list[str]) -> int:
    from python_calamine import CalamineWorkbook
    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(p)
        for name in wb.sheet_names:
            cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
    return cells


def floor(files: list[Path], jobs: int) -> float:
    """Seconds for calamine alone to read every sheet of the files, over ``jobs`` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    batches = [[str(f) for f in files[i:i + 8]] for i in range(0, len(files), 8)]
    t = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        sum(pool.map(_read_all_sheets, batches))
    return time.perf_counter() - t


class TreeMemory:
    """The peak of this process's and its descendants' summed resident memory, sampled
    in a thread (Linux /proc; elsewhere this process's own peak is all it reports)."""

    def __init__(self, every_s: float = 0.02) -> None:
        self.peak_kb = 0
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    @staticmethod
    def available() -> bool:
        return Path("/proc/self/status").exists()


def _rss_kb(pid: int) -> tuple[int, int]:
    """(resident kB, parent pid) of a process; (0, 0) once it has gone."""
    rss = ppid = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("PPid:"):
                ppid = int(line.split()[1])
    except (OSError, ValueError):
        return 0, 0
    return rss, ppid


def _tree_rss_kb(root: int) -> int:
    if not TreeMemory.available():
        return 0
    procs = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            procs[int(d.name)] = _rss_kb(int(d.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += procs.get(pid, (0, 0))[0]
        todo += [c for c, (_, parent) in procs.items() if parent == pid]
    return total


def one(n: int) -> dict:
    """Consolidate the first n files (and write the workbook and CSV), in this process."""
    from forms.consolidate.files import write_csv
    from forms.consolidate.run import consolidate
    from forms.consolidate.workbook import write_workbook
    files = _files(n)
    out = Path(tempfile.mkdtemp(prefix="bench-cons-"))
    with TreeMemory() as mem:
        t0 = time.perf_counter()
        c = consolidate(files, corpus_folder() / "keyring", JOBS)
        t1 = time.perf_counter()
        write_workbook(c, out / "consolidated.xlsx")
        write_csv(c, out / "csv")
        t2 = time.perf_counter()
    f = floor(files, JOBS)
    return {"n": len(files), "valid": c.counts["valid"], "verify_s": t1 - t0,
            "write_s": t2 - t1, "floor_s": f, "peak_mb": mem.peak_kb / 1024}


def main() -> None:
    from bench.bytecode import compile_bytecode
    from bench.corpus import corpus
    compile_bytecode()      # the workers import what an install has compiled
    t = time.perf_counter()
    folder = corpus(corpus_folder(), max(SIZES), years=("2009-10", "2010-11"), jobs=JOBS)
    print(f"  corpus: {max(SIZES):,} signed returns in {folder} "
          f"({time.perf_counter() - t:.0f} s; cached for the next run)")
    print(f"  {JOBS} worker process(es)")
    print(f"  {'returns':>8} {'total s':>8} {'returns/s':>10} {'ms/return':>10} "
          f"{'floor s':>8} {'x floor':>8} {'verify s':>9} {'write s':>8} {'peak MB':>8}")
    for n in SIZES:
        r = subprocess.run([sys.executable, "-m", "bench.bench_consolidate", "--one", str(n)],
                           cwd=Path(__file__).resolve().parents[1], capture_output=True,
                           text=True, check=True)
        d = json.loads(r.stdout.strip().splitlines()[-1])
        total = d["verify_s"] + d["write_s"]
        peak = d["peak_mb"]
        print(f"  {d['n']:>8,} {total:>8.1f} {d['n'] / total:>10.1f} {1000 * total / d['n']:>10.1f} "
              f"{d['floor_s']:>8.2f} {total / d['floor_s']:>8.1f} {d['verify_s']:>9.1f} "
              f"{d['write_s']:>8.1f} {peak:>8.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))))
    else:
        main()
