"""The signed payload: what is signed, how, and how a signature is checked.

The payload is the whole return plus everything needed to judge it later
(rule pack id and hash, findings with explanations, program version,
submission id and time, the signing key), as canonical JSON. The signature is
plain Ed25519 over those bytes, so anyone can check it with openssl alone.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms.signing.canonical import canonical_json
from forms.signing.keys import KeyInfo, load_public_pem

PAYLOAD_FORMAT = "backoffice-return-signed"
PAYLOAD_VERSION = 1
SIGNATURE_BYTES = 64
DICT_FIELDS = ("explanations", "benchmark_actions")


def program_version() -> str:
    from forms.schema.version import VERSION
    return VERSION


def organisation_name(code: str) -> str:
    """The reference list's full name of an organisation; "" for one not in it."""
    from forms.schema.errors import UserError
    from forms.schema.organisations import find_organisation
    try:
        return find_organisation(code).name if code else ""
    except UserError:
        return ""


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_payload(ret, report, pack, *, submission_id: str, signed_at: str, key: KeyInfo,
                  layout_version: int, previous=None) -> dict[str, Any]:
    """Everything the signature vouches for, as plain JSON values (decimals as text)."""
    submission = {"id": submission_id, "signed_at": signed_at,
                  "key_fingerprint": key.fingerprint, "key_organisation": key.organisation}
    if layout_version >= 3:
        # The Cover and page headers name the organisation in full: signed, so a later
        # change to the reference list does not change a workbook already sent.
        submission["organisation_name"] = organisation_name(ret.envelope.organisation)
    return {
        "format": PAYLOAD_FORMAT,
        "payload_version": PAYLOAD_VERSION,
        "layout_version": layout_version,
        "program": {"name": "Back Office Return", "version": program_version()},
        "submission": submission,
        "public_key_pem": key.public_pem,
        "schema_version": ret.schema_version,
        "rule_pack": {"id": pack.id, "version": pack.version, "title": pack.title,
                      "sha256": pack.sha256},
        "return": ret.model_dump(mode="json"),
        # Canonical JSON sorts keys; the officer's order of these is kept so
        # that an imported draft is the same file as the exported one.
        "key_order": {name: list(getattr(ret, name)) for name in DICT_FIELDS},
        "check": report.to_dict(),
        # Year-on-year findings depend on last year's figures: they travel too,
        # so the Treasury can recompute the same findings.
        "previous": None if previous is None else {"return": previous.model_dump(mode="json")},
    }


def encode(payload: dict[str, Any]) -> bytes:
    return canonical_json(payload)


def sign(private_key: Ed25519PrivateKey, data: bytes) -> bytes:
    return private_key.sign(data)


def signature_ok(public_pem: str, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` is the Ed25519 signature of ``data`` by that key."""
    try:
        load_public_pem(public_pem).verify(signature, data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


class PayloadError(ValueError):
    pass


# The signed bytes are read strictly: one value, one way of writing it. A
# lenient reader would let two programs see two returns in the same bytes
# (a duplicated member: Python keeps the last, another reader the first).
MAX_PAYLOAD_BYTES = 32 * 1024 * 1024


class _Ambiguous(ValueError):
    pass


def _members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _Ambiguous(f"the signed data names the member {dup!r} twice")
    return d


def _no_float(text: str) -> Any:
    raise _Ambiguous(f"the signed data holds the number {text[:20]}, which the program never "
                     "writes (decimals travel as text)")


def parse_strict(data: bytes) -> Any:
    """The JSON value of ``data``, refusing anything but the RFC 8785 form of it."""
    if len(data) > MAX_PAYLOAD_BYTES:
        raise PayloadError(f"the signed data is {len(data):,} bytes, larger than any return")
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_members,
                           parse_float=_no_float, parse_constant=_no_float)
    except _Ambiguous as e:
        raise PayloadError(str(e)) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PayloadError("the signed data is not readable JSON") from None
    try:
        canonical = canonical_json(value)
    except ValueError as e:
        raise PayloadError(f"the signed data cannot be canonical JSON ({e})") from None
    if canonical != data:
        raise PayloadError("the signed data is not in canonical form (RFC 8785: its spacing, "
                           "member order or escapes differ from what the program writes)")
    return value


def decode(data: bytes) -> dict[str, Any]:
    """The payload dict from its bytes; PayloadError when it is not one of ours."""
    payload = parse_strict(data)
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise PayloadError("the signed data is not a Back Office Return payload")
    if payload.get("payload_version") != PAYLOAD_VERSION:
        raise PayloadError(f"the signed data has version {payload.get('payload_version')!r}; "
                           "this program reads version 1: install the latest version")
    for k, kind in (("return", dict), ("submission", dict), ("rule_pack", dict),
                    ("check", dict), ("public_key_pem", str)):
        if not isinstance(payload.get(k), kind):
            raise PayloadError(f"the signed data lacks its '{k}' part")
    return payload


def return_data(payload: dict[str, Any]) -> dict[str, Any]:
    """The signed return as draft data, its dicts in the officer's original order."""
    data = dict(payload["return"])
    order = payload.get("key_order") or {}
    for name in DICT_FIELDS:
        d, keys = data.get(name), order.get(name)
        if isinstance(d, dict) and isinstance(keys, list) and set(keys) == set(d):
            data[name] = {k: d[k] for k in keys}
    return data
