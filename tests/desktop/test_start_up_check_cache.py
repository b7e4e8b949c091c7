"""Start-up from the check cache (desktop/files/check_cache.py).

A draft opened again shows the findings of its last check before pydantic and
the rule pack load; the real check follows. These tests hold the promises that
makes honest: the key misses when anything the check reads changes, a damaged
cache is ignored, a wrong cache is corrected by the real check, and an edit made
while the cached findings are shown is validated and kept.
"""
import json
from dataclasses import replace

import pytest

from project_paths import SAMPLE

from desktop.document import IDLE_MS
from desktop.files import check_cache
from desktop.main_window import MainWindow
from forms.drafts.store import read_draft
from validators.findings import Finding


def _window(qtbot) -> MainWindow:
    w = MainWindow(defer_checks=True)
    w.messages = []
    w.inform = lambda title, text, warning=True: w.messages.append(text)
    w.ask_save_changes = lambda: "discard"
    w.ask_recover = lambda rec: "later"
    qtbot.addWidget(w)
    return w


def _start(qtbot, path=SAMPLE) -> MainWindow:
    w = _window(qtbot)
    w.show()
    assert w.open_path(path, ask=False, defer=True)
    qtbot.waitUntil(lambda: w.doc.checked_once, timeout=1500)
    return w


def _kept(qtbot) -> dict:
    """The cache's entries once the first start has written them."""
    qtbot.waitUntil(lambda: check_cache.cache_file().exists(), timeout=2000)
    return json.loads(check_cache.cache_file().read_text(encoding="utf-8"))["entries"]


def test_a_draft_opened_again_shows_its_last_checks_at_once_then_checks_for_real(app, qtbot):
    first = _start(qtbot)
    assert first.doc.ready                      # no cache yet: the real check
    real = first.doc.report
    assert len(_kept(qtbot)) == 1
    first.autosaver.close()
    again = _window(qtbot)
    again.show()
    assert again.open_path(SAMPLE, ask=False, defer=True)
    # In the first paint with the values: shown from the cache, not yet validated.
    assert again.doc.checked_once and not again.doc.ready
    assert again.doc.report == real
    assert "Ready to export" in again.header.text()
    qtbot.waitUntil(lambda: again.doc.ready, timeout=1500)     # the real check follows
    assert again.doc.report == real
    assert again.progress.due == first.progress.due
    again.autosaver.close()


def test_a_wrong_cache_is_corrected_by_the_real_check(app, qtbot):
    first = _start(qtbot)
    real = first.doc.report
    _kept(qtbot)
    first.autosaver.close()
    key = check_cache.key_of(read_draft(SAMPLE))
    cached = check_cache.load(key)
    wrong = Finding("FAKE-1", "error", "Not a real finding.", ("headcount.employees_fte",),
                    key="FAKE-1")
    check_cache.store(key, replace(cached, report=replace(cached.report, findings=[wrong])))
    again = _start(qtbot)
    assert [f.rule_id for f in again.doc.report.findings] == ["FAKE-1"]
    assert "Not ready: 1 error" in again.header.text()
    qtbot.waitUntil(lambda: again.doc.ready and again.doc.report == real, timeout=1500)
    assert "Ready to export" in again.header.text()
    qtbot.waitUntil(lambda: check_cache.load(key).report == real, timeout=1500)   # rewritten
    again.autosaver.close()


def test_an_edit_while_the_cached_checks_are_shown_is_validated_and_kept(app, qtbot):
    _start(qtbot).autosaver.close()
    _kept(qtbot)
    w = _start(qtbot)
    assert not w.doc.ready
    assert w.doc.set_value("envelope.preparer.name", "Sam Jones")   # validates first
    assert w.doc.ready and w.doc.ret.envelope.preparer.name == "Sam Jones"
    qtbot.wait(300)      # the real check, and the cache left alone: it is not of the file
    assert w.doc.ret.envelope.preparer.name == "Sam Jones"
    assert w.pages["details"].fields["envelope.preparer.name"].widget.text() == "Sam Jones"
    assert len(_kept(qtbot)) == 1
    w.autosaver.close()


@pytest.fixture
def kept(app, tmp_path):
    """The sample's check stored in a cache file of its own."""
    data = read_draft(SAMPLE)
    path = tmp_path / "cache.json"
    from desktop.document import Document
    doc = Document()
    doc.load_data(data)
    doc.finish_loading()
    from desktop.window.progress import given_pages
    check_cache.store(check_cache.key_of(data), check_cache.Cached(
        doc.report, doc.metrics, frozenset(given_pages(doc.ret))), path)
    assert check_cache.load(check_cache.key_of(data), path).report == doc.report
    return data, path


def test_changing_the_draft_misses(kept):
    data, path = kept
    changed = json.loads(json.dumps(data))
    changed["envelope"]["preparer"]["name"] = "Sam Jones"
    assert check_cache.load(check_cache.key_of(changed), path) is None


def test_changing_a_rule_pack_misses(kept, tmp_path, monkeypatch):
    data, path = kept
    packs = tmp_path / "packs"
    packs.mkdir()
    for p in check_cache.PACKS.glob("*.toml"):
        (packs / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(check_cache, "PACKS", packs)
    assert check_cache.load(check_cache.key_of(data), path) is not None   # same bytes: a hit
    first = sorted(packs.glob("*.toml"))[0]
    first.write_bytes(first.read_bytes() + b"\n# one more line\n")
    assert check_cache.load(check_cache.key_of(data), path) is None


def test_another_program_version_or_edited_code_misses(kept, tmp_path, monkeypatch):
    data, path = kept
    monkeypatch.setattr(check_cache, "VERSION", "99.0.0")
    assert check_cache.load(check_cache.key_of(data), path) is None
    monkeypatch.undo()
    code = tmp_path / "code"
    (code / "validators").mkdir(parents=True)
    (code / "validators" / "rule.py").write_text("x = 1\n")
    monkeypatch.setattr(check_cache, "ROOT", code)
    monkeypatch.setattr(check_cache, "CODE", ("validators",))
    before = check_cache.key_of(data)
    (code / "validators" / "rule.py").write_text("x = 22\n")
    assert check_cache.key_of(data) != before


def test_a_pack_file_of_the_officers_own_is_never_cached():
    data = read_draft(SAMPLE)
    data["envelope"]["rule_pack"] = "/tmp/my-pack.toml"
    assert check_cache.key_of(data) is None


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": 1, "entries": []}',
    b'{"format": 2, "entries": {}}', None])
def test_a_damaged_cache_is_ignored(kept, damage):
    data, path = kept
    if damage is None:      # an entry of the right key with the wrong shapes
        doc = json.loads(path.read_text(encoding="utf-8"))
        for entry in doc["entries"].values():
            entry["findings"][0]["value"] = 12
            entry["metrics"] = ["not", "a", "mapping"]
        path.write_text(json.dumps(doc), encoding="utf-8")
    else:
        path.write_bytes(damage)
    assert check_cache.load(check_cache.key_of(data), path) is None
    check_cache.store(check_cache.key_of(data), check_cache.Cached(
        check_cache.Report(), {}, frozenset()), path)       # and is written over
    assert check_cache.load(check_cache.key_of(data), path) is not None


def test_a_damaged_cache_file_never_stops_the_start(app, qtbot):
    qtbot.wait(2 * IDLE_MS)     # nothing left over from earlier tests writes the cache now
    path = check_cache.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"format": 1, "entries": {"x": ')
    w = _start(qtbot)
    assert w.doc.ready and w.doc.report.findings and not w.messages
    w.autosaver.close()

