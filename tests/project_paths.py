"""Where the project's files are, for tests (a plain module: conftest names collide)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"
