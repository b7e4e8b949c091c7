"""What a workbook holds, reduced to plain data: sheets, cells, formats, names.

Used to prove that restructuring the code changed nothing an officer or the
Treasury could see: the sample's and the large return's workbooks, exported
with a fixed key, id and time, must reduce to the recorded digests.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

FIXED_ID = "00000000-0000-4000-8000-000000000000"
FIXED_TIME = "2010-06-30T12:00:00Z"
FIXED_SEED = bytes(range(32))
GOLDEN_VERSIONS = (2, 3, 4)    # layout versions with recorded digests (2: "sample", "large")


def snapshot(path: Path, printing: bool = False) -> dict:
    """``printing``: with row heights, page setup, print titles and headers (layout 3;
    the digests of layout 2 were recorded without them)."""
    from openpyxl import load_workbook
    wb = load_workbook(path)
    out = {"names": sorted((n, d.attr_text) for n, d in wb.defined_names.items()),
           "sheets": []}
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                f = c.font
                cells.append([c.coordinate, repr(c.value), c.data_type, c.number_format,
                              bool(f.b), bool(f.i), f.sz, str(f.color.rgb) if f.color else None,
                              str(c.fill.fgColor.rgb) if c.fill.fill_type else None,
                              c.alignment.wrap_text, c.alignment.indent, c.quotePrefix]
                             + ([c.alignment.horizontal, c.alignment.vertical] if printing else []))
        sheet = {"title": ws.title, "state": ws.sheet_state, "freeze": ws.freeze_panes,
                 "widths": sorted((k, v.width) for k, v in ws.column_dimensions.items()),
                 "cells": cells}
        if ws.tables:        # layout 3; a workbook without tables reduces as it always did
            sheet["tables"] = [[t.displayName, t.ref, t.autoFilter.ref if t.autoFilter else None,
                                t.tableStyleInfo.name if t.tableStyleInfo else None,
                                [[c.name, c.totalsRowFunction, c.totalsRowLabel]
                                 for c in t.tableColumns]] for t in ws.tables.values()]
        if printing:
            ps = ws.page_setup
            sheet["printing"] = {
                "heights": sorted((r, d.height) for r, d in ws.row_dimensions.items()
                                  if d.height is not None),
                "page": [ps.orientation, ps.paperSize, ps.scale, ps.fitToWidth, ps.fitToHeight,
                         ws.sheet_properties.pageSetUpPr.fitToPage if
                         ws.sheet_properties.pageSetUpPr else None],
                "titles": [ws.print_title_rows, ws.print_title_cols],
                "breaks": [b.id for b in ws.col_breaks.brk],
                "header": [ws.oddHeader.left.text, ws.oddHeader.center.text,
                           ws.oddHeader.right.text, ws.oddFooter.left.text,
                           ws.oddFooter.center.text, ws.oddFooter.right.text]}
        out["sheets"].append(sheet)
    import zipfile
    with zipfile.ZipFile(path) as z:     # charts and their drawings, as written
        drawn = {n: hashlib.sha256(z.read(n)).hexdigest() for n in sorted(z.namelist())
                 if n.startswith(("xl/charts/", "xl/drawings/"))}
    if drawn:
        out["drawn"] = drawn
    return out


def digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def export_fixed(ret, out: Path, monkeypatch, version: int | None = None) -> Path:
    """Export ``ret`` signed by a fixed key, with a fixed submission id and time (and the
    layout ``version``, the current one unless given)."""
    import uuid

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from forms.signing import keys, payload
    from forms.workbook import export
    key = Ed25519PrivateKey.from_private_bytes(FIXED_SEED)
    pem = keys.public_pem_of(key.public_key())
    info = keys.KeyInfo(ret.envelope.organisation, keys.fingerprint_of(key.public_key()), pem)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(FIXED_ID))
    monkeypatch.setattr(payload, "utc_now", lambda: FIXED_TIME)
    if version is not None:
        monkeypatch.setattr(export, "LAYOUT_VERSION", version)
    export.export_signed(ret, key, info, out)
    return out


def record(golden: Path) -> dict:
    """Record new digests (and the sample's snapshot) into ``golden``.

    Only for a change *meant* to alter the workbook or the schema; say so in
    the commit. Run: python tests/workbook_snapshot.py --record
    """
    import tempfile

    import pytest

    from bench.generate import large_return
    from forms.drafts.store import load_draft
    from forms.schema.model import Return
    from project_paths import SAMPLE
    schema = json.dumps(Return.model_json_schema(), sort_keys=True).encode()
    from forms.workbook.layout import LAYOUT_VERSION
    digests = {"schema": hashlib.sha256(schema).hexdigest()}
    # Workbooks signed with earlier layouts must still lay out as they were signed:
    # their digests are kept, and only the current version's recorded.
    old = json.loads((golden / "digests.json").read_text()) if (golden / "digests.json").exists() \
        else {}
    for version in GOLDEN_VERSIONS:
        tag = "" if version == 2 else f"_v{version}"
        if version != LAYOUT_VERSION and f"sample{tag}" in old:
            digests[f"sample{tag}"], digests[f"large{tag}"] = old[f"sample{tag}"], old[f"large{tag}"]
            continue
        with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
            sample = snapshot(export_fixed(load_draft(SAMPLE), Path(tmp) / "s.xlsx", mp, version),
                              version >= 3)
            large = snapshot(export_fixed(large_return(), Path(tmp) / "l.xlsx", mp, version),
                              version >= 3)
        digests[f"sample{tag}"], digests[f"large{tag}"] = digest(sample), digest(large)
        (golden / f"sample-snapshot{tag}.json").write_text(json.dumps(sample, indent=0))
    (golden / "digests.json").write_text(json.dumps(digests, indent=1) + "\n")
    return digests


if __name__ == "__main__":
    import sys
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent)]
    if sys.argv[1:] != ["--record"]:
        sys.exit("usage: python tests/workbook_snapshot.py --record")
    print(record(here / "golden"))
