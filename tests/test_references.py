"""What an action or a shortfall names must exist; the officer hears about it by name."""
from validators.engine import check
from validators.references import shortfalls_without_action


def blocking_ids(ret):
    return [f.rule_id for f in check(ret).blocking]


def test_an_action_linked_to_a_missing_savings_line_is_an_error(sample):
    assert blocking_ids(sample) == []
    sample.action_plan.actions[1].savings_refs = ["S1", "S42", "S43"]
    [f] = [f for f in check(sample).errors if f.rule_id == "ACTION-SAVINGS-EXIST"]
    assert f.message.startswith("Action 2: linked to savings lines S42 and S43, which are not "
                                "in the savings table")
    assert f.paths[0] == "action_plan.actions[1].savings_refs"


def test_refs_match_whatever_the_letter_case(sample):
    ref = sample.savings[0].ref
    sample.action_plan.actions[0].savings_refs = [ref.lower()]
    assert "ACTION-SAVINGS-EXIST" not in blocking_ids(sample)


def test_a_shortfall_naming_an_action_that_does_not_exist_is_an_error(sample):
    n = len(sample.action_plan.actions)
    sample.benchmark_actions = {"CMP-HR-RATIO": str(n + 1)}
    [f] = [f for f in check(sample).errors if f.rule_id == "SHORTFALL-ACTION-EXISTS"]
    assert f"addressed by action {n + 1}, but the action plan has {n} actions" in f.message
    sample.benchmark_actions = {"CMP-HR-RATIO": str(n)}
    assert "SHORTFALL-ACTION-EXISTS" not in blocking_ids(sample)


def test_short_benchmarks_without_an_action_are_listed(sample):
    sample.benchmark_actions = {"CMP-HR-RATIO": "1"}
    report = check(sample)
    short = {f.key for f in shortfalls_without_action(report, sample)}
    assert "CMP-HR-RATIO" not in short and "CMP-OFFICE-SPACE" in short
