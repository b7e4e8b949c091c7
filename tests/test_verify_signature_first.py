"""Issue 9 §4: the signature first, the payload bounded, keys and keyrings strict,
and nothing signed reaches the terminal raw.

Each hostile file is built here by editing a genuine export (or re-signing
altered bytes with the sender's own key, as a sender who knows the code would).
"""
import base64
import json
import os
import signal

import pytest

from forms.schema.errors import NotAReturn, UserError
from forms.signing import keys, payload as signing
from forms.signing.canonical import canonical_json
from forms.workbook import compare as compare_mod, verify as verify_mod
from forms.workbook.verify import VerifyResult, verify_workbook
from workbook_fixtures import (PASS, _signed_sample_master, fast_keys, key_file,  # noqa: F401
                               signed, signed_key)


def _signed_bytes(path):
    from forms.workbook.guard import GuardedWorkbook
    with GuardedWorkbook(path) as gw:
        return verify_mod.read_signed(gw)


def resigned(signed, signed_key, tmp_path, data: bytes, name="resigned.xlsx", sign=True):
    """The genuine workbook with other signed bytes in its signature sheet, signed by the
    sender's own key (or not) and laid out from the genuine payload."""
    from forms.workbook.export import write_sheets
    from forms.workbook.layout import layout, signature_sheet
    parts = _signed_bytes(signed)
    payload = signing.decode(parts.data)
    key, info = keys.load_private_key(signed_key, PASS)
    sig = key.sign(data) if sign else parts.signature
    out = tmp_path / name
    write_sheets(layout(payload) + [signature_sheet(base64.b64encode(data).decode(),
                                                    base64.b64encode(sig).decode(),
                                                    info.public_pem)], out, payload)
    return out, payload


def test_an_unsigned_large_payload_is_refused_without_being_parsed(signed, signed_key, tmp_path,
                                                                    monkeypatch):
    parts = _signed_bytes(signed)
    payload = signing.decode(parts.data)
    payload["return"]["floor_space"]["buildings"] = [{"name": os.urandom(6).hex()}
                                                      for _ in range(80000)]   # ~1.9 MB
    data = canonical_json(payload)
    assert len(data) > 1_000_000
    out, _ = resigned(signed, signed_key, tmp_path, data, sign=False)

    def never(*a, **k):
        raise AssertionError("an unsigned payload was parsed")
    monkeypatch.setattr(signing, "decode", never)
    monkeypatch.setattr(compare_mod, "layout", never)
    r = verify_workbook(out)
    assert not r.ok and r.readable, r.problems
    assert r.problems == [
        "the signature does not match the signed data: the data or the signature was "
        "altered after signing"]


@pytest.mark.parametrize("rewrite, said", [
    (lambda text: text.replace('"format":', '"format":"x","format":', 1), "twice"),
    (lambda text: text.replace('","', '", "', 1), "canonical"),
    (lambda text: json.dumps(json.loads(text), sort_keys=False, separators=(",", ":"),
                             ensure_ascii=False)[::1].replace('"format"', '"format"'), None),
    (lambda text: json.dumps(dict(reversed(list(json.loads(text).items()))),
                             separators=(",", ":"), ensure_ascii=False), "canonical"),
    (lambda text: text.replace('"payload_version":1', '"payload_version":1.0', 1), "never writes"),
    (lambda text: text.replace("€", "\\u20ac", 1) if "€" in text
     else text.replace('"DCSF"', '"\\u0044CSF"', 1), "canonical"),
])
def test_signed_bytes_must_be_the_canonical_json_of_what_they_parse_to(
        signed, signed_key, tmp_path, rewrite, said):
    text = _signed_bytes(signed).data.decode("utf-8")
    data = rewrite(text).encode("utf-8")
    out, _ = resigned(signed, signed_key, tmp_path, data)
    r = verify_workbook(out)
    if said is None:       # the same bytes: still genuine
        assert data == text.encode("utf-8") and r.ok, r.problems
        return
    assert not r.ok and r.readable and said in r.problems[0], r.problems
    assert r.problems[0].startswith("the signed data is damaged")


def test_a_payload_signed_by_a_key_not_in_the_keyring_is_not_laid_out(
        signed, signed_key, fast_keys, tmp_path, monkeypatch):
    ring = tmp_path / "ring"
    ring.mkdir()
    other = fast_keys.generate_keyfile("DCSF", PASS, tmp_path / "other.key")
    (ring / "DCSF.pem").write_text(other.public_pem)

    def never(*a, **k):
        raise AssertionError("a payload signed by an unknown key was laid out")
    monkeypatch.setattr(compare_mod, "layout", never)
    monkeypatch.setattr(verify_mod, "compare_findings", never)
    r = verify_workbook(signed, keyring=ring)
    assert not r.ok and "not among the keys filed for DCSF" in r.problems[0]


# --- key files --------------------------------------------------------------------

@pytest.mark.parametrize("kdf", [{"n": 2**20}, {"r": 32}, {"p": 2}, {"n": 2**17 + 1},
                                 {"n": "1024"}, {"n": True}, {"n": 2**9}])
def test_a_key_file_asking_for_other_scrypt_costs_is_refused_before_any_work(key_file, kdf,
                                                                             monkeypatch):
    d = json.loads(key_file.read_text())
    d["kdf"].update(kdf)
    key_file.write_text(json.dumps(d))
    monkeypatch.setattr(keys, "_kdf", lambda *a: pytest.fail("scrypt ran"))
    with pytest.raises(NotAReturn, match="damaged"):
        keys.load_private_key(key_file, PASS)


def test_the_kdf_parameters_are_bound_to_the_sealed_key(key_file):
    d = json.loads(key_file.read_text())
    assert d["version"] == 2
    d["kdf"]["n"] = d["kdf"]["n"] * 2      # within bounds, but not what it was sealed with
    key_file.write_text(json.dumps(d))
    with pytest.raises(UserError):
        keys.load_private_key(key_file, PASS)


def test_a_version_1_key_file_still_opens(fast_keys, tmp_path):
    """Files written before the parameters were bound: same fields, older associated data."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    key = Ed25519PrivateKey.generate()
    pem = keys.public_pem_of(key.public_key())
    salt, nonce = os.urandom(16), os.urandom(12)
    secret = keys._kdf(PASS, salt, 2**10, 8, 1)
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    aad = json.dumps([keys.KEY_FORMAT, "DCSF", pem, "2025-01-01T00:00:00Z"]).encode()
    doc = {"format": keys.KEY_FORMAT, "version": 1, "organisation": "DCSF",
           "created": "2025-01-01T00:00:00Z", "fingerprint": keys.fingerprint_of(key.public_key()),
           "public_key_pem": pem,
           "kdf": {"name": "scrypt", "n": 2**10, "r": 8, "p": 1,
                   "salt": base64.b64encode(salt).decode()},
           "cipher": {"name": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode(),
                      "ciphertext": base64.b64encode(AESGCM(secret).encrypt(nonce, raw, aad))
                      .decode()}}
    path = tmp_path / "old.key"
    path.write_text(json.dumps(doc))
    loaded, info = keys.load_private_key(path, PASS)
    assert info.organisation == "DCSF" and keys.public_pem_of(loaded.public_key()) == pem


# --- keyring ----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "alarm"), reason="POSIX")
def test_a_fifo_in_the_keyring_is_refused_not_waited_on(tmp_path, signed):
    os.mkfifo(tmp_path / "DCSF.pem")
    signal.alarm(20)        # a hang fails the test instead of stalling the suite
    try:
        with pytest.raises(NotAReturn, match="not a regular file"):
            keys.load_keyring(tmp_path)
        from forms.cli.main import main
        assert main(["verify", str(signed), "--keyring", str(tmp_path)]) == 2
    finally:
        signal.alarm(0)


def test_an_oversized_keyring_entry_is_refused(tmp_path, key_file):
    (tmp_path / "DCSF.pem").write_text(keys.read_key_info(key_file).public_pem + "#" * 20000)
    with pytest.raises(NotAReturn, match="larger than a public key"):
        keys.load_keyring(tmp_path)


def test_the_keyring_holds_whole_keys_and_verify_compares_them(signed, signed_key, tmp_path):
    ring = tmp_path / "ring"
    ring.mkdir()
    (ring / "DCSF.pem").write_text(keys.read_key_info(signed_key).public_pem)
    loaded = keys.load_keyring(ring)
    assert [len(k) for k in loaded["DCSF"]] == [32]
    # a keyring whose entry merely carries the right fingerprint is not enough
    info = keys.read_key_info(signed_key)
    assert not verify_workbook(signed, keyring={"DCSF": {info.fingerprint: "x"}}).ok
    assert verify_workbook(signed, keyring=loaded).ok


# --- what reaches the terminal ----------------------------------------------------

def test_a_newline_in_signed_text_cannot_print_a_forged_ok_line():
    from forms.cli.workbook_commands import format_result
    r = VerifyResult(path="a.xlsx", ok=True, organisation="DCSF",
                     body_name="Body\nOK       forged.xlsx  DCSF\x1b[2K\u202e\u2028",
                     financial_year="2009-10", return_kind="outturn", fingerprint="F",
                     signed_at="T")
    line = format_result(r)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert "\u2028" not in line and len(line.splitlines()) == 1 and "\\u000a" in line
    bad = VerifyResult(path="b\n.xlsx", problems=["signed 'x' → found 'y\rOK'"])
    assert "\r" not in format_result(bad) and "\n" not in format_result(bad)


def test_the_verify_line_names_the_return_kind(signed, capsys):
    from forms.cli.main import main
    assert main(["verify", str(signed)]) == 0
    assert "DCSF" in (line := capsys.readouterr().out.splitlines()[0]) and " outturn " in line


def test_json_output_escapes_format_characters_too():
    from forms.cli.safe_text import json_text
    text = json_text({"body": "A\u202eB\u2028C\nD é"}, ensure_ascii=False)
    assert "\u202e" not in text and "\u2028" not in text and "é" in text
    assert json.loads(text) == {"body": "A\u202eB\u2028C\nD é"}


def test_a_signed_payload_with_too_many_rows_is_refused_before_layout_in_one_line(
        signed, signed_key, tmp_path, monkeypatch):
    parts = _signed_bytes(signed)
    payload = signing.decode(parts.data)
    payload["return"]["floor_space"]["buildings"] = [{"name": f"b{i}"} for i in range(20001)]
    out, _ = resigned(signed, signed_key, tmp_path, canonical_json(payload))
    monkeypatch.setattr(compare_mod, "layout", lambda *a: pytest.fail("laid out"))
    r = verify_workbook(out)
    assert not r.ok and "20,000 rows" in r.problems[0] and "\n" not in r.problems[0]
