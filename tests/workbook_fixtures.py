"""Fixtures for the signed-workbook tests: fast keys, a signed sample, workbook surgery."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

# Not from conftest: with conftest.py files in subfolders that name is ambiguous.
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"

PASS = "correct horse battery staple"
FAST_N = 2**10   # scrypt cost for tests; test_keys uses the real one once


@pytest.fixture
def fast_keys(monkeypatch):
    from forms.signing import keys
    monkeypatch.setattr(keys, "SCRYPT_N", FAST_N)
    return keys


@pytest.fixture
def key_file(fast_keys, tmp_path) -> Path:
    path = tmp_path / "dcsf.key"
    fast_keys.generate_keyfile("DCSF", PASS, path)
    return path


@pytest.fixture(scope="session")
def _signed_sample_master(tmp_path_factory) -> tuple[Path, Path]:
    """One signed sample per session; tests get their own copy."""
    from forms.signing import keys
    from forms.drafts.store import load_draft
    from forms.workbook.export import export_return
    folder = tmp_path_factory.mktemp("signed")
    old, keys.SCRYPT_N = keys.SCRYPT_N, FAST_N
    try:
        key = folder / "dcsf.key"
        keys.generate_keyfile("DCSF", PASS, key)
    finally:
        keys.SCRYPT_N = old
    out = folder / "sample.xlsx"
    export_return(load_draft(SAMPLE), key, PASS, out)
    return out, key


@pytest.fixture(scope="session")
def _signed_v3_master(_signed_sample_master) -> Path:
    """The signed sample in layout 3 (each value beside its target on one axis), which
    must still verify as it was signed."""
    from forms.drafts.store import load_draft
    from forms.workbook import export
    key = _signed_sample_master[1]
    out = key.parent / "sample-v3.xlsx"
    old, export.LAYOUT_VERSION = export.LAYOUT_VERSION, 3
    try:
        export.export_return(load_draft(SAMPLE), key, PASS, out)
    finally:
        export.LAYOUT_VERSION = old
    return out


@pytest.fixture
def signed_v3(_signed_v3_master, tmp_path) -> Path:
    """A copy of the signed sample of layout 3, free to damage."""
    dst = tmp_path / "return-v3.xlsx"
    shutil.copyfile(_signed_v3_master, dst)
    return dst


@pytest.fixture
def signed(_signed_sample_master, tmp_path) -> Path:
    """A copy of the signed sample workbook, free to damage."""
    dst = tmp_path / "return.xlsx"
    shutil.copyfile(_signed_sample_master[0], dst)
    return dst


@pytest.fixture
def signed_key(_signed_sample_master) -> Path:
    return _signed_sample_master[1]


def edit_cell(path: Path, sheet: str, ref: str, value, out: Path | None = None) -> Path:
    """Change one cell as a person in a spreadsheet program would, and save."""
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb[sheet][ref].value = value
    out = out or path
    wb.save(out)
    return out


def rewrite_zip(src: Path, dst: Path, change) -> Path:
    """Copy an .xlsx, passing each member's bytes through ``change(name, data)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def signature_sheet_member(path: Path) -> str:
    """The zip member holding the signature sheet (the last sheet the exporter writes)."""
    with zipfile.ZipFile(path) as z:
        sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    return max(sheets, key=lambda n: int(n.rsplit("sheet", 1)[1].split(".")[0]))
