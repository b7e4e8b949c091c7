"""Verify a signed return: the Treasury's first step.

A workbook is valid when (1) the Ed25519 signature over the embedded payload
holds, (2) the package reads one way only (forms.workbook.strict) and every cell
of every sheet shows what the payload implies (forms.workbook.compare), (3) the findings recomputed with
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
from forms.signing.keys import fingerprint_of, load_keyring, load_public_pem, public_key_bytes
from forms.workbook.compare import MAX_LISTED, compare_cells  # noqa: F401  (import uses it)
from forms.workbook.guard import MAX_TOTAL_BYTES
from forms.workbook.layout import CHUNK, SIGNATURE_SHEET
from forms.workbook.package import Ambiguous
from forms.workbook.strict import StrictWorkbook, open_strict

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
    # The signed bytes this verification vouched for (only when ok): whoever uses the
    # return next reads these, never the file again, which may have changed since.
    signed_data: bytes = field(default=b"", repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        del d["signed_data"]
        return d


@dataclass
class SignedParts:
    data: bytes
    signature: bytes
    public_pem: str


def one_line(text: str) -> str:
    """A multi-line message (a draft's list of invalid values) as one problem line."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


class Damaged(ValueError):
    """The signature sheet is there but cannot be read: the workbook was tampered with."""


def find_signature_sheet(gw: StrictWorkbook) -> str:
    if SIGNATURE_SHEET in gw.sheet_names:
        return SIGNATURE_SHEET
    ref = gw.defined_names().get("signature.value", "")
    title = ref.split("!")[0].strip("'").replace("''", "'") if "!" in ref else ""
    if title in gw.sheet_names:
        return title
    raise NotAReturn(f"{gw.name} is not a signed Back Office Return (it has no signature "
                     "sheet). Only workbooks exported by the program can be verified or imported.")


def read_signed(gw: StrictWorkbook) -> SignedParts:
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


class Altered(ValueError):
    """The signature does not hold over the signed bytes: nothing in them is trusted."""


def signature_problems(parts: SignedParts) -> list[str]:
    """The signature over the exact signed bytes, by the key shown beside them.

    Checked before the bytes are parsed: an unsigned payload costs one
    Ed25519 verification, whatever it holds."""
    try:
        load_public_pem(parts.public_pem)
    except ValueError:
        return ["the public key in the signed data is not an Ed25519 key"]
    if not signing.signature_ok(parts.public_pem, parts.data, parts.signature):
        return ["the signature does not match the signed data: the data or the "
                "signature was altered after signing"]
    return []


def open_signed(gw: StrictWorkbook, check: bool = True) -> tuple[str, SignedParts, dict]:
    """The signature sheet's title, the signed parts and the decoded payload.

    With ``check`` (the default) the signature is verified first and Altered
    raised when it fails. Damaged when the signature sheet is there but its
    contents are not ours (including signed bytes that are not canonical JSON)."""
    title = find_signature_sheet(gw)
    parts = read_signed(gw)
    if check and (problems := signature_problems(parts)):
        raise Altered(problems[0])
    try:
        return title, parts, signing.decode(parts.data)
    except signing.PayloadError as e:
        raise Damaged(str(e)) from None


# --- findings -----------------------------------------------------------------

def _returns(payload: dict):
    from forms.drafts.store import from_dict
    ret = from_dict(payload["return"], "the signed return")
    prev = payload.get("previous")
    previous = from_dict(prev["return"], "last year's return in the signed data") \
        if isinstance(prev, dict) and isinstance(prev.get("return"), dict) else None
    return ret, previous


def in_current_keys(payload: dict) -> dict:
    """The payload with its finding keys as a return is checked today (a copy if any change).

    A return of schema 3 or before was signed with keys naming rows from 0
    ("RULE@savings[2]"); reading its return migrates its explanations to
    "RULE@savings#3", so its signed findings are read the same way. The signed bytes
    and the sheets showing them stay as signed: only comparisons use this."""
    from forms.schema.finding_keys import KEYS_FROM_ONE_SCHEMA, from_schema_3, keys_from_schema_3
    ret, check = payload.get("return"), payload.get("check")
    version = ret.get("schema_version", 1) if isinstance(ret, dict) else KEYS_FROM_ONE_SCHEMA
    if not isinstance(version, int) or version >= KEYS_FROM_ONE_SCHEMA:
        return payload
    out = dict(payload)
    out["return"] = dict(ret, **{name: keys_from_schema_3(ret[name]) for name in
                                 signing.DICT_FIELDS if isinstance(ret.get(name), dict)})
    order = payload.get("key_order")
    if isinstance(order, dict):
        out["key_order"] = {name: [from_schema_3(k) if isinstance(k, str) else k for k in keys]
                            if isinstance(keys, list) else keys for name, keys in order.items()}
    if isinstance(check, dict) and isinstance(check.get("findings"), list):
        out["check"] = dict(check, findings=[
            dict(f, key=from_schema_3(f["key"])) if isinstance(f, dict)
            and isinstance(f.get("key"), str) else f for f in check["findings"]])
    return out


def signed_findings(payload: dict) -> list:
    """The signed findings, keyed as a return is checked today (see ``in_current_keys``)."""
    found = (in_current_keys(payload).get("check") or {}).get("findings", [])
    return found if isinstance(found, list) else []


def compare_findings(payload: dict, pack=None) -> list[str]:
    """Findings recomputed with the rule pack vs the signed findings; [] when they agree."""
    from validators.engine import check
    from validators.packs import RulePackError, load_shipped, pack_by_hash
    signed_pack = payload["rule_pack"]
    pid = str(signed_pack.get("id", ""))
    problems = []
    try:     # the very version it was signed with, if this program carries it
        pack = pack or pack_by_hash(pid, str(signed_pack.get("sha256", ""))) or load_shipped(pid)
    except RulePackError:
        return [f"rule pack '{pid[:60]}' {str(signed_pack.get('version', ''))[:20]} is not "
                "available here: give the pack file with --pack; the findings were not "
                "rechecked"]
    if pack.id != pid or pack.sha256 != signed_pack.get("sha256"):
        problems.append(f"signed against rule pack {pid} {signed_pack.get('version', '?')} "
                        f"(sha256 {str(signed_pack.get('sha256', ''))[:12]}…); rechecked with "
                        f"{pack.id} {pack.version} (sha256 {pack.sha256[:12]}…). Give the signed "
                        "pack with --pack to check the findings exactly")
    found = signed_findings(payload)
    try:
        ret, previous = _returns(payload)
    except NotAReturn as e:
        return problems + [one_line(str(e))]
    now = check(ret, pack, previous).to_dict()
    signed = payload["check"]
    if not signed.get("can_submit"):
        problems.append("the signed findings include errors or unexplained queries: the "
                        "program never signs such a return")
    before = {f.get("key"): f for f in found if isinstance(f, dict)}
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
    if len(before) != len(found):
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
    """The signature, and that the payload names the key that made it."""
    problems = signature_problems(parts)
    if problems:
        return problems
    try:
        key = load_public_pem(payload["public_key_pem"])
    except ValueError:
        return ["the public key in the signed data is not an Ed25519 key"]
    if public_key_bytes(key) != public_key_bytes(load_public_pem(parts.public_pem)):
        problems.append("the public key shown in the workbook is not the signing key")
    if fingerprint_of(key) != payload["submission"].get("key_fingerprint"):
        problems.append("the key fingerprint on record does not match the signing key")
    return problems


def check_keyring(payload: dict, ring: dict[str, dict[bytes, str]]) -> list[str]:
    """The signing key (compared whole) is filed for the organisation the return names."""
    org = str(((payload.get("return") or {}).get("envelope") or {}).get("organisation", ""))
    fp = str(payload["submission"].get("key_fingerprint", ""))
    try:
        raw = public_key_bytes(load_public_pem(payload["public_key_pem"]))
    except ValueError:
        return ["the public key in the signed data is not an Ed25519 key"]
    mine = {o for o, keys in ring.items() if raw in keys}
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

    The order bounds the work a hostile file can cause: the signature over the
    exact bytes first (nothing unsigned is parsed), then the key against the
    keyring (nothing signed by an unknown key is laid out), then the return's
    shape (its table sizes), and only then the layout and the findings.
    """
    result = VerifyResult(Path(path))
    ring = load_keyring(keyring) if isinstance(keyring, (str, Path)) else keyring
    try:
        with open_strict(path) as gw:
            try:
                title, parts, payload = open_signed(gw)
            except (Damaged, Altered) as e:
                result.problems.append(f"the signed data is damaged: {e}"
                                       if isinstance(e, Damaged) else str(e))
                return result
            _fill(result, payload)
            result.problems += check_signature(parts, payload)
            if ring is not None:
                ring_problems = check_keyring(payload, ring)
                result.problems += ring_problems
                result.key_checked = not ring_problems
            if result.problems:
                return result     # not the signer's key: nothing more is worth the work
            try:
                _returns(payload)
            except NotAReturn as e:
                result.problems.append(one_line(str(e)))
                return result
            result.problems += compare_cells(gw, payload, title, result, parts)
    except Ambiguous as e:      # readable, but not the workbook as exported: exit 1
        result.problems.append(f"not the workbook as exported: {e}")
        return result
    except NotAReturn as e:
        result.readable = False
        result.problems.append(one_line(str(e)))
        return result
    except UserError as e:      # e.g. the XML parser is not the safe one
        result.readable = False
        result.problems.append(str(e))
        return result
    try:
        result.problems += compare_findings(payload, pack)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        result.problems.append(f"the signed findings cannot be read ({e})")
    env_org = result.organisation
    key_org = str(payload["submission"].get("key_organisation", ""))
    if key_org and env_org and key_org.casefold() != env_org.casefold():
        result.problems.append(f"the return is for {env_org} but was signed with a key "
                               f"issued to {key_org}")
    result.ok = not result.problems
    if result.ok:
        result.signed_data = parts.data
    return result
