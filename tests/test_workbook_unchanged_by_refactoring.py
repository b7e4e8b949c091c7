"""Restructuring the code changes nothing anyone sees.

The JSON Schema and the workbooks of the sample and of the large return
(exported with a fixed key, submission id and time) reduce to the digests
recorded before the layout moved (tests/golden/digests.json), for each layout
version: a workbook signed with layout 2 must still lay out as it was signed.
When a change is *meant* to alter the workbook, record new digests
(python tests/workbook_snapshot.py --record keeps the earlier versions') and
say so in the commit.
"""
import hashlib
import json

import pytest

from project_paths import ROOT
from workbook_snapshot import GOLDEN_VERSIONS, digest, export_fixed, snapshot

GOLDEN = ROOT / "tests" / "golden"
DIGESTS = json.loads((GOLDEN / "digests.json").read_text())


def _tag(version: int) -> str:
    return "" if version == 2 else f"_v{version}"


def test_the_json_schema_is_unchanged():
    from forms.schema.model import Return
    schema = json.dumps(Return.model_json_schema(), sort_keys=True).encode()
    assert hashlib.sha256(schema).hexdigest() == DIGESTS["schema"]


@pytest.mark.parametrize("version", GOLDEN_VERSIONS)
def test_the_sample_workbook_is_unchanged(sample, tmp_path, monkeypatch, version):
    snap = snapshot(export_fixed(sample, tmp_path / "sample.xlsx", monkeypatch, version),
                    version >= 3)
    if digest(snap) != DIGESTS[f"sample{_tag(version)}"]:
        recorded = json.loads((GOLDEN / f"sample-snapshot{_tag(version)}.json").read_text())
        assert json.loads(json.dumps(snap)) == recorded     # pytest shows where they differ
    assert digest(snap) == DIGESTS[f"sample{_tag(version)}"]


@pytest.mark.parametrize("version", GOLDEN_VERSIONS)
def test_the_large_workbook_is_unchanged(tmp_path, monkeypatch, version):
    from bench.generate import large_return
    snap = snapshot(export_fixed(large_return(), tmp_path / "large.xlsx", monkeypatch, version),
                    version >= 3)
    assert digest(snap) == DIGESTS[f"large{_tag(version)}"]


def test_the_current_layout_has_recorded_digests():
    from forms.workbook.layout import LAYOUT_VERSION
    assert LAYOUT_VERSION in GOLDEN_VERSIONS
