"""Restructuring the code changes nothing anyone sees.

The JSON Schema and the workbooks of the sample and of the large return
(exported with a fixed key, submission id and time) reduce to the digests
recorded before the layout moved (tests/golden/digests.json). When a change is
*meant* to alter the workbook, record new digests and say so in the commit.
Layout 2's digests were recorded before layout 3 and never change: an export
in layout 2 is the workbook it always was.
"""
import hashlib
import json

from project_paths import ROOT
from workbook_snapshot import digest, export_fixed, snapshot

GOLDEN = ROOT / "tests" / "golden"
DIGESTS = json.loads((GOLDEN / "digests.json").read_text())


def test_the_json_schema_is_unchanged():
    from forms.schema.model import Return
    schema = json.dumps(Return.model_json_schema(), sort_keys=True).encode()
    assert hashlib.sha256(schema).hexdigest() == DIGESTS["schema"]


def test_the_sample_workbook_is_unchanged(sample, tmp_path, monkeypatch):
    snap = snapshot(export_fixed(sample, tmp_path / "sample.xlsx", monkeypatch), True)
    if digest(snap) != DIGESTS["sample"]:
        recorded = json.loads((GOLDEN / "sample-snapshot.json").read_text())
        assert json.loads(json.dumps(snap)) == recorded     # pytest shows where they differ
    assert digest(snap) == DIGESTS["sample"]


def test_the_large_workbook_is_unchanged(tmp_path, monkeypatch):
    from bench.generate import large_return
    snap = snapshot(export_fixed(large_return(), tmp_path / "large.xlsx", monkeypatch), True)
    assert digest(snap) == DIGESTS["large"]


def test_a_layout_2_export_is_the_workbook_it_always_was(sample, tmp_path, monkeypatch):
    from bench.generate import large_return
    for name, ret in (("sample", sample), ("large", large_return())):
        snap = snapshot(export_fixed(ret, tmp_path / f"{name}.xlsx", monkeypatch, version=2))
        assert digest(snap) == DIGESTS[f"{name}_v2"], name
