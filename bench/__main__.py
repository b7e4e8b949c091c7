"""Run every benchmark in turn: python -m bench"""
import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402

for m in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
    if m.name.startswith("bench_"):
        print(f"== {m.name}")
        importlib.import_module(f"bench.{m.name}").main()
