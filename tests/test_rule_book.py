"""Rule packs a policy person can review: the rule book, the diff, the second year's pack."""
import json

import pytest

from forms.cli.main import main
from forms.drafts.new_return import new_return
from forms.drafts.next_year import next_year
from forms.schema.organisations import pack_for_year
from project_paths import ROOT
from validators import rulebook
from validators.engine import check
from validators.packs import RulePackError, load_pack, parse_pack, shipped_packs

PACKS = ("smarter-government-2009", "smarter-government-2010")


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_rule_book_in_docs_is_current(pack_id):
    doc = ROOT / "docs" / f"rules-{pack_id}.md"
    assert doc.read_text(encoding="utf-8") == rulebook.as_markdown(load_pack(pack_id)), \
        f"regenerate it: backoffice rules --pack {pack_id} > docs/rules-{pack_id}.md"


def test_every_rule_in_plain_english_grouped(capsys):
    assert main(["rules", "--format", "json"]) == 0
    book = json.loads(capsys.readouterr().out)
    rules = {r["id"]: r for r in book["rules"]}
    assert set(rules) == {r.id for r in load_pack().rules}
    assert all(r["checks"] and r["message"] and r["severity"] for r in rules.values())
    assert {r["group"] for r in rules.values()} == set(rulebook.GROUPS)
    assert rules["CMP-HR-RATIO"]["group"] == "comparator"
    assert rules["CLG-HR-65"]["group"] == "commitment" and rules["CLG-HR-65"]["for"] == "CLG"
    assert rules["CLG-HR-77"]["when"] == "from 2011-12"
    assert rules["CO-LEGAL-35"]["checks"].startswith(
        "Legal (Cost by function) against its 2008-09 baseline on the Baselines page")
    assert rules["FTE-LE-HEADCOUNT"]["group"] == "consistency"
    assert rules["PLAUS-HR-RATIO"]["group"] == "plausibility"
    assert rules["PLAUS-HR-RATIO"]["checks"] == "Employees per HR FTE is at least 10 : 1 and at most 300 : 1."


def test_the_markdown_rule_book_has_a_table_per_group(capsys):
    assert main(["rules", "--pack", "smarter-government-2010"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Rule book: Smarter Government back-office benchmarks, 2010-11")
    for title in rulebook.GROUP_TITLES.values():
        assert f"## {title}" in out
    assert "| **CLG-HR-65**<br>CLG interim HR ratio 65 : 1, due this year |" in out


def test_the_diff_between_the_two_years(capsys):
    assert main(["rules", "--diff", *PACKS]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "From smarter-government-2009 1.1.0 to smarter-government-2010 1.0.0:"
    assert any(line.startswith("- CO-HR-44 removed (commitment)") for line in out)
    assert "~ CLG-HR-65 when: until 2010-11; due 2010-11 → 2010-11 only; due 2010-11" in out
    assert not any("CMP-HR-RATIO" in line for line in out)      # same comparators
    assert main(["rules", "--diff", PACKS[0], PACKS[0]]) == 0
    assert "no rule changed." in capsys.readouterr().out


def test_an_unknown_pack_is_refused_in_one_line(capsys):
    assert main(["rules", "--pack", "smarter-government-1999"]) == 1
    assert "No rule pack 'smarter-government-1999'" in capsys.readouterr().err


def test_the_second_years_pack_keeps_the_comparators_and_states_what_falls_due():
    old, new = (load_pack(p) for p in PACKS)
    comparators = [r.id for r in old.rules if rulebook.group_of(r) == "comparator"]
    assert [r.id for r in new.rules if rulebook.group_of(r) == "comparator"] == comparators
    assert {r.id for r in old.rules} - {r.id for r in new.rules} == {"CO-HR-44"}
    clg = new.rule("CLG-HR-65")
    assert (clg.spec.from_year, clg.spec.until_year, clg.spec.due) == ("2010-11",) * 3
    assert new.sha256 != old.sha256 and set(PACKS) <= set(shipped_packs())


def test_the_year_chooses_the_pack():
    assert pack_for_year("2009-10") == "smarter-government-2009"
    assert pack_for_year("2010-11") == "smarter-government-2010"
    assert pack_for_year("2012-13") == "smarter-government-2010"     # the latest before
    assert pack_for_year("2007-08") == "smarter-government-2009"
    clg = new_return("CLG", "2010-11")
    assert clg.envelope.rule_pack == "smarter-government-2010"
    clg.headcount.employees_fte, clg.headcount.function_fte.hr = 1300, 20
    report = check(clg)
    assert report.pack_id == "smarter-government-2010"
    [f] = [f for f in report.benchmarks if f.rule_id == "CLG-HR-65"]
    assert "falls due at the end of this year, 2010-11" in f.message
    assert next_year(new_return("CLG", "2009-10")).envelope.rule_pack == "smarter-government-2010"


def test_a_pack_naming_a_base_it_cannot_have_is_refused():
    raw = b'[pack]\nid = "x"\nversion = "1"\nextends = "nope"\n'
    with pytest.raises(RulePackError, match="extends 'nope', which is not another shipped pack"):
        parse_pack(raw, "x.toml")
    raw = b'[pack]\nid = "x"\nversion = "1"\nextends = "smarter-government-2009"\nremove = ["NO-SUCH"]\n'
    with pytest.raises(RulePackError, match="removes rule NO-SUCH"):
        parse_pack(raw, "x.toml")
