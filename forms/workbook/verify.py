"""Verify a signed return: the Treasury's first step.

A workbook is valid when (1) the Ed25519 signature over the embedded payload
holds, (2) every cell the exporter wrote still shows what the payload implies
(the layout is derived again from the payload and compared cell by cell; any
extra value, formula or sheet is named too), (3) the findings recomputed with
the named rule pack equal the signed ones, and (4) with a keyring, the key is
one filed for the organisation the return names.

The signature sheet is found by its name, never by its hidden state:
LibreOffice turns a very-hidden sheet into a merely hidden one.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from forms.signing import payload as signing
from forms.schema.errors import NotAReturn, UserError
from forms.schema.kinds import same_figure
from forms.signing.keys import fingerprint_of, load_keyring, load_public_pem
from forms.workbook.layout import (CHUNK, LAYOUT_VERSION, LAYOUT_VERSIONS, SIGNATURE_SHEET,
                                   Sheet, cell_ref, layout, signature_sheet, unescape_text)
from forms.workbook.guard import MAX_TOTAL_BYTES, GuardedWorkbook

MAX_LISTED = 30            # cell differences listed per file before "and N more"
SLACK_ROWS, SLACK_COLS = 200, 20   # how far past the layout extra values are looked for
MAX_PARTS = MAX_TOTAL_BYTES // CHUNK + 1


@dataclass
class VerifyResult:
    path: Path
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    readable: bool = True          # False: unreadable or not a signed return (exit 2)
    organisation: str = ""
    body_name: str = ""
    financial_year: str = ""
    return_kind: str = ""
    fingerprint: str = ""
    submission_id: str = ""
    signed_at: str = ""
    rule_pack: str = ""
    program_version: str = ""
    key_checked: bool = False      # True when a keyring vouched for the key
    cells_checked: int = 0         # data cells compared with the signed values

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        return d


@dataclass
class SignedParts:
    data: bytes
    signature: bytes
    public_pem: str


class Damaged(ValueError):
    """The signature sheet is there but cannot be read: the workbook was tampered with."""


def find_signature_sheet(gw: GuardedWorkbook) -> str:
    if SIGNATURE_SHEET in gw.sheet_names:
        return SIGNATURE_SHEET
    ref = gw.defined_names().get("signature.value", "")
    title = ref.split("!")[0].strip("'").replace("''", "'") if "!" in ref else ""
    if title in gw.sheet_names:
        return title
    raise NotAReturn(f"{gw.name} is not a signed Back Office Return (it has no signature "
                     "sheet). Only workbooks exported by the program can be verified or imported.")


def read_signed(gw: GuardedWorkbook) -> SignedParts:
    """The signed bytes, signature and public key from the signature sheet."""
    title = find_signature_sheet(gw)
    head = gw.cells(title, 5, 2)
    parts = head.get((4, 2), (None, ""))[0]
    if not isinstance(parts, (int, float)) or parts != int(parts) or not 1 <= parts <= MAX_PARTS:
        raise Damaged("the signature sheet's part count is missing or altered")
    body = gw.cells(title, 5 + int(parts), 2)
    chunks = []
    for r in range(6, 6 + int(parts)):
        v = body.get((r, 2), (None, ""))[0]
        if not isinstance(v, str):
            raise Damaged(f"part {r - 5} of the signed data is missing")
        chunks.append(v)
    sig = head.get((2, 2), (None, ""))[0]
    pem = head.get((3, 2), (None, ""))[0]
    if not isinstance(sig, str) or not isinstance(pem, str):
        raise Damaged("the signature or public key is missing")
    try:
        data = base64.b64decode("".join(chunks), validate=True)
        signature = base64.b64decode(sig, validate=True)
    except (binascii.Error, ValueError):
        raise Damaged("the signed data or signature is not valid base64: it was edited") from None
    if len(signature) != signing.SIGNATURE_BYTES:
        raise Damaged("the signature has the wrong length: it was edited")
    return SignedParts(data, signature, pem)


def open_signed(gw: GuardedWorkbook) -> tuple[str, SignedParts, dict]:
    """The signature sheet's title, the signed parts and the decoded payload.

    Damaged when the signature sheet is there but its contents are not ours."""
    title = find_signature_sheet(gw)
    try:
        parts = read_signed(gw)
        return title, parts, signing.decode(parts.data)
    except signing.PayloadError as e:
        raise Damaged(str(e)) from None


# --- comparing cells ----------------------------------------------------------

def _show(v: Any) -> str:
    if v is None or v == "":
        return "blank"
    if isinstance(v, str):
        s = v if len(v) <= 60 else v[:57] + "..."
        return repr(s)
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _same(expected: Any, found: Any) -> bool:
    if expected is None or expected == "":
        return found is None or found == ""
    if isinstance(expected, str):
        # The exporter escapes _xHHHH_ in text as the format asks; openpyxl
        # undoes that for shared strings (a re-save) but not for inline ones.
        return isinstance(found, str) and (found == expected or
                                           ("_x" in found and unescape_text(found) == expected))
    return same_figure(expected, found)


def expected_format(cell) -> str:
    return cell.style[4:] if cell.style.startswith("num:") else "General"


def compare_sheet(gw: GuardedWorkbook, sheet: Sheet) -> list[str]:
    """Every difference between the laid-out sheet and the workbook's sheet."""
    expected = {(c.row, c.col): c for c in sheet.cells}
    max_row = max((r for r, _ in expected), default=1)
    max_col = max((c for _, c in expected), default=1)
    found = gw.cells(sheet.title, max_row + SLACK_ROWS, max_col + SLACK_COLS)
    problems = []
    for change in gw.display_changes(sheet.title):
        problems.append(f"sheet '{sheet.title}' has {change}, which the signed workbook had "
                        "not: a cell may show another value than it holds")
    for pos in sorted(set(expected) | set(found)):
        cell = expected.get(pos)
        value, dtype, fmt = found.get(pos, (None, "", "General"))
        want = cell.value if cell else None
        ref = f"{sheet.title}!{cell_ref(*pos)}"
        what = f" ({cell.where})" if cell and cell.where else ""
        if dtype == "f":
            problems.append(f"{ref}{what}: a formula {_show(value)} was put in place of the "
                            f"signed value {_show(want)}")
        elif not _same(want, value):
            if cell is None:
                problems.append(f"{ref}: value {_show(value)} added (not in the signed return)")
            else:
                problems.append(f"{ref}{what}: signed {_show(want)} → found {_show(value)}")
        elif cell is not None and value is not None and fmt != expected_format(cell):
            problems.append(f"{ref}{what}: its number format was changed from "
                            f"{expected_format(cell)!r} to {fmt!r}, so it may show another "
                            f"value than the signed {_show(want)}")
    return problems


def _split_name(ref: str) -> tuple[str, str]:
    """"'Floor space'!$B$4" -> ("Floor space", "$B$4")."""
    sheet, _, cells = ref.strip().lstrip("=").rpartition("!")
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells.upper()


def compare_names(gw: GuardedWorkbook, sheets: list[Sheet]) -> list[str]:
    """Every defined name the exporter wrote still points where it did.

    A reader consolidating by name would otherwise take another cell's value
    from a workbook whose cells are all unchanged."""
    found = gw.defined_names()
    problems = []
    for sheet in sheets:
        for name, ref in sheet.names.items():
            if name not in found:
                problems.append(f"defined name {name} is missing (it pointed to "
                                f"{sheet.title}!{ref})")
            elif _split_name(found[name]) != (sheet.title, ref):
                where = "!".join(_split_name(found[name]))
                problems.append(f"defined name {name} points to {where}, not to the signed "
                                f"place {sheet.title}!{ref}")
    return problems


def compare_cells(gw: GuardedWorkbook, payload: dict, sig_title: str,
                  result: "VerifyResult | None" = None,
                  parts: SignedParts | None = None) -> list[str]:
    """Differences between every sheet and defined name and the payload; [] when none.

    With ``parts``, the signature sheet is compared too (nothing may be added
    to it). With ``result``, also records how many signed cells were compared."""
    if payload.get("layout_version") not in LAYOUT_VERSIONS:
        return [f"the workbook uses layout version {payload.get('layout_version')!r}; this "
                f"program knows versions up to {LAYOUT_VERSION}: install the latest version"]
    try:
        sheets = layout(payload)
    except (UserError, ValueError, TypeError, AttributeError) as e:
        return [f"the signed data cannot be laid out ({e})"]
    problems: list[str] = []
    titles = {s.title for s in sheets}
    for name in gw.sheet_names:
        if name not in titles and name != sig_title:
            problems.append(f"sheet '{name}' was added (not part of the signed return)")
    for sheet in sheets:
        if sheet.title not in gw.sheet_names:
            problems.append(f"sheet '{sheet.title}' is missing")
            continue
        problems += compare_sheet(gw, sheet)
        if result is not None:
            result.cells_checked += sum(1 for c in sheet.cells if c.value not in (None, ""))
    if parts is not None:
        sig = signature_sheet(base64.b64encode(parts.data).decode("ascii"),
                              base64.b64encode(parts.signature).decode("ascii"), parts.public_pem)
        sig.title = sig_title
        problems += compare_sheet(gw, sig)
        sheets = sheets + [sig]
    problems += compare_names(gw, sheets)
    if len(problems) > MAX_LISTED:
        problems = problems[:MAX_LISTED] + [f"and {len(problems) - MAX_LISTED} more differences"]
    return problems


# --- findings -----------------------------------------------------------------

def _returns(payload: dict):
    from forms.drafts.store import from_dict
    ret = from_dict(payload["return"], "the signed return")
    prev = payload.get("previous")
    previous = from_dict(prev["return"], "last year's return in the signed data") \
        if isinstance(prev, dict) and isinstance(prev.get("return"), dict) else None
    return ret, previous


def compare_findings(payload: dict, pack=None) -> list[str]:
    """Findings recomputed with the rule pack vs the signed findings; [] when they agree."""
    from validators.engine import check
    from validators.packs import RulePackError, load_pack
    signed_pack = payload["rule_pack"]
    pid = str(signed_pack.get("id", ""))
    problems = []
    try:
        pack = pack or load_pack(pid)
    except RulePackError:
        return [f"rule pack '{pid}' {signed_pack.get('version', '')} is not available here: "
                "give the pack file with --pack; the findings were not rechecked"]
    if pack.id != pid or pack.sha256 != signed_pack.get("sha256"):
        problems.append(f"signed against rule pack {pid} {signed_pack.get('version', '?')} "
                        f"(sha256 {str(signed_pack.get('sha256', ''))[:12]}…); rechecked with "
                        f"{pack.id} {pack.version} (sha256 {pack.sha256[:12]}…). Give the signed "
                        "pack with --pack to check the findings exactly")
    try:
        ret, previous = _returns(payload)
    except NotAReturn as e:
        return problems + [str(e)]
    now = check(ret, pack, previous).to_dict()
    signed = payload["check"]
    if not signed.get("can_submit"):
        problems.append("the signed findings include errors or unexplained queries: the "
                        "program never signs such a return")
    before = {f.get("key"): f for f in signed.get("findings", []) if isinstance(f, dict)}
    after = {f["key"]: f for f in now["findings"]}
    diffs = []
    for key in before.keys() - after.keys():
        diffs.append(f"finding {key} was signed but the rule pack does not raise it")
    for key in after.keys() - before.keys():
        diffs.append(f"finding {key} ({after[key]['severity']}: {after[key]['message']}) is "
                     "raised by the rule pack but missing from the signed findings")
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            fields = [k for k in after[key] if before[key].get(k) != after[key].get(k)]
            diffs.append(f"finding {key} differs from the recomputed one in "
                         f"{', '.join(fields) or 'its fields'}")
    if len(before) != len(signed.get("findings", [])):
        diffs.append("the signed findings list a finding twice")
    return problems + sorted(diffs)[:MAX_LISTED]


# --- the whole check ----------------------------------------------------------

def _fill(result: VerifyResult, payload: dict) -> None:
    env = (payload.get("return") or {}).get("envelope") or {}
    sub = payload.get("submission") or {}
    result.organisation = str(env.get("organisation", ""))
    result.body_name = str(env.get("body_name", ""))
    result.financial_year = str(env.get("financial_year", ""))
    result.return_kind = str(env.get("return_kind", ""))
    result.fingerprint = str(sub.get("key_fingerprint", ""))
    result.submission_id = str(sub.get("id", ""))
    result.signed_at = str(sub.get("signed_at", ""))
    result.rule_pack = f"{payload['rule_pack'].get('id', '')} {payload['rule_pack'].get('version', '')}"
    result.program_version = str((payload.get("program") or {}).get("version", ""))


def check_signature(parts: SignedParts, payload: dict) -> list[str]:
    pem = payload["public_key_pem"]
    problems = []
    try:
        key = load_public_pem(pem)
    except ValueError:
        return ["the public key in the signed data is not an Ed25519 key"]
    if not signing.signature_ok(pem, parts.data, parts.signature):
        problems.append("the signature does not match the signed data: the data or the "
                        "signature was altered after signing")
    if fingerprint_of(key) != payload["submission"].get("key_fingerprint"):
        problems.append("the key fingerprint on record does not match the signing key")
    if parts.public_pem.strip() != pem.strip():
        problems.append("the public key shown in the workbook is not the signing key")
    return problems


def check_keyring(payload: dict, ring: dict[str, dict[str, str]]) -> list[str]:
    org = str(((payload.get("return") or {}).get("envelope") or {}).get("organisation", ""))
    fp = str(payload["submission"].get("key_fingerprint", ""))
    mine = {o for o, keys in ring.items() if fp in keys}
    if org in mine:
        return []
    if mine:
        return [f"signed with key {fp}, which is filed for {', '.join(sorted(mine))}, "
                f"not for {org}"]
    if org not in ring:
        return [f"the keyring has no public key for {org}: file theirs first"]
    return [f"signed with key {fp}, which is not among the keys filed for {org}"]


def verify_workbook(path, keyring=None, pack=None) -> VerifyResult:
    """Check one workbook; never raises for a bad file (see ``readable`` and ``problems``).

    ``keyring`` is a folder of public keys or an already loaded keyring dict;
    ``pack`` a RulePack to recheck the findings with instead of the named one.
    """
    result = VerifyResult(Path(path))
    ring = load_keyring(keyring) if isinstance(keyring, (str, Path)) else keyring
    try:
        with GuardedWorkbook(path) as gw:
            try:
                title, parts, payload = open_signed(gw)
            except Damaged as e:
                result.problems.append(f"the signed data is damaged: {e}")
                return result
            _fill(result, payload)
            result.problems += check_signature(parts, payload)
            result.problems += compare_cells(gw, payload, title, result, parts)
    except NotAReturn as e:
        result.readable = False
        result.problems.append(str(e))
        return result
    except UserError as e:      # e.g. the XML parser is not the safe one
        result.readable = False
        result.problems.append(str(e))
        return result
    try:
        result.problems += compare_findings(payload, pack)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        result.problems.append(f"the signed findings cannot be read ({e})")
    if ring is not None:
        ring_problems = check_keyring(payload, ring)
        result.problems += ring_problems
        result.key_checked = not ring_problems
    env_org = result.organisation
    key_org = str(payload["submission"].get("key_organisation", ""))
    if key_org and env_org and key_org.casefold() != env_org.casefold():
        result.problems.append(f"the return is for {env_org} but was signed with a key "
                               f"issued to {key_org}")
    result.ok = not result.problems
    return result
