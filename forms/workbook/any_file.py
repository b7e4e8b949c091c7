"""Any file an officer or analyst may open: a draft (.json) or a signed workbook (.xlsx)."""
from __future__ import annotations

from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx")


def load_any(path: Path):
    """A draft (.json) or a signed workbook (.xlsx): the return inside."""
    from forms.drafts.store import load_draft
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        from forms.workbook.to_draft import import_workbook
        return import_workbook(path)
    return load_draft(path)
