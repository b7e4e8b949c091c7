"""A folder of returns as the Treasury receives them: good, resubmitted, copied, bad.

Built once per test session (signing takes a few seconds): every test gets
the same files; tests that change files copy them first.
"""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from workbook_fixtures import edit_cell

T1, T2 = "2010-05-04T09:30:00Z", "2010-06-01T14:05:00Z"


class Received:
    def __init__(self, folder: Path):
        self.folder = folder
        self.inbox = folder / "inbox"
        self.ring = folder / "keyring"
        self.returns: dict[str, object] = {}     # file name -> the Return signed into it

    def path(self, name: str) -> Path:
        return self.inbox / name


def build(folder: Path) -> Received:
    from bench.corpus import body_return, make_key, sign
    from forms.signing import payload
    r = Received(folder)
    for p in (r.inbox, r.ring, folder / "keys", r.inbox / "dept" / "nested"):
        p.mkdir(parents=True, exist_ok=True)
    keys = folder / "keys"
    k = {org: make_key(keys, org, org, r.ring) for org in
         ("DCSF", "DWP", "HMT", "HMRC", "CO", "MoJ", "DECC")}

    def put(name: str, ret, key, at: str | None = None, sub: str = "") -> Path:
        old = payload.utc_now
        if at:
            payload.utc_now = lambda: at
        try:
            out = sign(ret, key, r.inbox / sub / name if sub else r.inbox / name)
        finally:
            payload.utc_now = old
        r.returns[name] = ret
        return out

    put("dcsf-2009-10.xlsx", body_return("DCSF", "2009-10", factor=Decimal(1)), k["DCSF"], T1)
    again = body_return("DCSF", "2009-10", factor=Decimal(1))
    again.headcount.employees_fte = Decimal("2700.0")
    again.spend.running_costs_gbp = Decimal("250000000")
    from bench.generate import explain_queries
    explain_queries(again)
    put("dcsf-2009-10-resubmitted.xlsx", again, k["DCSF"], T2)
    shutil.copyfile(r.path("dcsf-2009-10-resubmitted.xlsx"), r.path("copy of dcsf.xlsx"))
    r.returns["copy of dcsf.xlsx"] = again
    put("dcsf-2010-11.xlsx", body_return("DCSF", "2010-11", factor=Decimal("0.9")), k["DCSF"],
        sub="dept/nested")
    put("dwp.xlsx", body_return("DWP", "2009-10"), k["DWP"])
    put("hmt.xlsx", body_return("HMT", "2009-10"), k["HMT"])
    put("hmrc.xlsx", body_return("HMRC", "2009-10"), k["HMRC"])
    put("co-plan.xlsx", body_return("CO", "2009-10", kind="plan"), k["CO"])
    put("co-outturn.xlsx", body_return("CO", "2009-10"), k["CO"])
    # Bad ones.
    shutil.copyfile(r.path("dwp.xlsx"), r.path("tampered.xlsx"))
    edit_cell(r.path("tampered.xlsx"), "Spend", "B4", 1)
    stray = make_key(keys, "MoJ", "moj-unfiled")            # a key the Treasury never filed
    put("wrong-key.xlsx", body_return("MoJ", "2009-10"), stray)
    # A key made for DECC whose public key was filed under DWP: another organisation's key.
    decc = make_key(keys, "DECC", "decc-filed-as-dwp")
    (r.ring / "DWP" / "decc-filed-as-dwp.pem").write_text(decc[1].public_pem)
    put("other-organisation-key.xlsx", body_return("DECC", "2009-10"), decc)
    fco = make_key(keys, "FCO", "fco")                       # FCO filed no key at all
    put("no-key-filed.xlsx", body_return("FCO", "2009-10"), fco)
    data = r.path("hmt.xlsx").read_bytes()
    r.path("corrupt.xlsx").write_bytes(data[: len(data) // 2])
    from openpyxl import Workbook
    wb = Workbook()
    wb.active["A1"] = "my own spreadsheet"
    wb.save(r.path("not-a-return.xlsx"))
    return r


@pytest.fixture(scope="session")
def received(tmp_path_factory) -> Received:
    return build(tmp_path_factory.mktemp("consolidate"))


@pytest.fixture(scope="session")
def consolidated(received):
    from forms.consolidate.run import consolidate
    return consolidate([received.inbox], received.ring, jobs=2)
