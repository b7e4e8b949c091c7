"""Field kinds are told apart in one place: the registry (forms/schema/kinds/).

A misspelt kind is refused when its description is built, never shown as
text; and no module outside the registry compares a kind with a name.
"""
import ast
from decimal import Decimal

import pytest

from project_paths import ROOT

from forms.schema import spec
from forms.schema.fields import FieldDesc, Form, fields_of, number, text
from forms.schema.kinds import (CHOICE, FLAG, KINDS, NUMBER, REFS, TEXT, UnknownKind, codec_for)

REGISTRY = ROOT / "forms" / "schema" / "kinds"
WALKED = ("forms", "validators", "desktop")


def test_a_misspelt_kind_is_refused_when_the_field_is_described():
    with pytest.raises(UnknownKind, match="no field kind 'nmber'.*number"):
        FieldDesc("x", "X", "", "", "nmber")
    with pytest.raises(UnknownKind):
        Form("Bad", good=text("Good", ""), bad=FieldDesc("", "Bad", "", "", "bool"))
    with pytest.raises(UnknownKind):
        codec_for("list")


def test_every_field_of_the_return_has_a_registered_codec():
    def walk(form):
        for d in fields_of(form):
            assert d.codec is KINDS[d.kind]
            if d.form is not None:
                yield from walk(d.form)
            yield d.kind
    used = set(walk(spec.RETURN))
    assert used == {"number", "text", "choice", "flag", "refs", "group", "table", "mapping", "int"}


@pytest.mark.parametrize("desc, values", [
    (number("Cost", "£", ""), [Decimal("1234.5"), Decimal("0"), Decimal("12000000.25")]),
    (number("Staff", "FTE", ""), [Decimal("3.1416"), Decimal("77")]),
    (text("Name", ""), ["Sanctuary House", "=SUM(A1)"]),
    (spec.BUILDING.by_name["tenure"], list(spec.TENURES)),
    (spec.SAVINGS_LINE.by_name["cash_releasing"], [True, False]),
    (spec.ACTION.by_name["savings_refs"], [["S1", "S2"], ["S3"]]),
])
def test_what_a_kind_shows_it_reads_back(desc, values):
    codec = desc.codec
    for v in values:
        assert codec.parse(desc, codec.entry_text(desc, v)) == v      # a box shows it, reads it
        cell, _style = codec.cell(desc, v, lambda t, where: t, "here")
        assert codec.from_cell(desc, cell) == v                        # a workbook cell likewise


def test_each_typed_kind_is_one_codec():
    assert {c.name for c in (NUMBER, TEXT, CHOICE, FLAG, REFS)} <= {k for k, c in KINDS.items()
                                                                    if c.typed}


# --- no string comparison of kinds outside the registry ---------------------------

def _is_kind(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "kind") or \
        (isinstance(node, ast.Name) and node.id == "kind")


def _is_name(node: ast.AST) -> bool:
    """A string literal, or a tuple, list or set of them (``kind in ("a", "b")``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_name(e) for e in node.elts)
    return False


def kind_comparisons(source: str, filename: str = "<source>") -> list[int]:
    """Lines that compare a kind (``x.kind`` or ``kind``) with a string literal."""
    lines = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(map(_is_kind, operands)) and any(map(_is_name, operands)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Match) and _is_kind(node.subject):
            if any(isinstance(p, ast.MatchValue) and _is_name(p.value)
                   for case in node.cases for p in ast.walk(case.pattern)):
                lines.append(node.lineno)
    return lines


def test_the_walker_finds_each_way_of_comparing_a_kind():
    assert kind_comparisons('if d.kind == "number": pass') == [1]
    assert kind_comparisons('x = "list" != desc.kind') == [1]
    assert kind_comparisons('ok = kind in ("text", "choice")') == [1]
    assert kind_comparisons('match d.kind:\n    case "bool": pass') == [1]
    assert kind_comparisons('if d.codec is NUMBER or d.kind == other: pass') == []


def test_no_module_outside_the_registry_compares_a_kind_with_a_name():
    found = []
    for top in WALKED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if REGISTRY in path.parents:
                continue
            for line in kind_comparisons(path.read_text(encoding="utf-8"), str(path)):
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert not found, ("kinds compared by name; ask the field's codec (desc.codec, "
                       "forms/schema/kinds) instead: " + ", ".join(found))
