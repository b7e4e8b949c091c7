import json
import os
from decimal import Decimal

import pytest

from forms.drafts import atomic
from forms.drafts.store import load_draft, save_draft, to_json
from forms.schema.errors import NotAReturn
from forms.schema.model import SCHEMA_VERSION, Return
from forms.drafts.new_return import new_return
from project_paths import SAMPLE


def test_draft_round_trip_is_identical(sample, tmp_path):
    path = tmp_path / "d.json"
    save_draft(sample, path)
    again = load_draft(path)
    assert again == sample
    assert to_json(again) == to_json(sample)
    assert isinstance(again.spend.running_costs_gbp, Decimal)


def test_money_is_saved_as_exact_text_not_float(sample, tmp_path):
    sample.spend.running_costs_gbp = Decimal("251400000.10")
    path = tmp_path / "d.json"
    save_draft(sample, path)
    raw = json.loads(path.read_text())
    assert raw["spend"]["running_costs_gbp"] == "251400000.10"


def test_draft_carries_schema_version(sample, tmp_path):
    save_draft(sample, tmp_path / "d.json")
    assert json.loads((tmp_path / "d.json").read_text())["schema_version"] == SCHEMA_VERSION


def test_newer_draft_gives_clear_error(tmp_path):
    d = json.loads(to_json(Return()))
    d["schema_version"] = SCHEMA_VERSION + 1
    (tmp_path / "new.json").write_text(json.dumps(d))
    with pytest.raises(NotAReturn, match="newer version"):
        load_draft(tmp_path / "new.json")


@pytest.mark.parametrize("version", ["two", 0, -3, None])
def test_unknown_version_gives_clear_error(tmp_path, version):
    d = json.loads(to_json(Return()))
    d["schema_version"] = version
    (tmp_path / "x.json").write_text(json.dumps(d))
    with pytest.raises(NotAReturn, match="schema version"):
        load_draft(tmp_path / "x.json")


def test_version_1_draft_is_migrated(tmp_path):
    v1 = {"schema_version": 1,
          "envelope": {"organisation": "DWP", "financial_year": "2009-10"},
          "headcount": {"employees_fte": "1000", "contingent_fte": "12.5"},
          "spend": {"orc_gbp": "5000000"}}
    (tmp_path / "old.json").write_text(json.dumps(v1))
    ret = load_draft(tmp_path / "old.json")
    assert ret.schema_version == SCHEMA_VERSION
    assert ret.headcount.non_payroll_fte == Decimal("12.5")
    assert ret.spend.running_costs_gbp == Decimal("5000000")


@pytest.mark.parametrize("content,message", [
    (b"", "not valid JSON"),
    (b"\xff\xfe garbage", "not valid JSON"),
    (b"[1, 2, 3]", "not a Back Office Return"),
    (b'{"hello": "world"}', "not a Back Office Return"),
    (b'{"envelope": {"financial_year": "2009-11"}, "schema_version": 2}', "Financial year: '2009-11' is not a financial year"),
    (b'{"envelope": {}, "schema_version": 2, "spend": {"running_costs_gbp": "-5"}}', r"Spend › Organisational running costs \(ORC\): cannot be negative"),
    (b'{"envelope": {}, "schema_version": 2, "spend": {"running_costs_gbp": "NaN"}}', "'NaN' is not a number"),
    (b"[" * 100000, "not valid JSON"),
    # The envelope itself wrong: named, not "the draft".
    (b'{"envelope": 5, "schema_version": 2}', "\n  Return: must be a group of fields"),
])
def test_bad_drafts_give_one_clear_error(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    with pytest.raises(NotAReturn, match=message):
        load_draft(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(NotAReturn, match="does not exist"):
        load_draft(tmp_path / "nope.json")
    with pytest.raises(NotAReturn, match="folder"):
        load_draft(tmp_path)


def test_crash_half_way_through_save_keeps_the_old_draft(sample, tmp_path, monkeypatch):
    path = tmp_path / "d.json"
    save_draft(sample, path)
    before = path.read_bytes()

    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    changed = sample.model_copy(deep=True)
    changed.spend.running_costs_gbp = Decimal(1)
    with pytest.raises(OSError):
        save_draft(changed, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_draft(path) == sample
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"], "temporary file left behind"


def test_crash_before_rename_keeps_the_old_draft(sample, tmp_path, monkeypatch):
    path = tmp_path / "d.json"
    save_draft(sample, path)
    before = path.read_bytes()
    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("power cut")))
    with pytest.raises(OSError):
        save_draft(new_return("DWP", "2009-10"), path)
    assert path.read_bytes() == before


def test_saved_draft_is_readable_by_others_not_0600(sample, tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    old = os.umask(0o022)
    try:
        save_draft(sample, tmp_path / "d.json")
    finally:
        os.umask(old)
    assert (tmp_path / "d.json").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("pack", ["../evil.toml", "C:\\\\packs\\\\lenient.toml", "lenient.toml", "/tmp/x"])
def test_a_draft_cannot_point_its_checks_at_a_pack_file(tmp_path, pack):
    d = json.loads(to_json(Return()))
    d["envelope"]["rule_pack"] = pack
    (tmp_path / "d.json").write_text(json.dumps(d))
    with pytest.raises(NotAReturn, match="Rule pack: .* is not a rule pack id"):
        load_draft(tmp_path / "d.json")


def test_a_number_written_with_a_huge_exponent_is_refused_not_printed(tmp_path):
    # "0E-1000000000" is zero, but writing it out in full would never end.
    import json
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["headcount"]["employees_fte"] = "0E-1000000000"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(NotAReturn, match=r"Headcount › Employees \(FTE\): .*write it in full"):
        load_draft(path)


def test_an_integer_of_thousands_of_digits_is_not_a_draft(tmp_path):
    path = tmp_path / "long.json"
    path.write_text('{"envelope": {}, "schema_version": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(NotAReturn, match="not valid JSON"):
        load_draft(path)


def test_a_mistyped_check_in_the_field_descriptions_is_an_error_not_a_silent_gap():
    from forms.schema.fields import Form, text
    from forms.schema.model import model_for
    with pytest.raises(KeyError, match="unknown check 'yaer'"):
        model_for(Form("Odd", when=text("When", "", check="yaer")))


def test_a_new_return_refuses_a_year_typed_by_mistake():
    from datetime import date
    from validators.packs import check_new_year, first_year
    from forms.schema.errors import UserError
    assert first_year() == 2007               # the earliest baseline a commitment uses
    on = date(2026, 12, 3)                   # in financial year 2026-27
    for ok in ("2007-08", "2008-09", "2026-27", "2027-28"):
        check_new_year(ok, on)
    with pytest.raises(UserError, match="1999-00 is before 2007-08"):
        check_new_year("1999-00", on)
    with pytest.raises(UserError, match=r"more than a year ahead of this financial year \(2026-27\)"):
        check_new_year("2028-29", on)
    check_new_year("2027-28", date(2026, 4, 1))         # 1 April starts the year
    with pytest.raises(UserError, match=r"\(2025-26\)"):
        check_new_year("2027-28", date(2026, 3, 31))


def test_the_new_command_says_why_a_year_is_refused_and_writes_nothing(tmp_path, capsys):
    from forms.cli.main import main
    out = tmp_path / "r.json"
    assert main(["new", "--organisation", "DCSF", "--year", "1999-00", "-o", str(out)]) == 1
    assert "check the year" in capsys.readouterr().err and not out.exists()
