"""Verify's cost on genuine and hostile workbooks, against reading their XML bare.

Every file is verified in a fresh process (its peak memory is that process's,
the interpreter and imports included). The floor is the same file's XML
parts read with the standard library's ElementTree, nothing checked. Targets
(issue 9): each file answered within 5 s and 500 MB, verify time linear in
the file's size.

Hostile files are genuine exports grown in their XML, as a sender would:
a sheet of incompressible text cells, a huge shared-strings table, a million
merged cells, an unsigned payload of several MB, an incompressible media part.

Run: .venv/bin/python -m bench.bench_verify [--max-mb 50]
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASS = "bench passphrase 2009"
CHILD = r"""
import json, resource, sys, time, zipfile
from xml.etree.ElementTree import iterparse
path, mode = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if mode == "bare":
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith((".xml", ".rels")):
                with z.open(n) as f:
                    for _ev, el in iterparse(f):
                        el.clear()
    out = {}
else:
    from forms.workbook.verify import verify_workbook
    r = verify_workbook(path)            # cold: what one CLI call pays (lazy imports too)
    out = {"ok": r.ok, "readable": r.readable, "problem": (r.problems or [""])[0][:110],
           "cold": time.perf_counter() - t}
    t = time.perf_counter()
    verify_workbook(path)                # warm: what each further file costs
out["seconds"] = time.perf_counter() - t
# VmHWM: this process's own peak (ru_maxrss would carry the parent's over exec)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")]
out["peak_mb"] = (int(hwm[0].split()[1]) if hwm else
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
print(json.dumps(out))
"""


def run(path: Path, mode: str) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    if r.returncode:
        raise SystemExit(f"{path.name} {mode}: {r.stderr[-400:]}")
    return json.loads(r.stdout)


def grow(src: Path, dst: Path, member: str, change, extra: list[tuple[str, bytes, int]] = ()):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            data = zin.read(i.filename)
            zout.writestr(i.filename, change(data) if i.filename == member else data)
        for name, data, how in extra:
            zout.writestr(name, data, compress_type=how)
    return dst


def random_text(n: int) -> str:
    return base64.b64encode(os.urandom(n * 3 // 4)).decode()


def text_cells(mb: float) -> bytes:
    """Rows of 1,000-character incompressible inline strings, about ``mb`` MB zipped."""
    rows, r = [], 100
    for _ in range(int(mb * 1024 * 1024 / 1000 / 0.77)):
        rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{random_text(1000)}</t>'
                    "</is></c></row>")
        r += 1
    return "".join(rows).encode()


def hostile(sample: Path, folder: Path, max_mb: int) -> list[tuple[str, Path]]:
    cover = "xl/worksheets/sheet1.xml"
    out = []
    for mb in sorted({max(1, max_mb // 5), max(1, max_mb // 2), max_mb}):
        body = text_cells(mb)
        out.append((f"text cells {mb} MB", grow(sample, folder / f"cells{mb}.xlsx", cover,
                                               lambda d, b=body: d.replace(b"</sheetData>",
                                                                           b + b"</sheetData>"))))
    n = 1_000_000
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(f"<si><t>{i}</t></si>" for i in range(n)) + "</sst>").encode()
    sst = grow(sample, folder / "sst0.xlsx", "[Content_Types].xml",
               lambda d: d.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                   b'ContentType="application/vnd.openxmlformats-officedocument.'
                                   b'spreadsheetml.sharedStrings+xml" /></Types>'),
               [("xl/sharedStrings.xml", strings, zipfile.ZIP_DEFLATED)])
    out.append(("1,000,000 shared strings", grow(sst, folder / "sst.xlsx",
                "xl/_rels/workbook.xml.rels", lambda d: d.replace(
                    b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                    b'Id="rId80" /></Relationships>'))))
    empty = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"/>' for c in "ABCDEFGHIJ")
                    + "</row>" for r in range(100, 100 + 400_000)).encode()
    out.append(("4,000,000 empty cells (~90 MB XML)", grow(
        sample, folder / "empty.xlsx", cover,
        lambda d: d.replace(b"</sheetData>", empty + b"</sheetData>"))))
    merges = ('<mergeCells count="500000">' + "".join(
        f'<mergeCell ref="A{r}:B{r}"/>' for r in range(200, 700200, 1)[:500000])
        + "</mergeCells>").encode()
    out.append(("500,000 merged cells", grow(sample, folder / "merges.xlsx", cover,
                lambda d: d.replace(b"<pageMargins", merges + b"<pageMargins"))))
    out.append((f"media part {max_mb} MB", grow(sample, folder / "media.xlsx", "", lambda d: d,
                [("xl/media/image1.png", os.urandom(max_mb * 1024 * 1024), zipfile.ZIP_STORED)])))
    with zipfile.ZipFile(sample) as z:      # the sheet holding the signed bytes
        sig = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet")
                   and b"Payload (canonical JSON" in z.read(n))
    big = random_text(8 * 1024 * 1024)
    chunks = "".join(f'<row r="{6 + i}"><c r="B{6 + i}" t="inlineStr"><is><t>{big[j:j + 32000]}'
                     "</t></is></c></row>" for i, j in enumerate(range(0, len(big), 32000)))
    parts = len(range(0, len(big), 32000))

    def unsigned(d: bytes) -> bytes:
        head = d.split(b'<row r="6">')[0].replace(b'<c r="B4" t="n"><v>1</v>',
                                                   f'<c r="B4" t="n"><v>{parts}</v>'.encode())
        return head + chunks.encode() + b"</sheetData>" + d.split(b"</sheetData>")[1]
    out.append(("unsigned 8 MB payload", grow(sample, folder / "unsigned.xlsx", sig, unsigned)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-mb", type=int, default=50)
    args = ap.parse_args()
    from bench.generate import SAMPLE, large_return
    from forms.drafts.store import load_draft
    from forms.signing import keys
    from forms.workbook.export import export_signed
    tmp = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    keys.SCRYPT_N = 2**10       # the key's cost is not what is measured
    keys.generate_keyfile("DCSF", PASS, tmp / "k.key")
    key, info = keys.load_private_key(tmp / "k.key", PASS)
    export_signed(load_draft(SAMPLE), key, info, tmp / "sample.xlsx")
    cases = [("sample", tmp / "sample.xlsx")]
    for n in (1000, 2000, 4000):       # genuine returns growing: verify time should grow alike
        export_signed(large_return(n, n // 2), key, info, tmp / f"large{n}.xlsx")
        cases.append((f"large ({n:,} bldg, {n // 2:,} sav)", tmp / f"large{n}.xlsx"))
    cases += hostile(tmp / "sample.xlsx", tmp, args.max_mb)
    print(f"{'file':<34} {'MB':>5} {'cold s':>7} {'warm s':>7} {'bare s':>7} {'ratio':>6} "
          f"{'s/MB':>6} {'peak MB':>8}  verdict")
    for name, path in cases:
        v, b = run(path, "verify"), run(path, "bare")
        mb = path.stat().st_size / 1024 / 1024
        verdict = "OK" if v["ok"] else ("INVALID " if v["readable"] else "UNREADABLE ") + v["problem"]
        print(f"{name:<34} {mb:5.1f} {v['cold']:7.2f} {v['seconds']:7.2f} {b['seconds']:7.2f} "
              f"{v['seconds'] / max(b['seconds'], 1e-4):6.1f} {v['seconds'] / mb:6.2f} "
              f"{v['peak_mb']:8.0f}  {verdict[:80]}")


if __name__ == "__main__":
    main()
