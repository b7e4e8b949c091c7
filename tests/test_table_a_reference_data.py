"""The 2009 commitments the program prefills, against Table A's own wording."""
from decimal import Decimal as D

import pytest

from forms.drafts.new_return import new_return
from forms.schema.metrics import compute
from forms.schema.model import Building
from forms.schema.organisations import _commitments, commitments_for
from table_a import bare, table_a
from validators.engine import check
from validators.findings import MEETS, SHORT

ANNEX = table_a()


@pytest.mark.parametrize("code", sorted(_commitments()))
def test_every_action_is_table_a_word_for_word(code):
    entry = _commitments()[code]
    summary, items = ANNEX[entry["table_a_name"]]
    assert [bare(a["text"]) for a in entry["actions"]] == items
    assert " ".join(entry["summary"].split()) == summary


@pytest.mark.parametrize("code, cut, whole", [
    ("CLG", "rationalisatio", "drive greater estates rationalisation"),
    ("MoJ", "Londo", "moving posts out of London"),
    ("MoJ", "perio", "over the 3 year spending period")])
def test_texts_once_cut_mid_word_are_whole(code, cut, whole):
    texts = [a["text"] for a in _commitments()[code]["actions"]]
    assert any(bare(t).endswith(whole) for t in texts)
    assert not any(bare(t).endswith(cut) for t in texts)


# What each once-misfiled action is about, in Table A's words.
CATEGORIES = {
    ("HMRC", "HMRC will reduce costs in IT"): "ICT",
    ("HMT", "HMRC will reduce costs in IT"): "ICT",
    ("CLG", "On Estates"): "estates",
    ("CLG", "Initial work has suggested that £8 million per annum could be saved through "
            "a single IT system"): "ICT",
    ("MoJ", "Save around £65 million in Estates"): "estates",
    ("MoJ", "Having merged three separate ICT functions"): "ICT",
    ("MoJ", "Save approximately £68 million per annum through their 'Procurement Success'"):
        "procurement",
    ("DECC", "Control and reduce consultancy expenditure"): "procurement",
    ("DCMS", "Report progress on savings"): "other",
    ("DFID", "Drive greater value from procurement"): "procurement",
    ("FCO", "Aim to deliver £40 million in savings"): "other",
}


@pytest.mark.parametrize("code, start", sorted(CATEGORIES))
def test_an_action_is_filed_under_what_it_is_about(code, start):
    [action] = [a for a in _commitments()[code]["actions"] if a["text"].startswith(start)]
    assert action["category"] == CATEGORIES[(code, start)]


def test_only_actions_about_hr_are_filed_under_hr():
    for code, entry in _commitments().items():
        for a in entry["actions"]:
            if a["category"] == "HR":
                assert "HR" in a["text"], (code, a["text"])


def test_a_body_under_a_parent_gets_the_commitments_naming_it():
    ret = new_return("CPS", "2009-10")
    texts = [a.text for a in ret.action_plan.actions]
    _, items = ANNEX["Attorney General's Departments"]
    assert [bare(t) for t in texts] == items          # all four name CPS or the Crown Prosecution Service
    assert any("77:1 benchmark by 2013/14" in t for t in texts)
    assert any("0.7% of running costs" in t for t in texts)
    assert any("IT spend of CPS by 20% before March 2014" in t for t in texts)
    [merger] = ret.savings
    assert merger.planned_gbp == D("37000000") and merger.ref == "S1"
    assert ret.action_plan.actions[0].savings_refs == ["S1"]


def test_a_body_gets_only_the_actions_that_name_it():
    [dsa] = commitments_for("DSA")["actions"]
    assert dsa["text"].startswith("The Driving Standards Agency achieving 10% savings")
    [des] = commitments_for("DES")["actions"]
    assert "Defence Equipment and Support reductions from 27,500 to 20,000" in des["text"]
    assert commitments_for("SCHOOL") is None          # a kind of body, named by the officer


def _decc(desks: int, fte: str) -> object:
    ret = new_return("DECC", "2009-10")
    ret.floor_space.buildings = [Building(name="3 Whitehall Place", nia_m2=D(9000),
                                          workstations=D(desks), fte=D(fte))]
    return ret


def test_decc_desk_ratio_is_desks_per_person_and_exactly_072_meets():
    ret = _decc(720, "1000")
    assert compute(ret)["workstations_per_fte"] == D("0.72")
    [f] = [f for f in check(ret).findings if f.rule_id == "DECC-DESK-0.72"]
    assert f.status == MEETS
    assert f.message == ("There are 0.72 desks per FTE; DECC reduced its staff : desk ratio "
                         "to 0.72 desks per FTE (meets).")


def test_decc_desk_ratio_above_072_is_short():
    [f] = [f for f in check(_decc(900, "1000")).findings if f.rule_id == "DECC-DESK-0.72"]
    assert f.status == SHORT and "0.90 desks per FTE" in f.message


def test_decc_land_sale_is_an_asset_sale_kept_out_of_savings_totals():
    _, items = ANNEX["DECC"]
    assert any(i.startswith("Finalise the sale of some £450 million of surplus land") for i in items)
    ret = new_return("DECC", "2009-10")
    [sale] = [s for s in ret.savings if s.planned_gbp == D("450000000")]
    assert sale.category == "asset sale"
    m = compute(ret)
    assert m["savings_planned_gbp"] == D("20000000")
    assert m["asset_sales_gbp"] == D("450000000")


# Commitments no figure in the return measures (the audit's "text only"): reported by the officer.
REPORTED = {"BIS": ["e-procurement system in 2010"], "CO": ["FLEX IT", "13%", "16%"],
            "DCSF": ["Sheffield in 2010", "Darlington in 2012"],
            "DfT": ["Driving Standards Agency achieving 10% savings"], "HO": ["22% improvements"],
            "DSA": ["Driving Standards Agency achieving 10% savings"]}


@pytest.mark.parametrize("code", sorted(REPORTED))
def test_commitments_no_figure_measures_are_listed_for_a_status(code):
    ret = new_return(code, "2009-10")
    texts = " | ".join(c.commitment for c in ret.commitments)
    assert all(words in texts for words in REPORTED[code]), texts
    assert all(c.status == "" and c.due for c in ret.commitments)
    [entry] = {commitments_for(code)["table_a_name"]}
    summary, items = ANNEX[entry]
    table_a_text = summary + " " + " ".join(items)
    assert all(words in table_a_text for words in REPORTED[code])


def test_every_listed_commitment_needs_a_status_date_and_evidence():
    ret = new_return("HO", "2009-10")
    errors = [f for f in check(ret).errors if f.rule_id == "REQ-COMMITMENTS"]
    assert {f.paths[0] for f in errors} == {"commitments[0].status", "commitments[0].date",
                                            "commitments[0].evidence"}
    assert errors[0].message.startswith("Commitment 1: ")
    c = ret.commitments[0]
    c.status, c.date, c.evidence = "at risk", "2010-03-31", "Quarterly efficiency report"
    assert not [f for f in check(ret).errors if f.rule_id == "REQ-COMMITMENTS"]
