"""The Baselines table travels with the return: draft, workbook, import of last year."""
from decimal import Decimal as D

from forms.cli.main import main
from forms.drafts.store import from_dict, load_draft
from forms.schema.model import Baseline
from forms.workbook.layout import layout
from workbook_snapshot import export_fixed


def _payload(ret) -> dict:
    return {"submission": {}, "rule_pack": {"id": "p", "version": "1"}, "check": {"findings": []},
            "return": ret.model_dump(mode="json")}


def test_the_workbook_has_a_baselines_sheet_with_each_row(sample):
    sample.baselines = [Baseline(commitment="CO-LEGAL-35", measure="Legal (Cost by function), in £",
                                 year="2008-09", figure=D(3100000), source="2008-09 accounts")]
    sheets = {s.title: s for s in layout(_payload(sample))}
    sheet = sheets["Baselines"]
    values = {c.value for c in sheet.cells if c.data}
    assert {"CO-LEGAL-35", "2008-09", D(3100000), "2008-09 accounts"} <= values
    assert "baselines.figure" in sheet.names and list(sheets)[-1] == "Baselines"


def test_a_return_signed_before_the_baselines_table_lays_out_as_it_was_signed(sample):
    p = _payload(sample)
    del p["return"]["baselines"]
    assert "Baselines" not in [s.title for s in layout(p)]


def test_a_schema_2_draft_loads_with_no_baselines(sample):
    data = sample.model_dump(mode="json")
    data["schema_version"] = 2
    del data["baselines"]
    assert from_dict(data).baselines == []


def test_importing_last_years_signed_return_fills_this_years_baselines(tmp_path, monkeypatch,
                                                                      capsys):
    from bench.corpus import body_return
    last = body_return("CO", "2008-09", factor=D(1))
    signed = export_fixed(last, tmp_path / "co-2008-09.xlsx", monkeypatch)
    out = tmp_path / "co-2009-10.json"
    assert main(["import", str(signed), "-o", str(out), "--next-year"]) == 0
    assert "Baselines filled in from co-2008-09.xlsx: CO-LEGAL-35, CO-SPACE-2." in \
        capsys.readouterr().out
    legal = next(b for b in load_draft(out).baselines if b.commitment == "CO-LEGAL-35")
    assert (legal.year, legal.figure) == ("2008-09", last.spend.function_cost.legal)
    assert legal.source == "Signed return for 2008-09 (co-2008-09.xlsx)"


def test_a_new_return_from_the_command_line_lists_its_baselines(tmp_path, capsys):
    out = tmp_path / "dwp.json"
    assert main(["new", "--organisation", "DWP", "--year", "2009-10", "-o", str(out)]) == 0
    assert "Fill in 1 baseline in the Baselines table (Commitments page)" in capsys.readouterr().out
    [b] = load_draft(out).baselines
    assert (b.commitment, b.year, b.figure) == ("DWP-ICT-24", "2007-08", None)


def test_a_return_with_change_commitments_exports_and_verifies(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from bench.corpus import body_return
    from bench.generate import explain_queries
    from forms.workbook.verify import verify_workbook
    from validators.baselines import prefill
    ret = body_return("CO", "2009-10", factor=D(1))
    prefill(ret)
    for b in ret.baselines:
        b.figure, b.source = (D(3100000) if b.commitment == "CO-LEGAL-35" else D(15)), "Accounts"
    explain_queries(ret)
    signed = export_fixed(ret, tmp_path / "co.xlsx", monkeypatch)
    assert verify_workbook(signed).ok
    ws = load_workbook(signed)["Benchmarks"]
    rows = {r[9]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    legal = rows["CO-LEGAL-35"]
    # Layout 3: a percentage held as its fraction under a "0%" format, the unit not said twice.
    assert legal[3] is None and legal[4] == -0.35 and legal[7] in ("meets", "within 10 %", "short")
    assert legal[10].startswith("Legal spend is down")
    # Layout 4: a cut of 13.7 % against a committed cut of 35 % is 39.2 % of the way.
    assert legal[2] == -0.137 and legal[5] == 0.392


def test_the_workbook_has_a_commitments_sheet_with_the_officers_status(sample):
    from forms.schema.model import Commitment
    sample.commitments = [Commitment(commitment="Move to a smaller building in Sheffield in 2010",
                                     due="2010", status="met", date="2010-03-31",
                                     evidence="Lease surrendered")]
    sheet = {s.title: s for s in layout(_payload(sample))}["Commitments"]
    values = {c.value for c in sheet.cells if c.data}
    assert {"Met", "2010-03-31", "Lease surrendered"} <= values       # the choice's label
    assert "commitments.status" in sheet.names
