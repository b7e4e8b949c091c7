"""Export+sign and verify times for the sample and the large generated return.

Export is also given as a ratio against a bare openpyxl write of the same
cells (no styles, names, protection, checking or signing) in the same run.
Targets: export+sign of the sample under 0.3 s and under 1.5x the bare
write; verify of the sample under 0.2 s. The key is unlocked once beforehand
(scrypt's ~0.4 s is the passphrase prompt's cost, reported separately).

Run: .venv/bin/python -m bench.bench_workbook
"""
from __future__ import annotations

import base64
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import SAMPLE, large_return  # noqa: E402
from forms.signing import keys  # noqa: E402
from forms.drafts.store import load_draft  # noqa: E402
from forms.workbook.verify import verify_workbook  # noqa: E402
from forms.workbook.export import export_signed  # noqa: E402
from forms.workbook.to_draft import import_workbook  # noqa: E402
from forms.workbook.layout import layout, signature_sheet  # noqa: E402

PASS = "bench passphrase 2009"


def timed(fn, runs: int) -> list[float]:
    fn()  # warm caches (imports, rule pack)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def p99(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.99 * (len(xs) - 1)))]


def bare_write(sheets, path: Path) -> None:
    """The same cells with openpyxl and nothing else: the floor for any exporter."""
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        rows: dict[int, dict[int, object]] = {}
        for c in sheet.cells:
            rows.setdefault(c.row, {})[c.col] = c.value
        last = 0
        for r in sorted(rows):
            for _ in range(last + 1, r):
                ws.append([])
            line = [None] * max(rows[r])
            for col, v in rows[r].items():
                line[col - 1] = v
            ws.append(line)
            last = r
    wb.save(path)


def report(label: str, xs: list[float]) -> float:
    med = statistics.median(xs)
    print(f"  {label:<34} median {med * 1000:8.1f} ms   p99 {p99(xs) * 1000:8.1f} ms   (n={len(xs)})")
    return med


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-wb-"))
    key_path = tmp / "bench.key"
    t = time.perf_counter()
    keys.generate_keyfile("DCSF", PASS, key_path)
    print(f"  key generation (scrypt n=2^17)     {(time.perf_counter() - t) * 1000:8.1f} ms")
    t = time.perf_counter()
    key, info = keys.load_private_key(key_path, PASS)
    print(f"  key unlock (scrypt n=2^17)         {(time.perf_counter() - t) * 1000:8.1f} ms")
    cases = [("sample", load_draft(SAMPLE), 30), ("large (2,000 bldg, 1,000 sav)", large_return(), 5)]
    for name, ret, runs in cases:
        out = tmp / f"{name.split()[0]}.xlsx"
        print(f"{name}:")
        export_signed(ret, key, info, out)
        from forms.signing.payload import decode
        from forms.workbook.verify import read_signed
        from forms.workbook.strict import open_strict
        with open_strict(out) as gw:
            parts = read_signed(gw)
        payload = decode(parts.data)
        sheets = layout(payload) + [signature_sheet(base64.b64encode(parts.data).decode(),
                                                    base64.b64encode(parts.signature).decode(),
                                                    info.public_pem)]
        # Interleave the two so machine noise hits both alike.
        exp, bare = [], []
        for _ in range(runs):
            exp += timed(lambda: export_signed(ret, key, info, out), 1)
            bare += timed(lambda: bare_write(sheets, tmp / "bare.xlsx"), 1)
        m_exp = report("export+sign", exp)
        m_bare = report("bare openpyxl write, same cells", bare)
        print(f"  ratio export / bare write          {m_exp / m_bare:8.2f} x")
        report("verify", timed(lambda: verify_workbook(out), runs))
        report("import", timed(lambda: import_workbook(out), runs))
        print(f"  workbook size                      {out.stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
