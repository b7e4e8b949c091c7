"""docs/commitments.md names real rules, and every Table A commitment rule is in it."""
import re

from project_paths import ROOT
from validators.packs import load_pack
from validators.rulebook import group_of

DOC = (ROOT / "docs" / "commitments.md").read_text(encoding="utf-8")


def test_every_rule_the_document_names_is_in_the_pack():
    pack = {r.id for r in load_pack().rules}
    named = set(re.findall(r"`([A-Z][A-Z0-9.-]+-[A-Z0-9.-]+)`", DOC))
    assert named and named <= pack, named - pack


def test_every_commitment_rule_of_the_pack_is_in_the_document():
    for rule in load_pack().rules:
        if group_of(rule) == "commitment":
            assert f"`{rule.id}`" in DOC, rule.id


def test_the_document_has_every_commitment_of_the_audit():
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \|", DOC, re.M)]
    assert numbers == list(range(1, 48))
