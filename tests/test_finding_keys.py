"""Issue 10 §2: a finding's key counts rows from 1, as its message does ("RULE@savings#3" is
"Savings line S3 (row 3)"). Drafts and workbooks of schema 3 and before, keyed from 0
("RULE@savings[2]"), keep their explanations: drafts migrate, `explain` takes the old form,
workbooks signed then still verify and import under the new keys."""
import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path

from hypothesis import given, strategies as st

from forms.cli.main import main
from forms.drafts.store import load_draft, read_draft, save_draft
from forms.schema.finding_keys import finding_key, from_schema_3, renumber_rows
from validators.engine import check
from workbook_fixtures import SAMPLE

# Exported by the program before this change (commit 8d74ec9) from the sample, with the
# fixed key of tests/workbook_snapshot.py: its payload keys rows from 0.
OLD_WORKBOOK = Path(__file__).parent / "golden" / "signed-by-0.x-schema-3.xlsx"
NEW_KEY, OLD_KEY = "DELIVERED-LE-PLANNED@savings#3", "DELIVERED-LE-PLANNED@savings[2]"
ROW_IN_MESSAGE = re.compile(r"^(?:\w[\w ]*?)(?: .*?)? \(row (\d+)\):|^Action (\d+):")


def _schema_3_sample() -> dict:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["schema_version"] = 3
    [text] = data["explanations"].values()         # the sample's one explanation, on row 3
    data["explanations"] = {OLD_KEY: text}
    return data


def test_every_finding_on_a_row_is_keyed_by_the_row_number_its_message_shows():
    ret = load_draft(SAMPLE)
    ret.savings[0].delivered_gbp = ret.savings[0].planned_gbp * 2      # a query on row 1
    ret.floor_space.buildings[1].name = ""                              # an error on row 2
    ret.action_plan.actions[1].savings_refs = ["NO-SUCH"]               # an error on Action 2
    on_rows = 0
    for f in check(ret).findings:
        assert "[" not in f.key, f.key
        m = ROW_IN_MESSAGE.match(f.message)
        if m:
            on_rows += 1
            assert re.search(rf"#{m.group(1) or m.group(2)}(\.|$)", f.key), (f.message, f.key)
    assert on_rows >= 4
    keys = {f.key for f in check(ret).findings}
    assert {"DELIVERED-LE-PLANNED@savings#1", NEW_KEY,
            "ACTION-SAVINGS-EXIST@action_plan.actions#2"} <= keys


def test_a_schema_3_drafts_explanations_move_to_the_new_keys_in_order(tmp_path, capsys):
    data = _schema_3_sample()
    data["explanations"] = {"CMP-HR-RATIO": "first", OLD_KEY: "on row 3",
                            "REQ-BUILDING@floor_space.buildings[0].name": "row 1"}
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    ret = load_draft(old)
    assert list(ret.explanations.items()) == [
        ("CMP-HR-RATIO", "first"), (NEW_KEY, "on row 3"),
        ("REQ-BUILDING@floor_space.buildings#1.name", "row 1")]
    assert check(ret).explained(next(f for f in check(ret).queries if f.key == NEW_KEY))
    assert read_draft(old)["schema_version"] == 4
    old.write_text(json.dumps(_schema_3_sample()), encoding="utf-8")
    assert main(["validate", str(old)]) == 0                 # its query is still explained
    assert f"key {NEW_KEY}" in capsys.readouterr().out


def test_explain_takes_a_key_as_earlier_versions_printed_it_and_says_the_new_one(tmp_path,
                                                                              capsys):
    ret = load_draft(SAMPLE)
    ret.explanations.clear()
    draft = tmp_path / "d.json"
    save_draft(ret, draft)
    assert main(["explain", str(draft), OLD_KEY, "Renewed at a lower price."]) == 0
    out = capsys.readouterr().out
    assert f"{OLD_KEY} is a key as earlier versions wrote it" in out
    assert f"it is {NEW_KEY} now: Savings line S3 (row 3)" in out
    assert load_draft(draft).explanations == {NEW_KEY: "Renewed at a lower price."}


def test_explain_under_a_row_no_finding_is_on_is_refused_listing_the_keys(tmp_path, capsys):
    draft = tmp_path / "d.json"
    shutil.copy(SAMPLE, draft)
    before = draft.read_bytes()
    assert main(["explain", str(draft), "DELIVERED-LE-PLANNED@savings#2", "why"]) == 1
    err = capsys.readouterr().err
    assert "No finding of this return has the key 'DELIVERED-LE-PLANNED@savings#2'" in err
    assert f"Queries to explain: {NEW_KEY}." in err
    assert draft.read_bytes() == before


def test_a_workbook_signed_with_keys_from_0_still_verifies():
    from forms.workbook.verify import verify_workbook
    r = verify_workbook(OLD_WORKBOOK)
    assert r.ok, r.problems


def test_old_keys_are_read_as_old_only_in_a_return_signed_as_schema_3():
    """The version decides, not the look of a key: the same findings under a return
    claiming schema 4 do not match the recomputed ones."""
    from forms.workbook.strict import open_strict
    from forms.workbook.verify import compare_findings, open_signed
    with open_strict(OLD_WORKBOOK) as gw:
        payload = open_signed(gw)[2]
    assert payload["check"]["findings"][0]["key"] == OLD_KEY          # as signed
    assert compare_findings(payload) == []
    assert payload["return"]["schema_version"] == 3, "verifying left the payload as signed"
    payload["return"]["schema_version"] = 4
    assert any(OLD_KEY in p for p in compare_findings(payload))


def test_importing_a_workbook_signed_with_keys_from_0_gives_a_draft_with_the_new_keys(
        tmp_path, capsys):
    draft = tmp_path / "d.json"
    assert main(["import", str(OLD_WORKBOOK), "-o", str(draft)]) == 0
    ret = load_draft(draft)
    assert list(ret.explanations) == [NEW_KEY]
    assert json.loads(draft.read_text())["schema_version"] == 4
    capsys.readouterr()
    assert main(["validate", str(draft)]) == 0
    assert main(["validate", str(OLD_WORKBOOK)]) == 0        # read straight from the workbook


def test_consolidation_counts_an_old_workbooks_explained_query():
    from forms.consolidate.rows import row_of
    from forms.workbook.strict import open_strict
    from forms.workbook.verify import open_signed
    with open_strict(OLD_WORKBOOK) as gw:
        payload = open_signed(gw)[2]
    row = row_of(payload)
    assert (row["queries"], row["queries_explained"]) == (1, 1)


def test_from_schema_3_changes_only_row_indexes():
    assert from_schema_3(OLD_KEY) == NEW_KEY
    assert from_schema_3("R@floor_space.buildings[0].name") == "R@floor_space.buildings#1.name"
    for same in ("CMP-HR-RATIO", NEW_KEY, "YOY-SAME@headcount.employees_fte", "B@baseline"):
        assert from_schema_3(same) == same


@given(rows=st.integers(1, 30), data=st.data())
def test_a_key_follows_its_row_through_any_removal_or_reordering(rows, data):
    order = data.draw(st.permutations(range(rows)))
    kept = data.draw(st.integers(0, rows))
    new_index = {old: None for old in range(rows)}
    new_index.update({old: now for now, old in enumerate(order[:kept])})
    keyed = {finding_key("R", f"savings[{i}]"): f"row {i + 1}" for i in range(rows)}
    out = renumber_rows(keyed, "savings", new_index)
    assert out == {finding_key("R", f"savings[{now}]"): f"row {old + 1}"
                   for old, now in new_index.items() if now is not None}
    assert all(D(k.rpartition("#")[2]) >= 1 for k in out)


def test_a_return_signed_with_old_keys_and_signed_again_now_changed_no_finding(tmp_path,
                                                                              monkeypatch):
    from forms.consolidate.tables import changes_between
    from forms.workbook.strict import open_strict
    from forms.workbook.verify import open_signed
    from workbook_snapshot import export_fixed
    again = export_fixed(load_draft(SAMPLE), tmp_path / "again.xlsx", monkeypatch)
    payloads = []
    for path in (OLD_WORKBOOK, again):
        with open_strict(path) as gw:
            payloads.append(open_signed(gw)[2])
    assert payloads[0]["check"] != payloads[1]["check"]          # the keys as signed differ
    assert changes_between(*payloads) == []
    payloads[1]["check"]["findings"][0]["explanation"] = "Changed."     # a real change shows
    assert changes_between(*payloads) == [
        "Checks!E4 (Officer's explanation, finding 1): "
        f"{payloads[0]['check']['findings'][0]['explanation']!r} → 'Changed.'"]


def test_an_explanation_matching_no_finding_is_reported_and_explain_can_remove_it(tmp_path,
                                                                                   capsys):
    ret = load_draft(SAMPLE)
    ret.explanations["DELIVERED-LE-PLANNED@savings#2"] = "typed for the wrong row"
    draft = tmp_path / "d.json"
    save_draft(ret, draft)
    main(["validate", str(draft)])
    out = capsys.readouterr().out
    assert ("1 explanation matches no finding (its query has gone, or the key is mistyped): "
            "DELIVERED-LE-PLANNED@savings#2. Remove one with: backoffice explain") in out
    assert main(["explain", str(draft), "DELIVERED-LE-PLANNED@savings#2", ""]) == 0
    assert "which matched no finding" in capsys.readouterr().out
    assert list(load_draft(draft).explanations) == [NEW_KEY]
    assert main(["explain", str(draft), "DELIVERED-LE-PLANNED@savings#2", "again"]) == 1
