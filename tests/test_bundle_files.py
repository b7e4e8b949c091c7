"""The bundle's version resource, icon, SHA-256 manifest and post-build strip
(packaging/), tested without building: CI builds and checks the real bundle."""
import hashlib
import importlib.util
import os
import struct
import sys

import pytest

from project_paths import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_version_resource_names_company_product_version_and_description():
    v = _load("version_info")
    from forms.schema.version import VERSION
    assert v.numeric("0.1.0") == (0, 1, 0, 0)
    assert v.numeric("1.2.3.4.5") == (1, 2, 3, 4)
    assert v.numeric("2.0rc1") == (2, 0, 1, 0)
    for exe in ("BackOfficeReturn", "backoffice"):
        f = v.fields(exe, VERSION)
        assert f["CompanyName"] == "HM Treasury" and f["ProductName"] == "Back Office Return"
        assert f["FileVersion"] == f["ProductVersion"] == VERSION
        assert f["OriginalFilename"] == f"{exe}.exe" and f["FileDescription"]
        text = v.version_file(exe, VERSION)
        # It is the Python expression PyInstaller evaluates: check it evaluates.
        names = ("VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct "
                 "VarFileInfo VarStruct").split()
        seen = []
        ns = {n: (lambda n: lambda *a, **k: seen.append((n, a, k)) or n)(n) for n in names}
        eval(text, ns)   # noqa: S307 - our own generated text
        strings = {a[0]: a[1] for n, a, _ in seen if n == "StringStruct"}
        assert strings == f


def test_the_committed_icon_holds_every_size_as_png():
    icon = (ROOT / "resources" / "icons" / "backoffice.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", icon[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    sizes = set()
    for i in range(count):
        w, h, _c, _r, _planes, _bits, size, offset = struct.unpack(
            "<BBBBHHII", icon[6 + 16 * i: 22 + 16 * i])
        assert icon[offset: offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size <= len(icon)
        sizes.add(w or 256)
    assert {16, 32, 48, 256} <= sizes


def test_ico_bytes_lays_out_the_directory():
    mk = _load("make_icon")
    data = mk.ico_bytes({16: b"A" * 10, 256: b"B" * 20})
    assert struct.unpack("<HHH", data[:6]) == (0, 1, 2)
    first = struct.unpack("<BBBBHHII", data[6:22])
    second = struct.unpack("<BBBBHHII", data[22:38])
    assert first[0] == 16 and first[6:] == (10, 38)
    assert second[0] == 0 and second[6:] == (20, 48)       # 0 means 256
    assert data[38:48] == b"A" * 10 and data[48:] == b"B" * 20


def test_the_manifest_lists_every_file_and_finds_any_change(tmp_path):
    m = _load("manifest")
    b = tmp_path / "BackOfficeReturn"
    (b / "_internal" / "PySide6").mkdir(parents=True)
    (b / "backoffice").write_bytes(b"exe")
    (b / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"qt")
    text = m.manifest_text(b)
    assert text == (f"{hashlib.sha256(b'qt').hexdigest()}  _internal/PySide6/Qt6Core.dll\n"
                    f"{hashlib.sha256(b'exe').hexdigest()}  backoffice\n")
    assert m.main([str(b)]) == 0
    listed = tmp_path / "BackOfficeReturn.sha256"
    assert listed.read_text() == text
    assert m.check(b, listed) == []
    (b / "backoffice").write_bytes(b"changed")
    (b / "extra.dll").write_bytes(b"x")
    (b / "_internal" / "PySide6" / "Qt6Core.dll").unlink()
    assert m.check(b, listed) == ["changed: backoffice", "missing: _internal/PySide6/Qt6Core.dll",
                                  "not in the manifest: extra.dll"]
    assert m.main([str(b), "--check", str(listed)]) == 1


def test_a_missing_bundle_folder_is_one_line(tmp_path, capsys):
    m = _load("manifest")
    assert m.main([str(tmp_path / "nothing")]) == 2
    assert "make bundle" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files: Linux only")
def test_strip_leaves_numpy_libs_and_the_executables_alone(tmp_path):
    s = _load("strip_bundle")
    elf = b"\x7fELF" + b"\0" * 60
    for rel in ("backoffice", "_internal/libpython3.11.so.1.0", "_internal/numpy.libs/openblas.so",
                "_internal/PySide6/Qt/lib/libQt6Core.so.6", "_internal/resources/a.json"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(elf if not rel.endswith(".json") else b"{}")
    os.symlink("PySide6/Qt/lib/libQt6Core.so.6", tmp_path / "_internal" / "libQt6Core.so.6")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in s.candidates(tmp_path))
    assert found == ["_internal/PySide6/Qt/lib/libQt6Core.so.6", "_internal/libpython3.11.so.1.0"]
