"""Signing key files: an Ed25519 key sealed under the officer's passphrase.

A key file is small JSON: the organisation, the public key (SPKI PEM) and its
fingerprint in the clear, and the raw private key encrypted with AES-256-GCM
under a key stretched from the passphrase with scrypt (memory-hard, unlike the
2,048-round PBKDF2 of PKCS#8 "best available" encryption). The clear fields
are bound into the cipher as associated data, so editing them breaks the file.

A keyring is the Treasury's folder of public keys filed per organisation:
``KEYRING/DCSF/any-name.pem`` or ``KEYRING/DCSF.pem`` / ``KEYRING/DCSF-2010.pem``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from forms.drafts.atomic import write_atomic
from forms.drafts.files import read_limited
from forms.schema.errors import NotAReturn, UserError

KEY_FORMAT = "backoffice-signing-key"
# Version 2 binds the KDF and cipher parameters into the sealed key (AES-GCM
# associated data), so a file edited to ask for other parameters fails to open.
# Version 1 files (parameters not bound) are still read, within the same bounds.
KEY_FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# scrypt cost: 2**17 * 8 * 128 bytes = 128 MiB and ~0.4 s per unlock. Tests may
# lower SCRYPT_N for speed; reading accepts only what the program writes (n a
# power of two within these bounds, r = 8, p = 1), so a hostile file cannot ask
# for gigabytes or minutes.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MIN_SCRYPT_N, MAX_SCRYPT_N = 2**10, 2**17
MIN_PASSPHRASE = 10
# Key files and the public keys written beside them: readable by their owner only.
OWNER_ONLY = 0o600
MAX_KEYFILE_BYTES = 64 * 1024
MAX_PEM_BYTES = 16 * 1024        # a keyring entry: an Ed25519 SPKI PEM is 113 bytes


@dataclass(frozen=True)
class KeyInfo:
    organisation: str
    fingerprint: str
    public_pem: str
    created: str = ""


def fingerprint_of(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 of the raw public key, in groups of four."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    h = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


def public_pem_of(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_public_pem(pem: str | bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from SPKI PEM; ValueError if it is anything else."""
    data = pem.encode("ascii", "replace") if isinstance(pem, str) else pem
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def _kdf(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    """The raw 32-byte public key: what keys are compared by (never a short fingerprint)."""
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _aad(organisation: str, public_pem: str, created: str, version: int = KEY_FORMAT_VERSION,
         kdf: dict | None = None) -> bytes:
    fields: list = [KEY_FORMAT, organisation, public_pem, created]
    if version >= 2:
        fields += [{k: kdf[k] for k in ("name", "n", "r", "p", "salt")}, "AES-256-GCM"]
    return json.dumps(fields, sort_keys=True).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"The passphrase must be at least {MIN_PASSPHRASE} characters long; "
                        "a short sentence is easiest to remember.")


def generate_keyfile(organisation: str, passphrase: str, path: str | os.PathLike,
                     overwrite: bool = False) -> KeyInfo:
    """Create a new signing key for ``organisation`` and write it, sealed, to ``path``."""
    from forms.schema.organisations import find_organisation
    org = find_organisation(organisation).code
    check_passphrase(passphrase)
    target = Path(path)
    if target.exists() and not overwrite:
        raise UserError(f"{target} already exists; a key file is never overwritten "
                        "(returns signed with it could no longer be re-signed). Choose another name.")
    key = Ed25519PrivateKey.generate()
    public_pem = public_pem_of(key.public_key())
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    salt, nonce = os.urandom(16), os.urandom(12)
    secret = _kdf(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
           "salt": base64.b64encode(salt).decode("ascii")}
    sealed = AESGCM(secret).encrypt(nonce, raw, _aad(org, public_pem, created, kdf=kdf))
    info = KeyInfo(org, fingerprint_of(key.public_key()), public_pem, created)
    doc = {
        "format": KEY_FORMAT, "version": KEY_FORMAT_VERSION,
        "organisation": org, "created": created, "fingerprint": info.fingerprint,
        "public_key_pem": public_pem,
        "kdf": kdf,
        "cipher": {"name": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode("ascii"),
                   "ciphertext": base64.b64encode(sealed).decode("ascii")},
    }
    try:
        write_atomic(target, (json.dumps(doc, indent=1) + "\n").encode("utf-8"), mode=OWNER_ONLY)
    except OSError as e:
        raise UserError(f"Cannot write the key file {target}: {e.strerror or e}.") from None
    return info


def _read_doc(path: str | os.PathLike) -> tuple[dict, KeyInfo]:
    p = Path(path)
    damaged = (f"{p.name} is not a Back Office Return key file, or it is damaged. "
               "Use the .key file made by 'backoffice keys generate'.")
    raw = read_limited(p, MAX_KEYFILE_BYTES, "key file")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotAReturn(damaged) from None
    try:
        if doc["format"] != KEY_FORMAT:
            raise ValueError
        if doc["version"] not in READABLE_VERSIONS:
            raise NotAReturn(f"{p.name} was made by a newer version of Back Office Return; "
                             "install the latest version to use it.")
        pem = doc["public_key_pem"]
        public = load_public_pem(pem)
        info = KeyInfo(str(doc["organisation"]), fingerprint_of(public), pem, str(doc["created"]))
        if info.fingerprint != doc["fingerprint"]:
            raise ValueError
    except NotAReturn:
        raise
    except (KeyError, TypeError, ValueError):
        raise NotAReturn(damaged) from None
    return doc, info


def write_public_key(info: KeyInfo, path: str | os.PathLike) -> None:
    """The public key as a .pem file to file with HM Treasury (CLI and desktop alike)."""
    try:
        write_atomic(path, info.public_pem.encode("ascii"), mode=OWNER_ONLY)
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror or e}.") from None


def read_key_info(path: str | os.PathLike) -> KeyInfo:
    """Organisation, fingerprint and public key of a key file; no passphrase needed."""
    return _read_doc(path)[1]


def load_private_key(path: str | os.PathLike, passphrase: str) -> tuple[Ed25519PrivateKey, KeyInfo]:
    """Unseal a key file. A wrong passphrase is a UserError; a damaged file NotAReturn."""
    doc, info = _read_doc(path)
    name = Path(path).name
    damaged = NotAReturn(f"{name} is damaged (its sealed key cannot be read). "
                         "Use a backup copy of the key file.")
    try:
        kdf, cipher = doc["kdf"], doc["cipher"]
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        if (kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM"
                or any(type(x) is not int for x in (n, r, p))
                or not (MIN_SCRYPT_N <= n <= MAX_SCRYPT_N) or n & (n - 1)
                or (r, p) != (SCRYPT_R, SCRYPT_P)):
            raise ValueError
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(cipher["nonce"], validate=True)
        sealed = base64.b64decode(cipher["ciphertext"], validate=True)
        if len(nonce) != 12 or len(salt) < 8:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise damaged from None
    secret = _kdf(passphrase, salt, n, r, p)
    try:
        raw = AESGCM(secret).decrypt(nonce, sealed, _aad(info.organisation, info.public_pem,
                                                         info.created, doc["version"], kdf))
    except InvalidTag:
        # AES-GCM cannot tell a wrong passphrase from an edited file; the
        # passphrase is by far the likelier.
        raise UserError(f"Wrong passphrase for {name} (key for {info.organisation}, "
                        f"{info.fingerprint}). Check Caps Lock and try again.") from None
    try:
        key = Ed25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        raise damaged from None
    if fingerprint_of(key.public_key()) != info.fingerprint:
        raise damaged
    return key, info


# --- keyring ----------------------------------------------------------------

def load_keyring(folder: str | os.PathLike) -> dict[str, dict[bytes, str]]:
    """Organisation code -> {raw public key: file name} of the public keys filed in ``folder``.

    Keys are compared whole (32 bytes), never by fingerprint. An entry that is
    not a regular file (a FIFO would block the read), or is larger than any
    public key, is refused by name."""
    root = Path(folder)
    if not root.is_dir():
        raise NotAReturn(f"The keyring {root} is not a folder of public keys.")
    ring: dict[str, dict[bytes, str]] = {}

    def add(org: str, pem_path: Path) -> None:
        key = load_public_pem(read_pem_file(pem_path))
        ring.setdefault(org, {})[public_key_bytes(key)] = str(pem_path.relative_to(root))

    for entry in sorted(root.iterdir()):
        if entry.is_dir():
            org = _organisation_of(entry.name)     # once per folder: hundreds of keys each
            for pem in sorted(entry.glob("*.pem")):
                add(org, pem)
        elif entry.suffix.lower() == ".pem":
            add(_organisation_of(entry.stem), entry)
    return ring


def read_pem_file(path: Path) -> bytes:
    """A keyring entry's bytes: a regular file of at most MAX_PEM_BYTES, else NotAReturn."""
    bad = (f"Keyring file {path} is not an Ed25519 public key (PEM). Remove it or replace it "
           "with the output of 'backoffice keys public'.")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        raise NotAReturn(bad) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise NotAReturn(f"Keyring entry {path} is not a regular file (a pipe, device or "
                             "socket?); remove it from the keyring.")
        if st.st_size > MAX_PEM_BYTES:
            raise NotAReturn(f"Keyring file {path} is {st.st_size:,} bytes, far larger than a "
                             "public key; remove it or replace it with the output of "
                             "'backoffice keys public'.")
        data = f.read(MAX_PEM_BYTES + 1)
    try:
        load_public_pem(data)
    except (ValueError, TypeError):
        raise NotAReturn(bad) from None
    return data


def _organisation_of(stem: str) -> str:
    """'DCSF-2010' -> 'DCSF'; the longest known code that starts the name wins (NHS-PCT)."""
    from forms.schema.organisations import organisations
    low = stem.casefold()
    best = ""
    for org in organisations():
        code = org.code.casefold()
        if (low == code or (low.startswith(code) and low[len(code)] in "-_. ")) \
                and len(code) > len(best):
            best = org.code
    return best or re.split(r"[-_. ]", stem, maxsplit=1)[0]
