"""Import a signed return: the draft comes back exactly as it was signed.

The return is rebuilt from the signed payload, not from the visible cells,
so explanations and every decimal come back to the character. A workbook
whose signature fails, or whose cells were edited after signing, is refused:
importing would silently drop the edit or carry a forgery into this year.
"""
from __future__ import annotations

from pathlib import Path

from forms.signing import payload as signing
from forms.schema.errors import NotAReturn
from forms.workbook.verify import Altered, Damaged, check_signature, compare_cells, open_signed
from forms.workbook.package import Ambiguous
from forms.workbook.strict import open_strict


def import_workbook(path) -> "Return":  # noqa: F821
    """The Return signed into ``path``; NotAReturn with the reason if it cannot be trusted."""
    from forms.drafts.store import from_dict
    name = Path(path).name
    try:
        gw = open_strict(path)
    except Ambiguous as e:
        raise NotAReturn(f"{name} is not the workbook as exported ({e}); it cannot be "
                         "imported. Ask the sender for the original.") from None
    with gw:
        try:
            title, parts, payload = open_signed(gw)
        except Altered as e:
            raise NotAReturn(f"{name} was altered after it was signed ({e}); "
                             "it cannot be imported. Ask the sender for the original.") from None
        except Damaged as e:
            raise NotAReturn(f"{name}: the signed data is damaged ({e}). Ask the sender "
                             "for the workbook the program exported.") from None
        problems = check_signature(parts, payload)
        if problems:
            raise NotAReturn(f"{name} was altered after it was signed ({problems[0]}); "
                             "it cannot be imported. Ask the sender for the original.")
        edits = compare_cells(gw, payload, title, parts=parts)
        if edits:
            more = f" and {len(edits) - 1} more" if len(edits) > 1 else ""
            raise NotAReturn(f"{name} was edited after signing ({edits[0]}{more}); the edit "
                             "is not in the signed return. Import the original workbook.")
    return from_dict(signing.return_data(payload), name)
