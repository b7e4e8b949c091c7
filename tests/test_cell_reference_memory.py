"""References read before are remembered (returns share them), within a bound a hostile
sheet of distinct references cannot grow, and a bad one is refused whatever came before."""
import pytest

from forms.workbook import sheet_xml
from forms.workbook.layout import cell_ref
from forms.workbook.package import Ambiguous
from forms.workbook.sheet_xml import parse_ref


def test_the_memory_of_references_is_bounded(monkeypatch):
    monkeypatch.setattr(sheet_xml, "_REFS", {})
    monkeypatch.setattr(sheet_xml, "_MAX_REFS", 1000)
    for row in range(1, 3001):
        assert parse_ref(cell_ref(row, 3), "s") == (row, 3)
    assert len(sheet_xml._REFS) == 1000
    assert parse_ref("C2999", "s") == (2999, 3)       # beyond the bound: still read


@pytest.mark.parametrize("bad", ["A0", "a1", "A01", "XFE1", "A1048577", "A1 ", "1A", ""])
def test_a_bad_reference_is_refused_after_good_ones(bad):
    parse_ref("A1", "s")
    with pytest.raises(Ambiguous):
        parse_ref(bad, "sheet 'Cover'")
