"""Strip debugging symbols from the bundle's shared libraries, after the build (Linux).

Not PyInstaller's own strip: it also strips numpy's bundled OpenBLAS (in
numpy.libs, auditwheel's *.libs folders), whose relocated sections strip
damages, and numpy then fails to import. Here every *.libs folder is left
alone, and any file strip cannot handle is left as it was. Windows DLLs ship
without symbols (they are in .pdb files), so there is nothing to do there; on
macOS stripping would break the code signatures.

    python packaging/strip_bundle.py dist/BackOfficeReturn
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def candidates(folder: Path) -> list[Path]:
    """ELF shared libraries under _internal outside any *.libs folder, symlinks skipped."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_symlink() or not p.is_file():
            continue
        rel = p.relative_to(folder)
        if len(rel.parts) == 1:
            continue        # the executables: the bootloader is stripped, the archive is inside
        if any(part.endswith(".libs") for part in rel.parts[:-1]):
            continue
        with p.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        out.append(p)
    return out


def strip_bundle(folder: Path) -> tuple[int, int, int]:
    """(files stripped, bytes before, bytes after)."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return 0, 0, 0
    done = before = after = 0
    for p in candidates(folder):
        size = p.stat().st_size
        mode = p.stat().st_mode
        os.chmod(p, mode | 0o200)
        r = subprocess.run([strip, "--strip-unneeded", str(p)], capture_output=True)
        os.chmod(p, mode)
        if r.returncode == 0:
            done += 1
            before += size
            after += p.stat().st_size
    return done, before, after


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/BackOfficeReturn")
    if not target.is_dir():
        sys.exit(f"strip_bundle: {target} is not a folder; build the bundle first.")
    n, b, a = strip_bundle(target)
    print(f"Stripped {n} files: {b / 2**20:.1f} MiB -> {a / 2**20:.1f} MiB"
          if n else "Nothing to strip on this platform.")
