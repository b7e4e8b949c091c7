"""The codebook lists every field from its one description, and docs/codebook.md is current."""
import csv
import io

from forms.cli.main import main
from forms.workbook.codebook import as_markdown, entries
from project_paths import ROOT

DOC = ROOT / "docs" / "codebook.md"


def test_the_markdown_copy_in_docs_is_current():
    assert DOC.read_text(encoding="utf-8") == as_markdown(), \
        "regenerate it: backoffice codebook > docs/codebook.md"


def test_every_field_with_its_label_unit_bounds_and_workbook_name(capsys):
    assert main(["codebook", "--format", "csv"]) == 0
    rows = {r["Field"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    fte = rows["headcount.function_fte.hr"]
    assert fte["Label"] == "HR" and fte["Unit"] == "FTE"
    assert fte["Workbook name"] == "headcount.function_fte.hr" and fte["Sheet"] == "Headcount"
    planned = rows["savings[*].planned_gbp"]
    assert planned["Workbook name"] == "savings.planned_gbp" and planned["Unit"] == "£"
    assert planned["Bounds"].startswith("0 to 10,000,000,000,000")
    status = rows["savings[*].status"]
    assert "On track (`on track`)" in status["Bounds"]
    assert set(rows) == {e.path for e in entries()}


def test_a_new_field_would_appear_without_touching_the_codebook():
    paths = {e.path for e in entries()}
    assert "floor_space.buildings[*].nia_m2" in paths and "spend.shared_services_pct" in paths
