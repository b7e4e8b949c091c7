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
    assert "short" in [c.value for c in wb["Benchmarks"]["H"]]
    assert wb["Benchmarks"]["F4"].value == pytest.approx(0.714)    # 55 : 1 against 77 : 1
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
    assert r.problems == ["Savings!G5 (Planned, line 2): signed 1,150,000 → found 1,200,000"]


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
        chart = z.read(charts[0]).decode()
        assert "Benchmarks!$F$4:$F$8" in chart and '<c:max val="1.25"/>' in chart


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


# --- issue 10 §3: the pages LibreOffice prints ---------------------------------------

PDFTOTEXT = shutil.which("pdftotext")
BODY_AT_100 = 14.3     # a word's box height, in points, of 11-point text printed at 100 %


def _word_heights(pdf: Path) -> list[list[float]]:
    """Per page, the height of every word's box (pdftotext -bbox)."""
    import re
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([float(b) - float(a) for a, b in
                      re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)])
    return pages


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_sample_and_a_large_return_print_legibly_through_libreoffice(tmp_path):
    import zipfile
    from bench.generate import large_return
    from workbook_snapshot import export_fixed
    with pytest.MonkeyPatch.context() as mp:
        sample = export_fixed(load_draft(SAMPLE), tmp_path / "sample.xlsx", mp)
        large = export_fixed(large_return(), tmp_path / "large.xlsx", mp)
    soffice_convert([sample, large], "pdf", tmp_path / "pdf", tmp_path / "profile")
    for name, book in (("sample", sample), ("large", large)):
        with zipfile.ZipFile(book) as z:
            savings = z.read("xl/worksheets/sheet5.xml").decode()
        assert 'customHeight="1"' in savings and 'paperSize="9"' in savings     # set, A4
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                              text=True, timeout=120, check=True).stdout
        pages = text.split("\f")[:-1]
        assert all("Submission 00000000-0000-4000-8000-000000000000" in p and
                   "DCSF Department for Children, Schools and Families, 2009-10 Outturn" in p
                   for p in pages), name
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
        smallest = min(min(h) for h in _word_heights(pdf) if h)
        assert smallest >= BODY_AT_100 * 0.7 - 0.1, (name, smallest)      # 70 % or more
        if name == "sample":      # figures as entered: whole pounds, a percentage, an area
            assert "£251,400,000" in text and "35.0%" in text and "17,450 " in text
    assert len(pages) > 100           # the large return: its tables run over many pages
