"""SHA-256 of every file in the bundle, for allow-listing (AppLocker, WDAC, antivirus).

Written by `make bundle` beside the bundle folder, not inside it (a manifest
cannot list its own hash): dist/BackOfficeReturn.sha256, in the format
`sha256sum -c` and PowerShell's Get-FileHash both reproduce, paths relative to
the bundle folder with forward slashes, sorted.

    python packaging/manifest.py dist/BackOfficeReturn [-o FILE]   # write
    python packaging/manifest.py dist/BackOfficeReturn --check FILE   # verify a copy
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def entries(folder: Path) -> list[tuple[str, str]]:
    """(sha256, relative path) for every regular file, symlinks followed as files."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out.append((digest(p), p.relative_to(folder).as_posix()))
    return sorted(out, key=lambda e: e[1])


def manifest_text(folder: Path) -> str:
    return "".join(f"{h}  {rel}\n" for h, rel in entries(folder))


def check(folder: Path, manifest: Path) -> list[str]:
    """What differs between the folder and the manifest: changed, missing, unlisted files."""
    listed = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            h, rel = line.split("  ", 1)
            listed[rel] = h
    found = dict((rel, h) for h, rel in entries(folder))
    problems = [f"changed: {r}" for r in sorted(listed) if r in found and found[r] != listed[r]]
    problems += [f"missing: {r}" for r in sorted(listed) if r not in found]
    problems += [f"not in the manifest: {r}" for r in sorted(found) if r not in listed]
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="the bundle folder (dist/BackOfficeReturn)")
    ap.add_argument("-o", "--output", type=Path, help="manifest to write (default: FOLDER.sha256)")
    ap.add_argument("--check", type=Path, metavar="MANIFEST", help="verify FOLDER against it")
    a = ap.parse_args(argv)
    if not a.folder.is_dir():
        print(f"manifest: {a.folder} is not a folder; build the bundle first (make bundle).",
              file=sys.stderr)
        return 2
    if a.check:
        problems = check(a.folder, a.check)
        for p in problems:
            print(p)
        print(f"{a.folder}: " + ("matches the manifest." if not problems
                                 else f"{len(problems)} difference(s)."))
        return 1 if problems else 0
    out = a.output or a.folder.with_name(a.folder.name + ".sha256")
    text = manifest_text(a.folder)
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {out}: {text.count(chr(10)):,} files.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
