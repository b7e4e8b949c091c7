"""The received files as pandas tables: returns, superseded and rejected.

Duplicates (same body, year and kind): the latest signed is kept, the others
are superseded, each with what changed cell by cell (as verify lists it).
pandas is imported here and below only: never on the program's start-up path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.consolidate.collect import Processed
from forms.consolidate.rows import fixed_labels
from forms.consolidate.verified import REJECTED, UNREADABLE, VALID, payload_of

SUPERSEDED = "superseded"
MAX_CHANGES = 30
# Cover cells that differ between any two signings: not a change of the return.
_SIGNING_CELLS = ("Submission ID", "Signed at (UTC)")


@dataclass
class Sorted:
    kept: list[Processed] = field(default_factory=list)
    superseded: list[tuple[Processed, Processed, list[str]]] = field(default_factory=list)
    rejected: list[Processed] = field(default_factory=list)


def _show(v: Any) -> str:
    if v is None or v == "":
        return "blank"
    if isinstance(v, Decimal):
        return f"{v.normalize():f}" if v == v.to_integral_value() else str(v)
    return repr(v) if isinstance(v, str) else str(v)


def _data_cells(payload: dict) -> dict[tuple[str, int, int], Any]:
    from forms.workbook.layout import layout
    # Changes read as typed: layout 2 holds figures as entered (35.0, not layout 3's
    # fraction 0.35) and choices as stored, in the cells every later layout uses too.
    if isinstance(payload.get("layout_version"), int) and payload["layout_version"] > 2:
        payload = {**payload, "layout_version": 2}
    return {(s.title, c.row, c.col): c for s in layout(payload) for c in s.cells
            if c.data and c.where not in _SIGNING_CELLS}


def changes_between(old: dict, new: dict) -> list[str]:
    """What a resubmission changed, cell by cell: 'Headcount!B5 (Employees (FTE)): 2694.5 → 2700'."""
    from forms.workbook.layout import cell_ref
    from forms.workbook.verify import in_current_keys
    # A return signed with keys counting rows from 0 and signed again now has changed
    # no finding: its keys are compared in today's form.
    a, b = _data_cells(in_current_keys(old)), _data_cells(in_current_keys(new))
    out = []
    order = {s: i for i, s in enumerate(dict.fromkeys(k[0] for k in list(a) + list(b)))}
    for key in sorted(a.keys() | b.keys(), key=lambda k: (order[k[0]], k[1], k[2])):
        va = a[key].value if key in a else None
        vb = b[key].value if key in b else None
        if va == vb or (va in (None, "") and vb in (None, "")):
            continue
        where = (a.get(key) or b.get(key)).where
        out.append(f"{key[0]}!{cell_ref(key[1], key[2])} ({where}): {_show(va)} → {_show(vb)}")
    if len(out) > MAX_CHANGES:
        out = out[:MAX_CHANGES] + [f"and {len(out) - MAX_CHANGES} more changes"]
    return out


def sort_received(received: list[Processed]) -> Sorted:
    """Kept, superseded (with the return that replaced each and the changes) and rejected."""
    out = Sorted()
    groups: dict[tuple, list[Processed]] = {}
    for p in received:
        if p.received.status == VALID:
            groups.setdefault(p.received.key, []).append(p)
        else:
            out.rejected.append(p)
    for group in groups.values():
        group.sort(key=lambda p: (p.received.signed_at, p.received.submission_id,
                                  p.received.path), reverse=True)
        latest = group[0]
        out.kept.append(latest)
        for older in group[1:]:
            if older.received.submission_id == latest.received.submission_id:
                changes = [f"an identical copy of {Path(latest.received.path).name} "
                           f"(same submission {latest.received.submission_id})"]
            else:
                changes = changes_between(payload_of(older.received),
                                          payload_of(latest.received)) or \
                    ["nothing in the return: only signed again"]
            out.superseded.append((older, latest, changes))
    out.kept.sort(key=lambda p: (p.received.organisation, p.received.body_name,
                                 p.received.financial_year, p.received.return_kind))
    return out


def _name(code: str) -> str:
    from forms.schema.errors import UserError
    from forms.schema.organisations import find_organisation
    try:
        return find_organisation(code).name
    except UserError:
        return ""


def returns_frame(s: Sorted):
    """A row per return: kept and superseded with their figures, rejected with their reason."""
    import pandas as pd
    rows = []
    for p in s.kept:
        rows.append(dict(p.row, file=p.received.path, verification=VALID, reason=""))
    for older, latest, _changes in s.superseded:
        rows.append(dict(older.row, file=older.received.path, verification=SUPERSEDED,
                         reason=f"superseded by {Path(latest.received.path).name}"))
    for p in s.rejected:
        if p.received.status == REJECTED and p.received.organisation:
            r = p.received
            rows.append({"file": r.path, "organisation": r.organisation,
                         "organisation_name": _name(r.organisation), "body": r.body_name,
                         "financial_year": r.financial_year, "return_kind": r.return_kind,
                         "verification": REJECTED, "reason": r.reason,
                         "submission_id": r.submission_id, "signed_at": r.signed_at,
                         "key_fingerprint": r.fingerprint})
    labels = fixed_labels()
    statuses = sorted({c for r in rows for c in r if c.startswith("status_")})
    columns = list(labels) + statuses
    tail = list(labels)[-7:]            # the signing facts close the table
    columns = [c for c in columns if c not in tail] + tail
    return pd.DataFrame(rows, columns=columns)


def rejected_frame(s: Sorted):
    import pandas as pd
    rows = [{"file": p.received.path, "organisation": p.received.organisation,
             "body": p.received.body_name, "financial_year": p.received.financial_year,
             "return_kind": p.received.return_kind,
             "result": "unreadable" if p.received.status == UNREADABLE else "rejected",
             "reason": p.received.reason, "ask_sender_for": p.received.ask,
             "problems": "; ".join(p.received.problems)} for p in s.rejected]
    return pd.DataFrame(rows, columns=["file", "organisation", "body", "financial_year",
                                       "return_kind", "result", "reason", "ask_sender_for",
                                       "problems"])


def superseded_frame(s: Sorted):
    import pandas as pd
    rows = [{"file": o.received.path, "organisation": o.received.organisation,
             "body": o.received.body_name, "financial_year": o.received.financial_year,
             "return_kind": o.received.return_kind, "signed_at": o.received.signed_at,
             "superseded_by": l.received.path, "superseded_by_signed_at": l.received.signed_at,
             "changes": "\n".join(ch)} for o, l, ch in s.superseded]
    return pd.DataFrame(rows, columns=["file", "organisation", "body", "financial_year",
                                       "return_kind", "signed_at", "superseded_by",
                                       "superseded_by_signed_at", "changes"])
