"""Windowed entry point of the bundle: `Back Office Return.exe [FILE]` (no console window)."""
import sys
from pathlib import Path

from desktop.app import run

if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
