"""The key, export, payload, verify and import commands, run as an officer runs them."""
import os
import subprocess
import sys


from forms.cli.main import main
from forms.drafts.store import load_draft, save_draft
from workbook_fixtures import (ROOT, SAMPLE, PASS, _signed_sample_master, fast_keys,  # noqa: F401
                               key_file, signed)


def run(*args, env=None):
    e = {k: v for k, v in os.environ.items() if k != "BACKOFFICE_PASSPHRASE"}
    e.update(env or {})
    # As the installed `backoffice` script runs it (python -m forms.cli would load the
    # command registry twice: forms.cli and __main__).
    cmd = [sys.executable, "-c", "import sys; from forms.cli.main import main; sys.exit(main())"]
    r = subprocess.run([*cmd, *map(str, args)], cwd=ROOT, env=e,
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_keys_generate_then_public_with_the_passphrase_from_the_environment(fast_keys, tmp_path,
                                                                            monkeypatch, capsys):
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", PASS)
    key = tmp_path / "dcsf.key"
    assert main(["keys", "generate", "--organisation", "dcsf", "--out", str(key)]) == 0
    out = capsys.readouterr().out
    assert "signing key for DCSF" in out and "keys public" in out
    pem = tmp_path / "DCSF.pem"
    assert main(["keys", "public", str(key), "--out", str(pem)]) == 0
    out = capsys.readouterr().out
    assert "Fingerprint:" in out and "BEGIN PUBLIC KEY" in out
    assert pem.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert main(["keys", "generate", "--organisation", "DCSF", "--out", str(key)]) == 1


def test_without_a_terminal_or_environment_passphrase_the_message_says_what_to_do(tmp_path):
    r = run("keys", "generate", "--organisation", "DCSF", "--out", tmp_path / "k.key")
    assert r.returncode == 1
    assert "BACKOFFICE_PASSPHRASE" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "k.key").exists()


def test_export_refuses_a_blocked_return_listing_what_blocks(key_file, tmp_path, capsys):
    ret = load_draft(SAMPLE)
    ret.explanations.clear()
    draft = tmp_path / "d.json"
    save_draft(ret, draft)
    code = main(["export", str(draft), "--key", str(key_file), "-o", str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot export" in err and "DELIVERED-LE-PLANNED" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_export_with_a_wrong_passphrase_exits_1(key_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", "definitely wrong")
    code = main(["export", str(SAMPLE), "--key", str(key_file), "-o", str(tmp_path / "r.xlsx")])
    assert code == 1 and "Wrong passphrase" in capsys.readouterr().err


def test_export_verify_payload_import_end_to_end(key_file, tmp_path):
    env = {"BACKOFFICE_PASSPHRASE": PASS}
    out = tmp_path / "r.xlsx"
    r = run("export", SAMPLE, "--key", key_file, "-o", out, env=env)
    assert r.returncode == 0 and "signed by key" in r.stdout
    r = run("verify", out)
    assert r.returncode == 0 and r.stdout.startswith("OK ")
    r = run("payload", out, "--out", tmp_path / "p")
    assert r.returncode == 0 and "openssl pkeyutl" in r.stdout
    assert len((tmp_path / "p" / "payload.sig").read_bytes()) == 64
    r = run("import", out, "-o", tmp_path / "back.json")
    assert r.returncode == 0
    assert (tmp_path / "back.json").read_bytes() == SAMPLE.read_bytes()


def test_verify_of_missing_files_exits_2(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "nope.xlsx")]) == 2
    assert "UNREADABLE" in capsys.readouterr().out


def test_payload_of_a_foreign_workbook_is_a_clear_error(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active["A1"] = "budget"
    wb.save(tmp_path / "budget.xlsx")
    r = run("payload", tmp_path / "budget.xlsx", "--out", tmp_path / "p")
    assert r.returncode == 2 and "not a signed Back Office Return" in r.stderr
