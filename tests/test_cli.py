"""The CLI's commands and exit codes, run as a user runs them."""
import errno
import io
import json
import subprocess
import sys

import pytest

from project_paths import ROOT, SAMPLE
from forms.cli.main import main


def run(*args):
    r = subprocess.run([sys.executable, "-m", "forms.cli", *map(str, args)], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_organisations_lists_codes(capsys):
    assert main(["organisations"]) == 0
    out = capsys.readouterr().out
    for code in ("BIS", "HMRC", "CLG", "DCSF", "Defra", "DWP", "MoJ", "CPS"):
        assert f"\n{code} " in "\n" + out


def test_new_then_validate_blank_return_exits_1(tmp_path, capsys):
    draft = tmp_path / "defra.json"
    assert main(["new", "--organisation", "DEFRA", "--year", "2009-10", "-o", str(draft)]) == 0
    assert main(["validate", str(draft)]) == 1
    assert "is required" in capsys.readouterr().out


def test_new_refuses_to_overwrite(tmp_path, capsys):
    draft = tmp_path / "d.json"
    draft.write_text("precious")
    assert main(["new", "--organisation", "DWP", "--year", "2009-10", "-o", str(draft)]) == 1
    assert draft.read_text() == "precious"


def test_unknown_organisation_suggests(tmp_path):
    r = run("new", "--organisation", "Home Offce", "--year", "2009-10", "-o", tmp_path / "x.json")
    assert r.returncode == 1
    assert "Home Office (HO)" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_validate_sample_exits_0_with_json(capsys):
    assert main(["validate", str(SAMPLE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["can_submit"] is True
    assert report["rule_pack"] == "smarter-government-2009"
    q = [f for f in report["findings"] if f["severity"] == "query"]
    assert q and q[0]["explanation"]


def test_validate_with_previous_year(tmp_path, sample, capsys):
    from forms.drafts.store import save_draft
    sample.spend.running_costs_gbp = sample.spend.running_costs_gbp * 2
    sample.envelope.financial_year = "2008-09"        # last year's, as the desktop requires
    save_draft(sample, tmp_path / "last.json")
    assert main(["validate", str(SAMPLE), "--previous", str(tmp_path / "last.json")]) == 1
    assert "changed by -50.0 %" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"not json", b'{"a": 1}', b"\x00\x01\x02"])
def test_unreadable_file_exits_2_with_one_line(tmp_path, content):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    r = run("validate", p)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("backoffice: ")


def test_missing_file_exits_2(tmp_path):
    assert run("validate", tmp_path / "none.json").returncode == 2


def test_schema_is_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Return"
    hc = schema["$defs"]["Headcount"]["properties"]["employees_fte"]
    assert hc["title"] == "Employees (FTE)" and hc["unit"] == "FTE"


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    import forms.schema.organisations
    monkeypatch.setattr(forms.schema.organisations, "organisations", lambda: 1 / 0)
    assert main(["organisations"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ZeroDivisionError" in err and "Traceback" not in err


def test_output_into_a_closed_pipe_stops_quietly(monkeypatch, capsys):
    # `backoffice organisations | head -1`: the reader leaves early; no traceback, no noise.
    import os
    read_end, write_end = os.pipe()
    os.close(read_end)
    out = open(write_end, "w", buffering=1)
    monkeypatch.setattr(sys, "stdout", out)
    try:
        assert main(["organisations"]) == 1
    finally:
        monkeypatch.undo()
        out.close()
    assert capsys.readouterr().err == ""


class _ClosedOnWindows(io.StringIO):
    # CPython on Windows often reports a closed pipe as OSError(EINVAL), not
    # BrokenPipeError (python/cpython#79935): `backoffice verify *.xlsx | more`.
    def flush(self):
        raise OSError(errno.EINVAL, "Invalid argument")


def test_a_closed_pipe_reported_as_einval_on_windows_also_stops_quietly(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ClosedOnWindows())
    code = main(["organisations"])
    err = capsys.readouterr().err
    assert "unexpected error" not in err, err
    assert code == 1


def test_a_command_that_worked_without_a_console_still_exits_0(monkeypatch, capsys):
    # pythonw / a GUI-subsystem launcher: sys.stdout is None and print() does nothing.
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["organisations"]) == 0


def test_an_invalid_argument_error_elsewhere_is_still_reported(monkeypatch, capsys):
    # EINVAL means "stdout is gone" only when stdout itself still fails.
    from forms.cli import registry as cli

    def broken(args):
        raise OSError(errno.EINVAL, "Invalid argument")
    help_, add_args, _ = cli.COMMANDS["organisations"]
    monkeypatch.setitem(cli.COMMANDS, "organisations", (help_, add_args, broken))
    assert main(["organisations"]) == 3
    assert "unexpected error (OSError" in capsys.readouterr().err


def test_the_core_cli_has_no_open_command_and_the_launcher_adds_it():
    code = ("import sys; from forms.cli.main import build_parser; from forms.cli.registry import COMMANDS\n"
            "build_parser(); core = 'open' in COMMANDS\n"
            "import desktop.launcher; gui = 'open' in COMMANDS\n"
            "qt = any(m.startswith('PySide6') for m in sys.modules)\n"
            "print(core, gui, qt)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.stdout.split() == ["False", "True", "False"], r.stderr
    import tomllib
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["backoffice"] == "desktop.launcher:main"


def test_output_to_a_code_page_without_a_character_prints_not_fails():
    """A Windows console redirected to a cp1252 file: '−' (U+2212) in a commitment title."""
    import os
    env = dict(os.environ, PYTHONIOENCODING="cp1252:strict")
    r = subprocess.run([sys.executable, "-m", "forms.cli", "rules"], cwd=ROOT, env=env,
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert b"legal spend ?35 %" in r.stdout and b"unexpected error" not in r.stderr
