"""The command line as people expect it: --version, help on everything, -o everywhere,
no silent overwrite, JSON for scripts, explaining a query, keys kept private."""
import json
import os
import stat
import subprocess
import sys

import pytest

from forms.cli.main import build_parser, main
from forms.drafts.store import load_draft, save_draft
from forms.schema.version import VERSION
from workbook_fixtures import ROOT, SAMPLE, PASS, fast_keys, key_file  # noqa: F401

QUERY_KEY = "DELIVERED-LE-PLANNED@savings#3"     # Savings line S3 (row 3)


def run(*args, env=None):
    e = {k: v for k, v in os.environ.items() if k != "BACKOFFICE_PASSPHRASE"}
    e.update(env or {})
    cmd = [sys.executable, "-c", "import sys; from forms.cli.main import main; sys.exit(main())"]
    r = subprocess.run([*cmd, *map(str, args)], cwd=ROOT, env=e, capture_output=True,
                       text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def _all_parsers(parser):
    """The top parser and every sub-command's (and sub-sub-command's) parser."""
    found = [parser]
    for action in parser._actions:
        choices = getattr(action, "choices", None)
        for sub in (choices.values() if isinstance(choices, dict) else ()):
            if hasattr(sub, "_actions"):
                found += _all_parsers(sub)
    return found


def test_version_is_printed():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"backoffice {VERSION}"


def test_every_command_lists_the_exit_codes_and_every_option_has_help():
    for p in _all_parsers(build_parser()):
        assert "exit status: 0" in (p.epilog or ""), p.prog
        for a in p._actions:
            if a.option_strings != ["-h", "--help"]:
                assert a.help, f"{p.prog}: {a.dest} has no help text"


def test_a_bad_option_prints_that_commands_usage():
    r = run("validate", "--format", "yaml", SAMPLE)
    assert r.returncode == 2 and r.stderr.startswith("usage: backoffice validate")


@pytest.mark.parametrize("command", [["new"], ["export"], ["import"], ["payload"],
                                     ["keys", "generate"], ["keys", "public"]])
def test_output_is_spelt_o_or_output_everywhere_and_out_still_works(command):
    parser = build_parser()
    sub = parser
    for word in command:
        sub = next(a for a in sub._actions if getattr(a, "choices", None)
                   and word in a.choices).choices[word]
    out = next(a for a in sub._actions if a.dest == "output")
    assert out.option_strings == ["-o", "--output", "--out"]


def test_plurals_are_written_out(capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 1 query of which 0 unexplained, 5 benchmarks." in out
    assert "(s)" not in out and "(ies)" not in out


def test_validate_shows_each_findings_key_and_names_rows_by_table_and_ref(capsys):
    main(["validate", str(SAMPLE)])
    out = capsys.readouterr().out
    assert ("Savings line S3 (row 3): delivered £2,650,000 is more than planned £2,400,000"
            in out)
    assert f"key {QUERY_KEY}" in out
    assert "Query (explained)" in out and "QUERY" not in out


def test_organisations_as_json(capsys):
    assert main(["organisations", "--format", "json"]) == 0
    orgs = json.loads(capsys.readouterr().out)
    assert {"code": "DCSF", "name": "Department for Children, Schools and Families",
            "parent": None} in orgs


def test_validate_as_json_on_an_unreadable_file_prints_an_error_object(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    assert main(["validate", str(bad), "--format", "json"]) == 2
    err = json.loads(capsys.readouterr().out)
    assert "not valid JSON" in err["error"] and err["file"] == str(bad)
    assert err["can_submit"] is False


def test_explain_sets_an_explanation_and_validate_then_passes(tmp_path, capsys):
    ret = load_draft(SAMPLE)
    ret.explanations.clear()
    draft = tmp_path / "d.json"
    save_draft(ret, draft)
    assert main(["validate", str(draft)]) == 1
    assert main(["explain", str(draft), QUERY_KEY, "The Cabinet Office deal came in early."]) == 0
    assert load_draft(draft).explanations[QUERY_KEY] == "The Cabinet Office deal came in early."
    assert main(["validate", str(draft)]) == 0
    assert main(["explain", str(draft), QUERY_KEY, ""]) == 0      # an empty text removes it
    assert QUERY_KEY not in load_draft(draft).explanations


def test_explain_under_a_key_that_matches_nothing_is_refused(tmp_path, capsys):
    draft = tmp_path / "d.json"
    draft.write_bytes(SAMPLE.read_bytes())
    before = draft.read_bytes()
    assert main(["explain", str(draft), "NO-SUCH@savings#9", "why"]) == 1
    err = capsys.readouterr().err
    assert "No finding of this return has the key 'NO-SUCH@savings#9'" in err
    assert QUERY_KEY in err                       # says which keys there are
    assert draft.read_bytes() == before


def test_validate_reports_an_explanation_that_matches_no_finding(tmp_path, capsys):
    ret = load_draft(SAMPLE)
    ret.explanations["GONE@savings#7"] = "an old reason"
    save_draft(ret, tmp_path / "d.json")
    main(["validate", str(tmp_path / "d.json")])
    assert "1 explanation matches no finding" in capsys.readouterr().out


def test_export_refuses_to_overwrite_without_force(key_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", PASS)
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"precious")
    assert main(["export", str(SAMPLE), "--key", str(key_file), "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == b"precious"
    assert main(["export", str(SAMPLE), "--key", str(key_file), "-o", str(out), "--force",
                 "--format", "json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["written"] == str(out) and res["key_fingerprint"] and res["submission_id"]


def test_export_says_when_a_short_benchmark_has_no_action(key_file, tmp_path, monkeypatch,
                                                          capsys):
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", PASS)
    ret = load_draft(SAMPLE)
    ret.benchmark_actions = {}
    save_draft(ret, tmp_path / "d.json")
    assert main(["export", str(tmp_path / "d.json"), "--key", str(key_file),
                 "-o", str(tmp_path / "r.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "5 benchmarks fall short with no action chosen" in out and "CMP-HR-RATIO" in out
    assert main(["validate", str(tmp_path / "d.json")]) == 0        # a note, never blocking
    assert "fall short with no action chosen" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_key_files_and_public_keys_are_readable_by_their_owner_only(fast_keys, tmp_path,
                                                                    monkeypatch, capsys):
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", PASS)
    old = os.umask(0o022)
    try:
        key, pem = tmp_path / "dcsf.key", tmp_path / "DCSF.pem"
        assert main(["keys", "generate", "--organisation", "DCSF", "-o", str(key)]) == 0
        assert main(["keys", "public", str(key), "-o", str(pem), "--format", "json"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    out = capsys.readouterr().out
    info = json.loads(out[out.index("{"):])
    assert info["organisation"] == "DCSF" and info["public_key_pem"] == pem.read_text()
    assert main(["keys", "public", str(key), "-o", str(pem)]) == 1     # no silent overwrite


def test_a_named_command_builds_only_its_own_parser_and_help_still_lists_all():
    import subprocess
    import sys
    from pathlib import Path
    code = ("import sys; from desktop.launcher import main; from forms.cli.main import build_parser;"
            "p = build_parser('open'); names = list(p._subparsers._group_actions[0].choices);"
            "print(names, 'forms.cli.rules_commands' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                       capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "['open'] False", r.stderr
    names = list(build_parser()._subparsers._group_actions[0].choices)
    assert {"validate", "export", "verify", "consolidate"} <= set(names)
    assert list(build_parser("validate")._subparsers._group_actions[0].choices) == ["validate"]
    # A mistyped command still gets argparse's full "invalid choice" list.
    assert len(build_parser("valdate")._subparsers._group_actions[0].choices) == len(names)
