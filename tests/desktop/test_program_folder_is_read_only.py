"""The sample (and anything in the program's folder) opens as a read-only template:
Save asks where to keep the officer's copy, starting in Documents, and nothing is
ever written beside the program."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from desktop.dialogs.export import default_export_path
from desktop.files.program_folder import documents_folder, inside_program

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-return.json"


def _listing(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_the_sample_is_found_inside_the_program_folder_and_a_profile_is_not(tmp_path):
    assert inside_program(SAMPLE)
    assert inside_program(SAMPLE.parent)
    assert not inside_program(tmp_path / "mine.json")
    assert not inside_program(documents_folder() / "DCSF-2009-10-draft.json")


def test_saving_the_sample_asks_where_starting_in_documents(sample_window, monkeypatch, tmp_path):
    w = sample_window
    resources = SAMPLE.parents[1]
    before = _listing(resources)
    sample_bytes = SAMPLE.read_bytes()
    assert w.doc.path is None and w.doc.title() == SAMPLE.name
    asked = []
    chosen = tmp_path / "kept" / "my-copy.json"
    chosen.parent.mkdir()

    def fake_dialog(parent, title, start, filters):
        asked.append(Path(start))
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    w.doc.set_value("headcount.function_fte.hr", Decimal("50"))
    assert w.save()                                     # Save behaves as Save as
    assert asked == [documents_folder() / "DCSF-2009-10-draft.json"]
    assert chosen.exists() and w.doc.path == chosen and not w.doc.dirty
    assert SAMPLE.read_bytes() == sample_bytes
    assert _listing(resources) == before
    assert not inside_program(str(QSettings().value("last_folder", "")) or "/nowhere")


def test_the_last_folder_is_never_the_program_folder(sample_window):
    assert QSettings().value("last_folder") in (None, "")
    QSettings().setValue("last_folder", str(SAMPLE.parent))   # an older version wrote this
    sample_window.doc.template = False
    assert sample_window._folder() == documents_folder()


def test_save_as_into_the_program_folder_is_refused_in_words(sample_window):
    w = sample_window
    target = SAMPLE.parent / "officer-copy.json"
    assert not w.save_to(target)
    assert not target.exists()
    assert "read-only" in w.messages[-1] and "Documents" in w.messages[-1]


def test_exporting_the_sample_defaults_to_documents(sample_window):
    w = sample_window
    p = default_export_path(w.doc.ret, SAMPLE)
    assert p == documents_folder() / "DCSF-2009-10-return.xlsx"
    assert w._folder() / w._suggested_name(".xlsx") == p
