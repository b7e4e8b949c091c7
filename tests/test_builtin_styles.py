"""Verify's own copy of the built-in number formats and indexed colours matches the
writer's, and verifying a return loads no openpyxl (a worker's start-up cost)."""
import subprocess
import sys
from pathlib import Path

from forms.workbook.builtin_styles import BUILTIN_FORMATS, COLOR_INDEX
from workbook_fixtures import _signed_sample_master, signed  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]


def test_same_tables_as_openpyxl():
    from openpyxl.styles.colors import COLOR_INDEX as theirs_colours
    from openpyxl.styles.numbers import BUILTIN_FORMATS as theirs_formats
    assert BUILTIN_FORMATS == dict(theirs_formats)
    assert COLOR_INDEX == tuple(theirs_colours[:64])


def test_verifying_loads_neither_openpyxl_nor_numpy(signed):
    code = ("import sys\n"
            "from forms.workbook.verify import verify_workbook\n"
            f"r = verify_workbook({str(signed)!r})\n"
            "assert r.ok, r.problems\n"
            "print(sorted(m for m in ('openpyxl', 'numpy', 'pandas') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"
