"""A third party checks a signed return with nothing but openssl."""
import shutil
import subprocess

import pytest

from forms.cli.main import main
from workbook_fixtures import _signed_sample_master, signed  # noqa: F401

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(OPENSSL is None, reason="openssl is not on PATH")


def openssl_verify(folder):
    return subprocess.run([OPENSSL, "pkeyutl", "-verify", "-pubin", "-inkey", folder / "public.pem",
                           "-rawin", "-in", folder / "payload.json", "-sigfile", folder / "payload.sig"],
                          capture_output=True, text=True, timeout=60)


def test_openssl_verifies_the_extracted_payload(signed, tmp_path, capsys):
    out = tmp_path / "check"
    assert main(["payload", str(signed), "--out", str(out)]) == 0
    r = openssl_verify(out)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Signature Verified Successfully" in r.stdout


def test_openssl_rejects_a_payload_changed_by_one_byte(signed, tmp_path, capsys):
    out = tmp_path / "check"
    main(["payload", str(signed), "--out", str(out)])
    data = bytearray((out / "payload.json").read_bytes())
    data[data.index(b"DCSF")] = ord("X")
    (out / "payload.json").write_bytes(bytes(data))
    r = openssl_verify(out)
    assert r.returncode != 0 and "Verified Successfully" not in r.stdout


def test_the_payload_is_the_canonical_json_of_itself(signed, tmp_path, capsys):
    import json
    from forms.signing.canonical import canonical_json
    main(["payload", str(signed), "--out", str(tmp_path)])
    data = (tmp_path / "payload.json").read_bytes()
    assert canonical_json(json.loads(data)) == data
