"""Signed returns from many bodies, made fast, for the consolidation tests and benchmark.

Each body gets its own signing key (scrypt at its lowest cost, unlocked once)
filed in a keyring; each return is the sample's figures scaled per body and
year, with the body's published commitments (Table A) as its action plan, and
an explanation for every query, so it can be signed.
"""
from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from bench.generate import SAMPLE, explain_queries

PASS = "corpus passphrase 2009"
DEPARTMENTS = ("BIS", "CO", "HMT", "HMRC", "CLG", "DCMS", "DCSF", "DECC", "Defra", "DFID",
               "DfT", "DH", "DWP", "FCO", "HO", "AGO", "MOD", "MoJ", "NIO")
NAMED = ("SCHOOL", "NHS-PCT", "POLICE", "LA", "FIRE", "HEFE")


def _scale(v, f: Decimal, places: str):
    return None if v is None else (v * f).quantize(Decimal(places))


def body_return(org: str, year: str, body_name: str = "", kind: str = "outturn",
                seed: int = 0, factor: Decimal | None = None):
    """A signable return for one body and year: the sample scaled, its own commitments."""
    from forms.drafts.new_return import new_return
    from forms.drafts.store import load_draft
    rnd = random.Random(f"{org}/{body_name}/{year}/{kind}/{seed}")
    f = factor if factor is not None else Decimal(rnd.randint(40, 160)) / 100
    sample = load_draft(SAMPLE)
    ret = new_return(org, year, body_name=body_name, return_kind=kind)
    ret.envelope.preparer = sample.envelope.preparer
    h = sample.headcount
    h.employees_headcount = _scale(h.employees_headcount, f, "1")
    for name in ("employees_fte", "payroll_fte", "non_payroll_fte"):
        setattr(h, name, _scale(getattr(h, name), f, "0.1"))
    for name in type(h.function_fte).model_fields:
        jitter = Decimal(rnd.randint(80, 125)) / 100
        setattr(h.function_fte, name, _scale(getattr(h.function_fte, name), f * jitter, "0.1"))
    ret.headcount = h
    for b in sample.floor_space.buildings:
        for name, places in (("nia_m2", "1"), ("workstations", "1"), ("fte", "0.1"),
                             ("annual_cost_gbp", "1")):
            setattr(b, name, _scale(getattr(b, name), f, places))
    ret.floor_space = sample.floor_space
    s = sample.spend
    for name in ("running_costs_gbp", "addressable_spend_gbp", "consultancy_gbp"):
        setattr(s, name, _scale(getattr(s, name), f, "1"))
    s.collaborative_spend_gbp = _scale(s.addressable_spend_gbp,
                                       Decimal(rnd.randint(30, 95)) / 100, "1")
    for name in type(s.function_cost).model_fields:
        jitter = Decimal(rnd.randint(70, 130)) / 100
        setattr(s.function_cost, name, _scale(getattr(s.function_cost, name), f * jitter, "1"))
    ret.spend = s
    if not ret.action_plan.actions:       # no published commitments: the sample's plan
        ret.action_plan = sample.action_plan
        ret.savings = sample.savings
    for c in ret.commitments:             # the officer's report on each one no figure measures
        c.status, c.date, c.evidence = "on track", "2010-03-31", "Programme board report"
    explain_queries(ret)
    return ret


def make_key(folder: Path, org: str, name: str, ring: Path | None = None):
    """A fast key for ``org`` (sealed, lowest scrypt cost), unlocked, public key filed in ring."""
    from forms.signing import keys
    old, keys.SCRYPT_N = keys.SCRYPT_N, keys.MIN_SCRYPT_N
    try:
        path = folder / f"{name}.key"
        keys.generate_keyfile(org, PASS, path)
        private, info = keys.load_private_key(path, PASS)
    finally:
        keys.SCRYPT_N = old
    if ring is not None:
        target = ring / org
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}.pem").write_text(info.public_pem, encoding="ascii")
    return private, info


def sign(ret, key, out: Path, previous=None) -> Path:
    from forms.workbook.export import export_signed
    private, info = key
    export_signed(ret, private, info, out, previous=previous)
    return out


def bodies(n: int) -> list[tuple[str, str]]:
    """n (organisation, body name) pairs: every department, then named bodies."""
    out = [(d, "") for d in DEPARTMENTS][:n]
    i = 0
    while len(out) < n:
        code = NAMED[i % len(NAMED)]
        out.append((code, f"{code.title()} body {i // len(NAMED) + 1:05d}"))
        i += 1
    return out


def _sign_many(args) -> int:
    folder, ring, items = args
    folder, ring = Path(folder), Path(ring)
    keys_made: dict[tuple[str, str], tuple] = {}
    for org, body, year, out in items:
        key = keys_made.get((org, body))
        if key is None:     # the file name's body number names the key: unique in the ring
            key = keys_made[(org, body)] = make_key(folder / "keys", org,
                                                    Path(out).stem.split("-")[0] + "-" + org, ring)
        sign(body_return(org, year, body), key, Path(out))
    return len(items)


def corpus(folder: Path, n: int, years: tuple[str, ...] = ("2009-10",), jobs: int = 2) -> Path:
    """``n`` valid signed returns (bodies × years) under folder/returns, keyring folder/keyring.

    Made once: a folder that already holds them is reused."""
    folder = Path(folder)
    returns, ring, done = folder / "returns", folder / "keyring", folder / "DONE"
    if done.exists():
        return folder
    for p in (returns, ring, folder / "keys"):
        p.mkdir(parents=True, exist_ok=True)
    per_body = len(years)
    items = [(org, body, year, str(returns / f"{i:05d}-{org}-{year}.xlsx".replace("NHS-PCT", "NHSPCT")))
             for i, (org, body) in enumerate(bodies(-(-n // per_body)))
             for year in years][:n]
    # A body's returns stay in one batch, so each body has one key.
    chunks = [items[i:i + 40 * per_body] for i in range(0, len(items), 40 * per_body)]
    if jobs > 1 and len(chunks) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_sign_many, [(str(folder), str(ring), c) for c in chunks]))
    else:
        for c in chunks:
            _sign_many((str(folder), str(ring), c))
    done.write_text(str(n))
    return folder
