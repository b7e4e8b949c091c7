"""openpyxl behind one door: its internals are reached in forms/workbook/openpyxl_door.py
only, each is probed here by name, and openpyxl is the minor version the door
was written against. An upgrade that renames one fails here, not on a genuine return."""
import ast
import re
import tomllib
from types import SimpleNamespace

import openpyxl
import pytest
from openpyxl import load_workbook

from project_paths import ROOT

from forms.workbook import openpyxl_door as door
from workbook_fixtures import PASS, fast_keys, key_file, signed, _signed_sample_master  # noqa: F401

DOOR = ROOT / "forms" / "workbook" / "openpyxl_door.py"
# Private names of openpyxl objects that code here has used or might reach for.
OPENPYXL_PRIVATES = {"_cells", "_style", "_value", "_current_row", "_worksheet_path", "_archive",
                     "_hyperlink", "_comment", "_number_formats", "_fonts", "_fills",
                     "_cell_styles", "_shared_strings", "_add_cell", "_get_cell",
                     "_writer", "_get_writer", "_values_to_row", "_file"}


@pytest.fixture
def read_only(signed):
    wb = load_workbook(signed, read_only=True)
    yield wb
    wb.close()


@pytest.mark.parametrize("internal", door.INTERNALS)
def test_each_internal_the_door_relies_on_is_there(read_only, internal):
    assert internal not in door.missing_internals(read_only), (
        f"openpyxl {openpyxl.__version__} has no {internal} as forms/workbook/openpyxl_door.py "
        "expects: adapt the door before allowing this release")


def test_a_cell_given_another_cells_style_array_looks_the_same():
    assert door.missing_write_internals() == [], (
        f"openpyxl {openpyxl.__version__} has no Cell._style as forms/workbook/openpyxl_door.py "
        "expects: adapt the door before allowing this release")


def test_a_streamed_sheet_takes_rows_already_serialised():
    missing = door.row_internals_missing()
    assert missing == [], (
        f"openpyxl {openpyxl.__version__} does not have {', '.join(missing)} as "
        "forms/workbook/openpyxl_door.py expects (a RowXml row must come out as openpyxl "
        "writes the same cells): adapt the door before allowing this release")


def test_a_sheet_is_left_to_openpyxl_when_its_writer_is_not_as_probed(monkeypatch):
    from openpyxl import Workbook
    ws = Workbook(write_only=True).create_sheet("x")
    monkeypatch.setattr(door, "_PROBE", [list(door.ROW_INTERNALS)])
    assert door.take_row_xml(ws) is False and "_values_to_row" not in vars(ws)


def test_a_row_made_for_another_row_number_is_refused():
    from openpyxl import Workbook
    ws = Workbook(write_only=True).create_sheet("x")
    assert door.take_row_xml(ws)
    ws.append(door.RowXml((1, "")))
    with pytest.raises(ValueError, match="row 3 made for row 2"):
        ws.append(door.RowXml((3, "")))


def test_the_door_reads_each_sheet_as_raw_xml(read_only):
    for title in read_only.sheetnames:
        with door.open_sheet_xml(read_only, title) as part:
            assert part.read(200).lstrip(b"\xef\xbb\xbf").startswith(b"<")


def test_a_missing_internal_is_named():
    assert door.missing_internals(SimpleNamespace(sheetnames=[], _archive=None)) == \
        ["Workbook._archive"]

    class Renamed(dict):
        sheetnames = ["A"]
        _archive = SimpleNamespace(open=lambda p: None, namelist=lambda: ["xl/worksheets/sheet1.xml"])
    renamed = Renamed(A=SimpleNamespace(_sheet_path="xl/worksheets/sheet1.xml"))
    assert door.missing_internals(renamed) == ["ReadOnlyWorksheet._worksheet_path"]


def test_openpyxl_is_bounded_to_the_minor_version_the_door_was_written_for():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    spec = next(d for d in deps if d.startswith("openpyxl"))
    low, high = re.fullmatch(r"openpyxl>=(\d+\.\d+)\.\d+,<(\d+\.\d+)", spec).groups()
    assert openpyxl.__version__.startswith(low + "."), \
        f"openpyxl {openpyxl.__version__} installed; the door was written for {low}.x ({spec})"
    assert high == f"{low.split('.')[0]}.{int(low.split('.')[1]) + 1}"


def _imports_openpyxl(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("openpyxl") or
               isinstance(n, ast.Import) and any(a.name.startswith("openpyxl") for a in n.names)
               for n in ast.walk(tree))


def test_no_module_but_the_door_touches_openpyxl_internals():
    found = []
    for top in ("forms", "validators", "desktop"):
        for path in sorted((ROOT / top).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if path == DOOR or not _imports_openpyxl(tree):
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
                      for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and node.attr in OPENPYXL_PRIVATES]
    assert not found, "openpyxl internals outside forms/workbook/openpyxl_door.py: " + \
        ", ".join(found)
