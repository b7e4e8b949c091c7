"""A return signed with a rule pack still verifies exactly after the pack is revised.

Returns are signed with their pack's SHA-256. A revision ships as a new version
with the old one kept in resources/rulepacks/archive/ and every release recorded
in resources/rulepacks/released.json; verify finds the version a return names by
its hash. The record keeps anyone from editing a released pack in place.
"""
import json
from importlib import resources

import pytest

from validators import packs
from forms.workbook.verify import verify_workbook
from workbook_fixtures import _signed_sample_master, fast_keys, key_file, signed  # noqa: F401

PACK = "smarter-government-2009"
EXTENDS = "smarter-government-2010"


def _released() -> list[dict]:
    text = resources.files("resources").joinpath("rulepacks", "released.json").read_text("utf-8")
    return json.loads(text)["released"]


def test_every_shipped_pack_is_a_recorded_release_unchanged_since():
    recorded = {(r["id"], r["version"]): r["sha256"] for r in _released()}
    assert len(recorded) == len(_released()), "a version is recorded twice"
    for pid in packs.shipped_packs():
        p = packs.load_pack(pid)
        assert (p.id, p.version) in recorded, (
            f"{pid} {p.version} is not in rulepacks/released.json: record it when releasing")
        assert recorded[(p.id, p.version)] == p.sha256, (
            f"{pid} {p.version} was edited after its release: bump its version, keep the "
            "released file in rulepacks/archive/ and record the new version")


def test_every_recorded_release_can_still_be_found_by_its_hash():
    for r in _released():
        found = packs.pack_by_hash(r["id"], r["sha256"])
        assert found is not None and found.version == r["version"], r


@pytest.fixture
def revised(monkeypatch):
    """The 2009 pack revised to 1.2.0 (one message reworded), its 1.1.0 archived or not."""
    old = packs._shipped_raw(PACK)
    new = old.replace(b'version = "1.1.0"', b'version = "1.2.0"', 1)
    new = new.replace(b"HR ratio is", b"The HR ratio is", 1)
    assert new.count(b"1.2.0") == 1 and b"The HR ratio is" in new
    real = packs._shipped_raw
    monkeypatch.setattr(packs, "_shipped_raw", lambda pid: new if pid == PACK else real(pid))
    archive: list[tuple[str, bytes]] = []
    monkeypatch.setattr(packs, "_archived", lambda: list(archive))
    caches = (packs.load_pack, packs.pack_by_hash, packs.versions)
    for cached in caches:
        cached.cache_clear()
    yield archive, old
    for cached in caches:
        cached.cache_clear()


def test_after_a_revision_the_archived_version_rechecks_the_return(signed, revised):
    archive, old = revised
    without = verify_workbook(signed)
    assert not without.ok
    assert any("signed against rule pack" in p for p in without.problems), without.problems
    archive.append((f"{PACK}-1.1.0.toml", old))
    packs.pack_by_hash.cache_clear()
    packs.versions.cache_clear()
    assert verify_workbook(signed).ok


def test_a_pack_built_on_a_revised_base_is_found_with_the_old_base(revised):
    """Revising 2009 changes the hash of the 2010 pack built on it: the 2010 return signed
    before names the old hash, found by building 2010 on the archived 2009."""
    archive, old = revised
    before = packs.parse_pack(packs._shipped_raw(EXTENDS), "2010",
                              packs.parse_pack(old, "old 2009"))
    assert packs.load_pack(EXTENDS).sha256 != before.sha256
    assert packs.pack_by_hash(EXTENDS, before.sha256) is None
    archive.append((f"{PACK}-1.1.0.toml", old))
    packs.pack_by_hash.cache_clear()
    packs.versions.cache_clear()
    found = packs.pack_by_hash(EXTENDS, before.sha256)
    assert found is not None and found.rules == before.rules


def test_a_damaged_archive_file_is_passed_over(revised):
    archive, old = revised
    archive += [(f"{PACK}-0.9.toml", b"not toml at all ["), (f"{PACK}-1.1.0.toml", old)]
    found = packs.pack_by_hash(PACK, packs.parse_pack(old, "old").sha256)
    assert found is not None and found.version == "1.1.0"


def test_a_signed_file_naming_its_pack_by_a_path_never_makes_verify_read_it(
        tmp_path, monkeypatch, key_file):
    """A sender who signs a payload whose pack "id" is a path (on Windows, a share:
    \\\\server\\x.toml, which would send the analyst's credentials) gets it refused."""
    from forms.drafts.store import load_draft
    from forms.workbook.export import export_return
    from project_paths import SAMPLE
    from workbook_fixtures import PASS
    bait = tmp_path / "bait.toml"
    raw = packs._shipped_raw(PACK).replace(f'id = "{PACK}"'.encode(),
                                           f'id = "{bait}"'.encode(), 1)
    bait.write_bytes(raw)
    hostile = packs.parse_pack(raw, "bait.toml")
    assert hostile.id == str(bait)
    export_return(load_draft(SAMPLE), key_file, PASS, tmp_path / "r.xlsx", pack=hostile)
    read = []
    real = packs.load_pack
    monkeypatch.setattr(packs, "load_pack", lambda p=PACK: read.append(p) or real(p))
    r = verify_workbook(tmp_path / "r.xlsx")
    assert not r.ok and any("is not available here" in p for p in r.problems), r.problems
    assert all(str(bait) not in str(p) for p in read), read
    from forms.consolidate.analysis import _pack_rules
    assert _pack_rules(str(bait)) == {} and all(str(bait) not in str(p) for p in read)
