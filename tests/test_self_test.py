"""`backoffice --self-test` from source: every step passes, and a failure says which and exits 1.

The bundle's own self-test runs in CI (make check-bundle, from a read-only copy).
"""
import io
import os
import subprocess
import sys

from project_paths import ROOT


def _profile_env(tmp_path) -> dict:
    env = dict(os.environ)
    home = tmp_path / "home"
    home.mkdir()
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               TMPDIR=str(tmp_path), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)      # the self-test chooses offscreen itself
    return env


def test_the_self_test_passes_from_source_and_leaves_nothing_behind(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop.launcher", "--self-test"], cwd=ROOT,
                          env=_profile_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("validate the sample", "export and sign", "verify the workbook",
                 "re-import the workbook", "consolidate two returns",
                 "open and close the main window", "no network"):
        assert f"ok     {step}" in done.stdout
    assert done.stdout.rstrip().endswith("Self-test passed.")
    # Its temporary folder is gone; nothing was written to the settings of the profile.
    assert not list(tmp_path.glob("backoffice-self-test-*"))
    assert not (tmp_path / "home" / ".config" / "HM Treasury").exists()


def test_the_self_test_command_is_listed_in_help():
    from desktop.launcher import main
    out = io.StringIO()
    import contextlib
    with contextlib.redirect_stdout(out):
        try:
            main(["--help"])
        except SystemExit:
            pass
    assert "self-test" in out.getvalue()


def test_a_failing_step_is_named_in_one_line_and_the_exit_is_1(monkeypatch):
    from desktop import self_test

    def broken(self):
        raise self_test.Failed("the sample should be ready to submit")

    monkeypatch.setattr(self_test.SelfTest, "validate", broken)
    monkeypatch.setattr(self_test.SelfTest, "window", lambda self: "")
    out = io.StringIO()
    assert self_test.run_self_test(out) == 1
    text = out.getvalue()
    assert "FAILED validate the sample: the sample should be ready to submit" in text
    assert "Self-test FAILED: 1 step(s) failed" in text
    assert "Traceback" not in text


def test_an_unexpected_error_in_a_step_is_one_line_too():
    from desktop.self_test import SelfTest
    out = io.StringIO()
    t = SelfTest(ROOT, out)

    def boom():
        raise KeyError("x")

    assert t.step("a step", boom) is False
    assert t.failures == ["a step: KeyError: 'x'"]
