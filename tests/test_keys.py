"""Signing keys: made once per organisation, sealed under a passphrase, never overwritten."""
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms.signing import keys
from forms.schema.errors import NotAReturn, UserError
from workbook_fixtures import PASS, fast_keys, key_file  # noqa: F401


def test_a_new_key_is_sealed_with_real_scrypt_and_opens_with_its_passphrase(tmp_path):
    path = tmp_path / "dcsf.key"
    info = keys.generate_keyfile("dcsf", PASS, path)     # the real n=2**17 parameters, once
    doc = json.loads(path.read_text())
    assert doc["kdf"] == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1, "salt": doc["kdf"]["salt"]}
    assert doc["cipher"]["name"] == "AES-256-GCM"
    assert info.organisation == "DCSF" and doc["organisation"] == "DCSF"
    assert len(info.fingerprint) == 19 and info.fingerprint.count("-") == 3
    assert info.public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert PASS not in path.read_text()
    key, again = keys.load_private_key(path, PASS)
    assert isinstance(key, Ed25519PrivateKey) and again == info


def test_public_details_read_without_the_passphrase(key_file):
    info = keys.read_key_info(key_file)
    assert info.organisation == "DCSF"
    assert keys.fingerprint_of(keys.load_public_pem(info.public_pem)) == info.fingerprint


def test_wrong_passphrase_is_a_clear_user_error(key_file):
    with pytest.raises(UserError, match="Wrong passphrase") as e:
        keys.load_private_key(key_file, "not the passphrase at all")
    assert not isinstance(e.value, NotAReturn)


def test_short_passphrase_is_refused_before_anything_is_written(fast_keys, tmp_path):
    with pytest.raises(UserError, match="at least 10 characters"):
        fast_keys.generate_keyfile("DCSF", "short", tmp_path / "k.key")
    assert not (tmp_path / "k.key").exists()


def test_an_existing_key_file_is_never_overwritten(key_file):
    before = key_file.read_bytes()
    with pytest.raises(UserError, match="never overwritten"):
        keys.generate_keyfile("DCSF", PASS, key_file)
    assert key_file.read_bytes() == before


def test_unknown_organisation_suggests_the_right_code(fast_keys, tmp_path):
    with pytest.raises(UserError, match="No organisation"):
        fast_keys.generate_keyfile("Department of Nothing", PASS, tmp_path / "k.key")


@pytest.mark.parametrize("damage", [
    lambda d: "{not json",
    lambda d: json.dumps({**d, "format": "something-else"}),
    lambda d: json.dumps({k: v for k, v in d.items() if k != "cipher"}),
    lambda d: json.dumps({**d, "public_key_pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}),
    lambda d: json.dumps({**d, "kdf": {**d["kdf"], "n": 2**40}}),      # would ask for terabytes
    lambda d: json.dumps({**d, "cipher": {**d["cipher"], "nonce": "!!"}}),
    lambda d: "",
])
def test_a_damaged_key_file_is_named_not_a_traceback(key_file, damage):
    key_file.write_text(damage(json.loads(key_file.read_text())))
    with pytest.raises(NotAReturn) as e:
        keys.load_private_key(key_file, PASS)
    assert key_file.name in str(e.value)


def test_editing_the_organisation_in_a_key_file_breaks_it(key_file):
    d = json.loads(key_file.read_text())
    d["organisation"] = "DWP"
    key_file.write_text(json.dumps(d))
    with pytest.raises(UserError):
        keys.load_private_key(key_file, PASS)


def test_missing_key_file_is_not_a_return(tmp_path):
    with pytest.raises(NotAReturn, match="does not exist"):
        keys.read_key_info(tmp_path / "nope.key")


def test_keyring_files_keys_per_organisation_by_folder_or_file_name(fast_keys, tmp_path):
    ring = tmp_path / "ring"
    (ring / "DCSF").mkdir(parents=True)
    a = fast_keys.generate_keyfile("DCSF", PASS, tmp_path / "a.key")
    b = fast_keys.generate_keyfile("NHS-PCT", PASS, tmp_path / "b.key")
    c = fast_keys.generate_keyfile("DfT", PASS, tmp_path / "c.key")
    (ring / "DCSF" / "2010.pem").write_text(a.public_pem)
    (ring / "NHS-PCT-2010.pem").write_text(b.public_pem)
    (ring / "dft.pem").write_text(c.public_pem)
    loaded = keys.load_keyring(ring)
    assert set(loaded) == {"DCSF", "NHS-PCT", "DfT"}
    raw = lambda info: keys.public_key_bytes(keys.load_public_pem(info.public_pem))  # noqa: E731
    assert raw(a) in loaded["DCSF"] and raw(b) in loaded["NHS-PCT"]     # whole keys, 32 bytes


def test_a_keyring_file_that_is_not_a_key_is_named(tmp_path):
    (tmp_path / "DCSF.pem").write_text("hello")
    with pytest.raises(NotAReturn, match="DCSF.pem"):
        keys.load_keyring(tmp_path)
