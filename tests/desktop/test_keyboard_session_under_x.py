"""A whole return completed and exported by keyboard alone, under a real X server (issue 14
§2): xdotool's key presses are the only input, as from an officer who uses no mouse.

From a blank window: File › New for DCSF, every required answer on every page, the
query explained, an action chosen for each shortfall, a signing key created, and a
signed workbook exported; the workbook is then verified by the core. Waits are on
windows and files, never on the program's insides."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.desktop.xserver import start_program, wait_for_window, xdotool, xserver  # noqa: F401

PASSPHRASE = "correct horse battery staple 2009"


class Officer:
    """Key presses and typing into whatever window has the focus, as X delivers them."""

    def __init__(self, display: str):
        self.display = display

    def key(self, *keys: str, times: int = 1) -> None:
        for _ in range(times):
            xdotool(self.display, "key", "--clearmodifiers", "--delay", "30", *keys)

    def type(self, text: str) -> None:
        xdotool(self.display, "type", "--clearmodifiers", "--delay", "15", text)

    def fill(self, *values: str) -> None:
        """Each value into the focused box (Tab into a box selects its text), then Tab."""
        for v in values:
            self.type(v)
            self.key("Tab")

    def window(self, name: str, timeout: float = 30) -> str:
        """Wait for a window whose title holds ``name`` and for it to have the focus."""
        win = wait_for_window(self.display, name, timeout)
        end = time.monotonic() + timeout
        while xdotool(self.display, "getactivewindow") != win and time.monotonic() < end:
            xdotool(self.display, "windowactivate", "--sync", win)
            time.sleep(0.1)
        return win

    def gone(self, name: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while xdotool(self.display, "search", "--onlyvisible", "--name", name):
            assert time.monotonic() < end, f"the window {name!r} stayed open"
            time.sleep(0.1)


def wait_for_file(pattern_dir: Path, glob: str, timeout: float = 60) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = sorted(pattern_dir.rglob(glob))
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no {glob} appeared under {pattern_dir} within {timeout:.0f} s")


def complete_the_return(me: Officer) -> None:
    me.window("Untitled return")
    me.key("ctrl+n")                                 # File › New
    me.window("New return")
    me.type("DCSF")
    me.key("Escape")                                 # the completer's list, not the dialog
    me.key("Tab")                                    # the year: 2009-10 already
    me.key("Return")                                 # Create
    me.gone("New return")

    me.key("ctrl+1")                                 # Return details: the organisation box
    me.key("Tab", times=4)                           # body, year, kind, then the preparer
    me.fill("Sam Jones", "Head of Finance", "sam.jones@dcsf.example.gov.uk", "0114 000 0000")

    me.key("ctrl+2")                                 # Headcount
    me.fill("2,900", "2700", "2 600", "100", "40", "60", "25", "90", "20", "30", "50")

    me.key("ctrl+3")                                 # Floor space: the table
    me.key("alt+a")                                  # Add row; the typing follows at once
    for value in ("Sanctuary Buildings", "SW1P 3BT", None, "27,000", "2500", "2000",
                  "16,000,000"):
        if value is not None:                        # tenure stays leasehold
            me.type(value)                           # typing opens the cell's editor
            me.key("Return")
        me.key("Right")

    me.key("ctrl+4")                                 # Spend
    me.fill("250,000,000", "2,500,000", "2,400,000", "1,200,000", "14,000,000", "2,000,000",
            "2,400,000", "5,000,000", "118,000,000", "95,000,000", "6,000,000", "35")

    me.key("ctrl+9")                                 # Commitments no figure measures
    for _ in range(2):                               # DCSF's two
        me.key("Right", times=2)                     # past the commitment and its due date
        me.type("o")                                 # Status: "on track", found by its letter
        me.key("Return")
        me.key("Right")
        for value in ("2010-03-31", "Estates board minutes"):
            me.type(value)
            me.key("Return")
            me.key("Right")
        me.key("Down")
        me.key("Home")

    # Export lists what still blocks it, after checking the return as it now stands.
    me.key("ctrl+e")
    me.window("Export and sign")
    me.key("Escape")
    me.gone("Export and sign")

    me.key("ctrl+7")                                 # Checks: the query's Explain box
    me.type("About 700 FTE work from home or overseas posts.")
    me.key("Tab")                                    # leaving the box keeps the explanation

    me.key("ctrl+8")                                 # Benchmarks: the first action box
    for _ in range(6):                               # each shortfall's box: its first action
        me.key("Down")                               # (past the last, Tab leaves the page's
        me.key("Tab")                                # boxes, and Down only moves a list)


def create_key_and_export(me: Officer, out: Path, home: Path) -> Path:
    me.key("ctrl+e")
    me.window("Export and sign")
    me.key("alt+r")                                  # Create key…
    me.window("Create a signing key")
    me.type(PASSPHRASE)                              # the organisation is filled in: DCSF
    me.key("Tab")
    me.type(PASSPHRASE)
    me.key("Return")                                 # Create key
    key = wait_for_file(home, "*.key")
    me.key("Return")                                 # Done
    me.gone("Create a signing key")
    me.window("Export and sign")
    me.type(PASSPHRASE)                              # the focus is in Passphrase
    me.key("alt+a")                                  # Save as
    me.key("ctrl+a")
    me.type(str(out))
    me.key("Return")                                 # Export
    wait_for_file(out.parent, out.name, timeout=90)
    return key


def test_a_return_completed_and_exported_by_keyboard_alone_under_x(xserver, tmp_path):  # noqa: F811
    home = tmp_path / "officer"                  # the program's own profile
    home.mkdir()
    out = tmp_path / "dcsf-2009-10.xlsx"
    prog = start_program(xserver, home)
    me = Officer(xserver)
    try:
        try:
            complete_the_return(me)
            create_key_and_export(me, out, home)
        except AssertionError:
            shot = tmp_path / "screen.png"
            subprocess.run(["import", "-window", "root", "-display", xserver, str(shot)],
                           timeout=30, check=False)
            raise AssertionError(f"stopped; the screen is in {shot}") from None
        time.sleep(0.5)                               # the result shown; the file is whole
    finally:
        prog.kill()
        out_text = prog.communicate(timeout=10)[0]
    assert "Traceback" not in out_text, out_text[-3000:]

    from forms.workbook.to_draft import import_workbook
    from forms.workbook.verify import verify_workbook
    from validators.engine import check
    result = verify_workbook(out)
    assert result.ok, result
    back = import_workbook(out)
    assert back.envelope.organisation == "DCSF" and back.envelope.preparer.name == "Sam Jones"
    assert back.headcount.employees_headcount == 2900
    assert back.headcount.function_fte.communications == 50
    b = back.floor_space.buildings[0]
    assert (b.name, b.location, b.tenure, b.nia_m2, b.workstations, b.fte, b.annual_cost_gbp) == (
        "Sanctuary Buildings", "SW1P 3BT", "leasehold", 27000, 2500, 2000, 16000000)
    assert [(c.status, c.date) for c in back.commitments] == [("on track", "2010-03-31")] * 2
    assert list(back.explanations.values()) == ["About 700 FTE work from home or overseas posts."]
    report = check(back)
    assert report.can_submit
    short = [f.key for f in report.benchmarks if f.status in ("short", "within")]
    assert short and all(back.benchmark_actions.get(k) for k in short), (
        short, back.benchmark_actions)
    assert os.path.getsize(out) > 0
