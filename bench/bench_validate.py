"""Full validation of the sample and of a large generated return: median and p99.

Targets (issue 2): p99 under 5 ms for the sample, under 50 ms for the large
return (2,000 buildings, 1,000 savings lines), so the GUI can re-check on
every keystroke. Run by hand: python -m bench.bench_validate
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import large_return  # noqa: E402
from forms.drafts.store import load_draft  # noqa: E402
from validators.engine import check  # noqa: E402
from validators.packs import load_pack  # noqa: E402


def timings(ret, pack, runs: int) -> list[float]:
    check(ret, pack)  # warm caches once, as the GUI's first check does
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        check(ret, pack)
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def p99(xs: list[float]) -> float:
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def main() -> None:
    pack = load_pack()
    sample = load_draft(ROOT / "resources" / "samples" / "sample-return.json")
    large = large_return()
    for name, ret, runs, target in (("sample", sample, 2000, 5), ("large", large, 200, 50)):
        t = timings(ret, pack, runs)
        print(f"validate {name:<7} runs={runs:<5} median={statistics.median(t):7.3f} ms  "
              f"p99={p99(t):7.3f} ms  target p99 < {target} ms  "
              f"{'OK' if p99(t) < target else 'MISSED'}")


if __name__ == "__main__":
    main()
