"""The Windows version resource of both executables (Explorer › Properties › Details).

IT teams allow-list by publisher, product and version as well as by hash: these
are the fields they read. The version comes from forms.schema.version, the one
place it is written. fields() is plain data; version_file() the text PyInstaller reads
(en-GB, Unicode), written by the spec into the build folder.
"""
from __future__ import annotations

import re

COMPANY = "HM Treasury"
PRODUCT = "Back Office Return"
COPYRIGHT = "Crown copyright; Open Government Licence v3.0"
DESCRIPTIONS = {
    "BackOfficeReturn": "Back Office Return: fill in, check and sign the back-office benchmarking return",
    "backoffice": "Back Office Return command line (validate, export, verify, consolidate, self-test)",
}


def numeric(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0): the four numbers a version resource holds."""
    nums = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return tuple(nums + [0] * (4 - len(nums)))  # type: ignore[return-value]


def fields(name: str, version: str) -> dict[str, str]:
    return {"CompanyName": COMPANY, "FileDescription": DESCRIPTIONS[name],
            "FileVersion": version, "InternalName": name, "LegalCopyright": COPYRIGHT,
            "OriginalFilename": f"{name}.exe", "ProductName": PRODUCT, "ProductVersion": version}


def version_file(name: str, version: str) -> str:
    """PyInstaller's version-file text (a VSVersionInfo expression), read by EXE(version=...).

    Text rather than PyInstaller's objects: building those needs pefile, which
    PyInstaller installs on Windows only, and the file is then used only there."""
    n = numeric(version)
    strings = ",\n          ".join(f"StringStruct({k!r}, {v!r})"
                                   for k, v in fields(name, version).items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={n}, prodvers={n}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
          {strings}])]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])])
  ]
)
"""
