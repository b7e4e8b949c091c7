"""File › Print / Save as PDF writes the whole return for the officer who approves it,
off the GUI thread, and says where it went."""
from pathlib import Path


def _pdf_action(w):
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&File")
    return next(a for a in menu.actions() if "PDF" in a.text())


def test_print_save_as_pdf_writes_the_return(sample_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    w = sample_window
    target = tmp_path / "for approval"           # no suffix typed: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    notes = []
    monkeypatch.setattr(w, "notify", notes.append)
    _pdf_action(w).trigger()
    qtbot.waitUntil(lambda: any(n.startswith("Saved") for n in notes), timeout=20000)
    pdf = Path(str(target) + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Saved for approval.pdf (" in notes[-1] and w.messages == []


def test_a_pdf_that_cannot_be_written_is_reported(sample_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    w = sample_window
    target = tmp_path / "no such folder" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    _pdf_action(w).trigger()
    qtbot.waitUntil(lambda: bool(w.messages), timeout=20000)
    assert "does not exist" in w.messages[0]

