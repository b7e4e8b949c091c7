"""The licence texts of everything bundled, gathered into the bundle's docs/licences/.

Each installed distribution's own licence files (its dist-info), Python's
licence, and for Qt and PySide6 (whose wheels carry none) the LGPL v3 and the
GPL v3 it builds on, from packaging/licences/. Used by packaging/backoffice.spec.
"""
from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
# What the bundle holds (its runtime dependencies and theirs); missing ones are skipped.
DISTRIBUTIONS = ("PySide6-Essentials", "shiboken6", "pydantic", "pydantic-core",
                 "typing-extensions", "typing-inspection", "annotated-types", "openpyxl",
                 "et-xmlfile", "cryptography", "cffi", "pycparser", "defusedxml", "pandas",
                 "numpy", "python-dateutil", "six", "tzdata", "pyinstaller")
_LICENCE = re.compile(r"licen[cs]e|copying|notice|authors", re.I)


def licence_files(dist: str) -> list[tuple[Path, str]]:
    """(file, folder in the bundle) for one distribution's licence files."""
    try:
        d = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return []
    out = []
    for f in d.files or ():
        rel = str(f).replace("\\", "/")
        if ".dist-info/" in rel and _LICENCE.search(rel.split(".dist-info/", 1)[1]):
            inside = re.sub(r"^licen[cs]es/", "", rel.split(".dist-info/", 1)[1], flags=re.I)
            folder = "/".join(["docs/licences", d.metadata["Name"], *inside.split("/")[:-1]])
            out.append((Path(str(d.locate_file(f))), folder))
    return out


def licence_datas() -> list[tuple[str, str]]:
    """PyInstaller datas entries (source file, destination folder)."""
    out = [(str(src), folder) for dist in DISTRIBUTIONS for src, folder in licence_files(dist)]
    out += [(str(p), "docs/licences/Qt-and-PySide6") for p in sorted((HERE / "licences").glob("*.txt"))]
    python = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (python / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.exists():
            out.append((str(candidate), "docs/licences/Python"))
            break
    return out
