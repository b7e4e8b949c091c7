"""The one adapter between consolidation and forms.workbook.verify.

Everything consolidation needs from a received file comes through
``receive(path, ring)``: the verification result (from verify_workbook,
never re-implemented here), the signed payload of a valid return, and the
rejection put in the analyst's words with what to ask the sender for. If
verify's messages or result change, this module is the one place to follow.

Runs in worker processes: module-level functions and plain, picklable values.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VALID, REJECTED, UNREADABLE = "valid", "rejected", "unreadable"


@dataclass
class Received:
    """One received file, as a worker hands it back to the consolidation."""
    path: str
    status: str                          # VALID | REJECTED | UNREADABLE
    problems: list[str] = field(default_factory=list)
    reason: str = ""                     # the analyst's words (rejected or unreadable)
    ask: str = ""                        # what to ask the sender for
    organisation: str = ""
    body_name: str = ""
    financial_year: str = ""
    return_kind: str = ""
    fingerprint: str = ""
    submission_id: str = ""
    signed_at: str = ""
    rule_pack: str = ""
    data: bytes = b""                    # the signed payload bytes of a valid return

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two returns the same return: body, year and kind."""
        return (self.organisation.casefold(), self.body_name.casefold(),
                self.financial_year, self.return_kind)


# --- the analyst's words ---------------------------------------------------------

ASK_ORIGINAL = "the workbook exactly as the program exported it (not opened and re-saved " \
               "with edits), or a fresh export"
# (words in verify's problem, reason for the analyst, what to ask the sender for)
_REASONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("not the workbook as exported",),
     "Not the workbook as exported: its file can be read two ways (edited outside a "
     "spreadsheet program), so what an analyst sees may not be what was signed.", ASK_ORIGINAL),
    (("signature does not match", "fingerprint on record", "public key shown",
      "not an ed25519 key"),
     "Altered after signing: the signature no longer matches the signed data.", ASK_ORIGINAL),
    (("is filed for",),
     "Signed with another organisation's key.",
     "a return signed with the organisation's own key, the one filed with the Treasury"),
    (("signed with a key issued to",),
     "Signed with a key issued to another organisation.",
     "a return signed with the organisation's own key, the one filed with the Treasury"),
    (("not among the keys filed",),
     "Signed with a key the Treasury has not filed for this organisation (a wrong or new key).",
     "the public key they signed with ('backoffice keys public KEYFILE'), to be filed in "
     "the keyring, or a return signed with their filed key"),
    (("keyring has no public key",),
     "No public key is filed for this organisation, so the signature cannot be trusted.",
     "their public key ('backoffice keys public KEYFILE --out CODE.pem'), to be filed in the "
     "keyring"),
    (("signed data is damaged",),
     "The signed data in the workbook is damaged: it was edited.", ASK_ORIGINAL),
    (("layout version", "install the latest version", "newer version"),
     "Made by a newer version of the program than this one.",
     "nothing: install the latest Back Office Return and consolidate again"),
    (("rule pack",),
     "Its findings cannot be rechecked against the rule pack it names.",
     "a return checked and signed with the current rule pack"),
    (("finding",),
     "Its findings do not match what the rule pack says about its figures.",
     "a fresh export from the program (the findings were edited or the program is modified)"),
    (("→ found", "was put in place", "added (not in", "sheet '", "defined name",
      "number format", "may show another"),
     "Values were edited after signing.", ASK_ORIGINAL),
)
_UNREADABLE_ASK = "a fresh copy of the .xlsx workbook the program exported"


def _without_ask(text: str) -> str:
    """Verify's words less their closing "Ask the sender for ...": the ask is said apart."""
    head, sep, _ = text.partition(" Ask the sender for ")
    return head if sep else text


def explain(problems: list[str], readable: bool) -> tuple[str, str]:
    """(reason, what to ask for) for a rejected file; verify's own words if none fits."""
    first = _without_ask(problems[0]) if problems else "it failed verification"
    if not readable:
        return f"Cannot be read as a signed return: {first}", _UNREADABLE_ASK
    low = [p.casefold() for p in problems]
    for words, reason, ask in _REASONS:
        hits = [p for p, lp in zip(problems, low) if any(w in lp for w in words)]
        if hits:
            more = f" ({len(hits)} differences)" if len(hits) > 1 else ""
            return f"{reason}{more} First: {_without_ask(hits[0])}", ask
    return f"Failed verification: {first}", ASK_ORIGINAL


def receive(path: str | os.PathLike, ring: dict | None, pack=None) -> Received:
    """Verify one file and, if it is valid, read its signed payload. Never raises for a
    bad file: everything wrong with it comes back in ``problems`` and ``reason``."""
    from forms.workbook.verify import verify_workbook
    p = Path(path)
    try:
        result = verify_workbook(p, ring, pack)
    except Exception as e:   # verify promises not to raise; one bad file must not stop a run
        reason = f"Cannot be read as a signed return: {type(e).__name__}: {e}"
        return Received(str(p), UNREADABLE, [str(e)], reason, _UNREADABLE_ASK)
    rec = Received(str(p), VALID if result.ok else (REJECTED if result.readable else UNREADABLE),
                   list(result.problems), organisation=result.organisation,
                   body_name=result.body_name, financial_year=result.financial_year,
                   return_kind=result.return_kind, fingerprint=result.fingerprint,
                   submission_id=result.submission_id, signed_at=result.signed_at,
                   rule_pack=result.rule_pack)
    if ring is None and result.ok:
        rec.status = REJECTED   # unreachable from the command: a keyring is required
        rec.problems = ["key not checked: no keyring"]
    if rec.status == VALID:
        rec.data = result.signed_data    # the very bytes verified: the file is not read again
    if rec.status != VALID:
        rec.reason, rec.ask = explain(rec.problems, rec.status != UNREADABLE)
    return rec


def payload_of(rec: Received) -> dict[str, Any]:
    """The decoded payload of a valid Received, its text made writable (see
    forms.consolidate.text): every table is built from this."""
    from forms.consolidate.text import writable_all
    from forms.signing.payload import decode
    return writable_all(decode(rec.data))


_TEXT_FIELDS = ("path", "reason", "ask", "organisation", "body_name", "financial_year",
                "return_kind", "fingerprint", "submission_id", "signed_at", "rule_pack")


def made_writable(rec: Received) -> Received:
    """``rec`` with its file name, problems and reasons made writable (a file name need
    not be UTF-8; a problem quotes what the file holds)."""
    from forms.consolidate.text import writable, writable_all
    for name in _TEXT_FIELDS:
        setattr(rec, name, writable(getattr(rec, name)))
    rec.problems = writable_all(rec.problems)
    return rec
