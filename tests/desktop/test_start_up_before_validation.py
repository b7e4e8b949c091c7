"""The deferred start-up (desktop.app.open_window): what happens when the return is
first needed by something other than finish_start, before the first paint.

An officer starts the program on a draft (`backoffice open FILE`). Until the
window's first paint the draft is only previewed. These tests ask the window to
do ordinary things in that gap (lose focus, close, open another file) and check
that a draft that fails validation still ends as the clean blank return the
message promises, and that a valid draft ends showing the model's values.
"""
import json

from PySide6.QtCore import Qt

from project_paths import SAMPLE


def _draft(tmp_path, name, change=None):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _bad(tmp_path):
    return _draft(tmp_path, "bad.json",
                  lambda d: d["headcount"].__setitem__("employees_fte", "-5"))


def test_switching_away_before_validation_leaves_the_blank_return_clean(starting, qtbot,
                                                                        tmp_path):
    # The officer alt-tabs while the program starts: _on_app_state autosaves, which
    # commits every box; the first commit validates the bad draft, which resets to a
    # blank return, and then the box's old text is written into that blank return.
    w = starting
    assert w.open_path(_bad(tmp_path), ask=False, defer=True)
    w._on_app_state(Qt.ApplicationState.ApplicationInactive)
    qtbot.waitUntil(lambda: bool(w.messages), timeout=1500)
    assert "A blank return is shown instead" in w.messages[0]
    assert w.doc.ret.envelope.organisation == ""         # was: 'DCSF' from the bad file
    assert not w.doc.dirty and w.doc.undo.count() == 0
    assert not w.autosaver.draft.exists()                 # no junk offered for recovery


def test_closing_before_validation_does_not_ask_to_save_an_untouched_return(starting, qtbot,
                                                                             tmp_path):
    w = starting
    assert w.open_path(_bad(tmp_path), ask=False, defer=True)
    w.close()
    assert w.asked_to_save == []          # was: asked to save "Untitled return"


def test_opening_another_file_before_validation_does_not_say_a_blank_return_is_shown(
        starting, qtbot, tmp_path):
    w = starting
    bad, good = _bad(tmp_path), _draft(tmp_path, "good.json")
    assert w.open_path(bad, ask=False, defer=True)
    assert w.open_path(good, ask=True)         # File > Open, or a recent file
    qtbot.wait(50)
    assert w.doc.path == good
    assert w.asked_to_save == []
    assert not any("blank return is shown" in m for m in w.messages), w.messages


def test_a_draft_that_fails_validation_at_start_up_is_not_a_recent_file(starting, qtbot,
                                                                       tmp_path):
    # Opened the ordinary way, a draft that does not validate never reaches the
    # recent-files list; deferred, it is added before it is found to be invalid.
    from desktop.files.recent import recent_files
    w = starting
    bad = _bad(tmp_path)
    assert w.open_path(bad, ask=False, defer=True)
    w.finish_start()
    qtbot.waitUntil(lambda: bool(w.messages), timeout=1500)
    assert bad not in recent_files()
    assert w.statusBar().currentMessage() != "Opened bad.json."


def test_an_edit_before_the_first_paint_still_ends_showing_the_models_values(starting,
                                                                           tmp_path):
    # The draft names its organisation in full; the model keeps the code. An edit
    # before the first paint validates early, so finish_loading no longer refreshes
    # the pages. The box shows an organisation as its label, from the preview or the
    # model alike, so it ends showing the label of the code the model keeps.
    w = starting
    path = _draft(tmp_path, "named.json", lambda d: d["envelope"].__setitem__(
        "organisation", "Department for Children, Schools and Families"))
    assert w.open_path(path, ask=False, defer=True)
    assert w.doc.set_value("envelope.preparer.name", "Sam Jones")
    w.finish_start()
    assert w.doc.ret.envelope.organisation == "DCSF"
    box = w.pages["details"].fields["envelope.organisation"].widget
    assert box.text() == "Department for Children, Schools and Families (DCSF)"
    assert box.clean_text == box.text()
