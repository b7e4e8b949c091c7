"""A real spreadsheet program opens the workbook cleanly, and its unchanged re-save still verifies.

Runs LibreOffice Calc headless (each call with its own throw-away profile and
a timeout). Skips, saying so, where soffice is not installed.
"""
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forms.drafts.store import load_draft
from forms.workbook.verify import verify_workbook
from forms.workbook.export import export_return
from workbook_fixtures import SAMPLE, FAST_N, PASS, edit_cell

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH; "
                                "install libreoffice-calc-nogui to run the real-client tests")
AWKWARD = "=SUM(A1:A9) then +44 and -5 % @home #N/A — naïve “quotes”\nline two 😀"


def soffice_convert(files: list[Path], fmt: str, out: Path, profile: Path) -> None:
    out.mkdir(exist_ok=True)
    r = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--norestore", "--nolockcheck", "--convert-to", fmt, "--outdir", str(out),
                        *map(str, files)], capture_output=True, text=True, timeout=240)
    missing = [f.name for f in files if not (out / f.with_suffix("." + fmt.split(":")[0]).name).exists()]
    assert not missing, f"soffice did not convert {missing}: {r.stdout} {r.stderr}"


@pytest.fixture(scope="module")
def through_libreoffice(tmp_path_factory):
    """Our exports, and the same files opened and saved again by LibreOffice Calc."""
    from forms.signing import keys
    folder = tmp_path_factory.mktemp("lo")
    old, keys.SCRYPT_N = keys.SCRYPT_N, FAST_N
    try:
        keys.generate_keyfile("DCSF", PASS, folder / "k.key")
    finally:
        keys.SCRYPT_N = old
    sample = folder / "sample.xlsx"
    export_return(load_draft(SAMPLE), folder / "k.key", PASS, sample)
    ret = load_draft(SAMPLE)
    ret.savings[0].description = AWKWARD
    ret.action_plan.actions[1].text = "-" * 3 + " dashes first"
    awkward = folder / "awkward.xlsx"
    export_return(ret, folder / "k.key", PASS, awkward)
    out = folder / "resaved"
    soffice_convert([sample, awkward], 'xlsx:Calc MS Excel 2007 XML', out, folder / "profile")
    return {"sample": sample, "awkward": awkward,
            "sample_lo": out / "sample.xlsx", "awkward_lo": out / "awkward.xlsx"}


def test_sheet_names_and_values_come_through_libreoffice(through_libreoffice):
    wb = load_workbook(through_libreoffice["sample_lo"])
    assert wb.sheetnames == ["Cover", "Headcount", "Floor space", "Spend", "Savings", "Checks",
                             "Benchmarks", "Action plan", "Commitments", "Baselines", "Signature"]
    assert wb["Cover"]["B4"].value == "DCSF"
    assert wb["Headcount"]["B4"].value == 2871
    assert [wb["Floor space"].cell(r, 5).value for r in range(4, 8)] == [17450, 5230, 9870, 4120]
    assert wb["Spend"]["B4"].value == 251400000
    assert "short" in [c.value for c in wb["Benchmarks"]["G"]]
    assert wb["Signature"].sheet_state in ("hidden", "veryHidden")   # LibreOffice: hidden
    dest = list(wb.defined_names["spend.running_costs_gbp"].destinations)
    assert dest == [("Spend", "$B$4")]


def test_an_unchanged_libreoffice_resave_still_verifies(through_libreoffice):
    for name in ("sample_lo", "awkward_lo"):
        r = verify_workbook(through_libreoffice[name])
        assert r.ok, (name, r.problems)


def test_formula_like_text_stays_text_in_libreoffice(through_libreoffice):
    wb = load_workbook(through_libreoffice["awkward_lo"])
    cell = wb["Savings"]["D4"]
    assert cell.value == AWKWARD and cell.data_type == "s"


def test_a_value_changed_after_the_libreoffice_resave_is_caught(through_libreoffice, tmp_path):
    changed = edit_cell(through_libreoffice["sample_lo"], "Savings", "G5", 1200000,
                        out=tmp_path / "changed.xlsx")
    r = verify_workbook(changed)
    assert not r.ok
    assert r.problems == ["Savings!G5 (Planned, line 2): signed 1150000 → found 1200000"]


def test_tables_totals_and_the_chart_survive_a_libreoffice_resave(through_libreoffice):
    # LibreOffice drops the table style and the totals functions (keeping the totals
    # formulas in the cells) and widens the filter over the totals row: all accepted.
    import zipfile
    wb = load_workbook(through_libreoffice["sample_lo"])
    assert dict(wb["Floor space"].tables.items()) == {"Buildings": "A3:H8"}
    assert list(wb["Savings"].tables) == ["SavingsLines"]
    assert list(wb["Action plan"].tables) == ["Actions"]
    assert wb["Floor space"]["E8"].value == "=SUBTOTAL(109,Buildings[Office NIA (m²)])"
    with zipfile.ZipFile(through_libreoffice["sample_lo"]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        assert "Benchmarks!$C$4:$C$8" in z.read(charts[0]).decode()


def test_a_total_changed_after_the_libreoffice_resave_is_caught(through_libreoffice, tmp_path):
    import zipfile
    from workbook_fixtures import rewrite_zip
    src = through_libreoffice["sample_lo"]
    with zipfile.ZipFile(src) as z:
        [member] = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")
                    and b"Buildings[Office NIA" in z.read(n)]
    out = rewrite_zip(src, tmp_path / "total.xlsx", lambda n, d: d.replace(
        b"<v>36670</v>", b"<v>3667</v>") if n == member else d)
    r = verify_workbook(out)
    assert not r.ok
    assert any("Floor space!E8" in p and "shows 3667 " in p for p in r.problems), r.problems
