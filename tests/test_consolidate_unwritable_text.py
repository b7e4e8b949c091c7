"""A hostile sender's text never stops the Treasury's run.

A file name that is not UTF-8 or holds control characters (possible on a Linux
share), and a return whose signed text holds control characters (its cells
spell them as _xHHHH_ escapes, so it verifies), once
made pandas or openpyxl fail and the whole consolidation with them. Now each
such character is shown as U+FFFD, and every output is written."""
import os
import shutil
import sys
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from forms.consolidate.text import REPLACEMENT, writable, writable_all

# Lone surrogates cannot be signed (the return's model refuses them), control characters can.
HOSTILE = "Shared services\x01 \x1b[2Kall done \ufffe"


def test_writable_replaces_only_what_no_sheet_can_hold():
    assert writable("tab\tnew\nline\r £ ☃ 🙂") == "tab\tnew\nline\r £ ☃ 🙂"
    assert writable(HOSTILE) == "Shared services\ufffd \ufffd[2Kall done \ufffd"
    assert writable("a\udc80b") == "a\ufffdb"
    assert writable_all({"a\x02": ["x\udcff", 1, None, {"k": "\x00"}]}) == \
        {"a\ufffd": ["x\ufffd", 1, None, {"k": "\ufffd"}]}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    from bench.corpus import body_return, make_key, sign
    folder = tmp_path_factory.mktemp("hostile-text")
    ring, keys, inbox = folder / "ring", folder / "keys", folder / "inbox"
    for p in (ring, keys, inbox):
        p.mkdir()
    key = make_key(keys, "DCSF", "dcsf", ring)
    ret = body_return("DCSF", "2009-10", factor=Decimal(1))
    ret.action_plan.actions[0].text = HOSTILE
    signed = sign(ret, key, inbox / "dcsf.xlsx")
    if sys.platform != "win32":        # Windows names cannot hold these characters
        odd = os.fsencode(inbox) + b"/dcsf \xff\x01 copy.xlsx"
        shutil.copyfile(signed, odd)
        with open(os.fsencode(inbox) + b"/junk\x1b\xfe.xlsx", "wb") as f:
            f.write(b"not a workbook")
    return folder


def test_hostile_text_is_consolidated_and_every_output_written(inbox, tmp_path):
    from forms.cli.main import main
    out = tmp_path / "consolidated.xlsx"
    code = main(["consolidate", str(inbox / "inbox"), "-o", str(out), "--keyring",
                 str(inbox / "ring"), "--csv", str(tmp_path / "csv")])
    assert code == (0 if sys.platform == "win32" else 1)       # the junk file is unreadable
    book = load_workbook(out, read_only=True)
    texts = [c for ws in book for row in ws.iter_rows(values_only=True) for c in row
             if isinstance(c, str)]
    plan = [t for t in texts if "Shared services" in t]    # Table A's "• ...;"
    assert plan and all(writable(HOSTILE) in t for t in plan)
    if sys.platform != "win32":
        assert any(t.endswith(f"dcsf {REPLACEMENT}{REPLACEMENT} copy.xlsx") for t in texts)
        assert any(f"junk{REPLACEMENT}{REPLACEMENT}.xlsx" in t for t in texts)
    csv_text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "csv").glob("*.csv"))
    assert writable(HOSTILE) in csv_text and "\x01" not in csv_text


def test_the_hostile_return_verifies_as_signed(inbox):
    """The premise: such a return is valid, so its text does reach the tables."""
    from forms.workbook.verify import verify_workbook
    r = verify_workbook(inbox / "inbox" / "dcsf.xlsx", inbox / "ring")
    assert r.ok, r.problems
