"""Start-up: the window shows the draft's values first, validates and checks right after.

desktop.app.open_window draws the window before pydantic and the rule pack are
loaded (issue #4 section 9). These tests hold the promises that makes: the values
shown first are the model's values (tests/test_preview_reads_values_as_the_model_does.py),
the checks follow the first paint without anyone asking, a draft that fails
validation is reported and never overwritten, and an edit made before validation
is kept.
"""
import json

from project_paths import SAMPLE


def test_the_window_shows_the_sample_then_checks_after_its_first_paint(starting, qtbot):
    w = starting
    w.show()
    assert w.open_path(SAMPLE, ask=False, defer=True)
    assert not w.doc.ready and not w.doc.checked_once
    page = w.pages["details"]
    assert page.fields["envelope.preparer.name"].widget.text() == "Priya Shah"
    assert "Checking" in w.header.text()
    # The first paint starts validation and checks: well before the 1 s fallback.
    qtbot.waitUntil(lambda: w.doc.checked_once, timeout=600)
    assert w.doc.ready and w.doc.report.findings
    assert "Ready to export" in w.header.text()
    assert w.windowTitle().startswith("sample-return.json")


def test_a_draft_that_fails_validation_is_reported_and_never_overwritten(starting, qtbot,
                                                                         tmp_path):
    bad = json.loads(SAMPLE.read_text(encoding="utf-8"))
    bad["headcount"]["employees_fte"] = "-5"
    path = tmp_path / "bad.json"
    original = json.dumps(bad)
    path.write_text(original, encoding="utf-8")
    w = starting
    w.show()
    assert w.open_path(path, ask=False, defer=True)
    assert w.doc.path == path
    qtbot.waitUntil(lambda: bool(w.messages), timeout=1500)
    assert "bad.json cannot be opened" in w.messages[0]
    assert "Headcount › Employees (FTE): cannot be negative." in w.messages[0]
    assert "your file is unchanged" in w.messages[0]
    assert w.doc.path is None and w.doc.title() == "Untitled return"
    assert w.pages["details"].fields["envelope.organisation"].widget.text() == ""
    w.autosave_now()
    assert path.read_text(encoding="utf-8") == original


def test_an_edit_before_validation_is_validated_and_kept(starting, qtbot):
    w = starting
    assert w.open_path(SAMPLE, ask=False, defer=True)
    assert not w.doc.ready
    assert w.doc.set_value("envelope.preparer.name", "Sam Jones")   # validates first
    assert w.doc.ready
    w.finish_start()
    assert w.doc.checked_once
    assert w.doc.ret.envelope.preparer.name == "Sam Jones"
    assert w.pages["details"].fields["envelope.preparer.name"].widget.text() == "Sam Jones"
    w.doc.undo.undo()
    assert w.doc.ret.envelope.preparer.name == "Priya Shah"


def test_a_window_never_painted_still_checks(starting, qtbot):
    from desktop.main_window import FINISH_START_LATEST_MS
    w = starting                      # never shown: no paint event ever comes
    assert w.open_path(SAMPLE, ask=False, defer=True)
    qtbot.waitUntil(lambda: w.doc.checked_once, timeout=FINISH_START_LATEST_MS + 1000)


def test_a_workbook_at_start_up_opens_the_ordinary_way(starting, tmp_path):
    w = starting
    assert not w.open_path(tmp_path / "missing.xlsx", ask=False, defer=True)
    assert "no longer in" in w.messages[-1]


def test_the_findings_panel_says_checking_until_the_first_report(app):
    from desktop.widgets.findings_panel import FindingsPanel
    from validators.findings import Report
    panel = FindingsPanel()
    assert "Checking" in panel.summary.text()
    panel.update_report(Report())          # no findings at all is a report too
    assert panel.summary.text() == "Nothing blocks export."
