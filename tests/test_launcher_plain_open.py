"""`backoffice open FILE` skips building the parser (desktop.launcher.plain_open): what it
reads must be exactly what the parser reads, and anything else must go to the parser."""
from __future__ import annotations

import pytest

from desktop.launcher import plain_open
from forms.cli.main import build_parser


@pytest.mark.parametrize("argv", [[], ["open"], ["open", "draft.json"], ["open", ""],
                                  ["open", "My returns/2010 draft.xlsx"], ["open", "open"]])
def test_reads_what_the_parser_reads(argv):
    parsed = build_parser("open").parse_args(argv)
    if not parsed.command:          # forms.cli.main: no command is the desktop program
        parsed.command, parsed.file = "open", None
    assert plain_open(argv) == parsed


@pytest.mark.parametrize("argv", [["open", "-h"], ["open", "--help"], ["open", "--", "x"],
                                  ["open", "a", "b"], ["--version"], ["draft.json"],
                                  ["validate", "x"], ["open", "-"], ["-h"]])
def test_leaves_the_rest_to_the_parser(argv):
    assert plain_open(argv) is None
