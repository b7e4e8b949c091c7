"""Windowed entry point of the bundle: `BackOfficeReturn.exe [FILE]` (no console window).

Windows passes the file to open (a double-clicked or dropped draft) as the only
argument. `BackOfficeReturn.exe open FILE`, as the console program spells it,
is understood too. `--self-test` runs the self-test (its exit status tells; the
console program, backoffice.exe --self-test, also prints each step).
"""
import multiprocessing
import sys
from pathlib import Path


def file_argument(args: list[str]) -> Path | None:
    if len(args) == 2 and args[0] == "open":
        args = args[1:]
    return Path(args[0]) if args else None


if __name__ == "__main__":
    multiprocessing.freeze_support()   # consolidation verifies in worker processes
    if sys.argv[1:2] == ["--self-test"]:
        from desktop.self_test import run_self_test
        sys.exit(run_self_test(sys.stdout))
    # After freeze_support: a consolidation worker must keep its cycle collector.
    from desktop import startup_gc
    startup_gc.pause()        # before Qt and the window: see desktop/startup_gc.py
    from desktop.app import run
    sys.exit(run(file_argument(sys.argv[1:])))
