"""A return naming a rule pack this program does not have (a newer one, a typo) opens; the
checks say what to do instead of crashing on every edit, and fixing the field clears it."""
import json
from decimal import Decimal
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-return.json"


def test_a_return_whose_rule_pack_is_unknown_opens_and_says_what_to_do(window, tmp_path, qtbot):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["envelope"]["rule_pack"] = "future-pack-2011"
    path = tmp_path / "newer-pack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_path(path, ask=False)
    report = window.doc.report
    assert not report.can_submit
    [f] = report.errors
    assert f.paths == ("envelope.rule_pack",)
    assert "future-pack-2011" in f.message and "smarter-government-2009" in f.message
    window.doc.set_value("headcount.employees_headcount", Decimal("1234"))
    qtbot.waitUntil(lambda: not window.doc._timer.isActive())    # the live check ran quietly
    assert window.go_to_finding(f.paths)
    window.doc.set_value("envelope.rule_pack", "smarter-government-2009")
    window.doc.check_now()
    assert window.doc.report.pack_id == "smarter-government-2009"
    assert not any(f.paths == ("envelope.rule_pack",) for f in window.doc.report.errors)
