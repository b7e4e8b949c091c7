"""Messages in plain English: every problem of a draft listed by the program's labels, no
regular expressions, rows by table and ref, each number in its own field's unit."""
import json

import pytest

from forms.drafts.store import from_dict
from forms.schema.errors import NotAReturn
from forms.schema.wording import choice_label, plural
from project_paths import SAMPLE
from validators.engine import check


def test_plurals_and_labels():
    assert plural(1, "query") == "1 query" and plural(3, "query") == "3 queries"
    assert plural(0, "savings line") == "0 savings lines" and plural(2, "action") == "2 actions"
    assert [choice_label(c) for c in ("outturn", "leasehold", "on track", "PFI")] == \
        ["Outturn", "Leasehold", "On track", "PFI"]


def test_a_bad_draft_lists_every_problem_by_label_with_no_pattern():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["envelope"]["preparer"]["email"] = "bob"
    data["savings"][0]["planned_gbp"] = "-5"
    data["savings"][1]["status"] = "done"
    data["floor_space"]["buildings"][2]["nia_m2"] = "lots"
    with pytest.raises(NotAReturn) as e:
        from_dict(data, "d.json")
    text = str(e.value)
    assert text.startswith("d.json cannot be opened: 4 values are not valid.")
    assert "Preparer › Email: 'bob' is not an email address" in text
    assert "Savings line 1 › Planned: cannot be negative." in text
    assert "Savings line 2 › Status: 'done' is not one of the choices: Planned ('planned')" in text
    assert "Floor space › Building 3 › Office NIA: 'lots' is not a number." in text
    assert "^" not in text and "problem(s)" not in text and "savings.0" not in text


def test_a_choice_in_the_wrong_case_says_how_to_write_it():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["envelope"]["return_kind"] = "Outturn"
    with pytest.raises(NotAReturn, match="Return kind: 'Outturn' must be written 'outturn'"):
        from_dict(data, "d.json")


def test_a_headcount_is_people_and_fte_has_one_place(sample):
    from decimal import Decimal
    sample.headcount.employees_fte = Decimal("3000")
    [f] = [f for f in check(sample).findings if f.rule_id == "FTE-LE-HEADCOUNT"]
    assert "3,000.0 FTE" in f.message and "2,871 people" in f.message
    assert "FTE FTE" not in f.message


def test_a_crowded_building_is_named_and_its_unit_said_once(sample):
    from decimal import Decimal
    sample.floor_space.buildings[1].fte = Decimal("2700")
    [f] = [f for f in check(sample).findings if f.rule_id == "BUILDING-FTE-LE-DESKS-SPACE"]
    name = sample.floor_space.buildings[1].name
    assert f.message.startswith(f"Building {name} (row 2): 2,700.0 FTE based there")
    assert "FTE FTE" not in f.message


def test_pence_show_only_when_typed(sample):
    from decimal import Decimal
    sample.savings[2].delivered_gbp = Decimal("2650000.50")
    [f] = [f for f in check(sample).findings if f.rule_id == "DELIVERED-LE-PLANNED"]
    assert "delivered £2,650,000.50 is more than planned £2,400,000:" in f.message


def test_a_choice_is_shown_by_its_label_and_read_back_as_its_code():
    from forms.schema.entry import parse_entry, show_entry
    from forms.schema.model import Building, SavingsLine
    assert show_entry(Building, "tenure", "leasehold") == "Leasehold"
    assert parse_entry(Building, "tenure", "Leasehold") == "leasehold"
    assert show_entry(SavingsLine, "status", "on track") == "On track"
    assert parse_entry(SavingsLine, "status", show_entry(SavingsLine, "status", "on track")) == \
        "on track"
    assert show_entry(Building, "tenure", "PFI") == "PFI"
