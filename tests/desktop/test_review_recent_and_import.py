"""Recent files that have gone, and last year's return from elsewhere: a message that says
what to do, nothing changed."""
from pathlib import Path

from desktop.files.recent import add_recent, recent_files

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-return.json"


def test_a_recent_file_that_was_moved_says_so_and_leaves_the_list(window, tmp_path):
    gone = tmp_path / "moved-away.json"
    gone.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    add_recent(gone)
    gone.unlink()
    window._fill_recent()
    [act] = [a for a in window.recent_menu.actions() if "moved-away" in a.text()]
    act.trigger()
    [msg] = window.messages
    assert "moved-away.json" in msg and "File › Open" in msg
    assert recent_files() == []
