"""Last year's figure beside this year's in table cells too (issue 12 §5): rows are matched
by their first column (a building's name, a saving's reference)."""
from decimal import Decimal

from desktop.tables.model import LAST_YEAR_ROLE
from forms.schema.model import Building


def last_year_of(ret):
    prev = ret.model_copy(deep=True)
    prev.envelope.financial_year = "2008-09"
    prev.floor_space.buildings[0].nia_m2 = Decimal("12000")
    prev.savings[0].delivered_gbp = Decimal("4000000")
    return prev


def test_table_cells_show_last_years_figure_once_it_is_imported(sample_window, qtbot):
    w = sample_window
    w.go_to_page("floor_space")
    panel = w.pages["floor_space"].tables["floor_space.buildings"]
    m = panel.model
    nia = [d.name for d in m.columns].index("nia_m2")
    name = [d.name for d in m.columns].index("name")
    assert m.index(0, nia).data(LAST_YEAR_ROLE) is None
    before = panel.view.grab().toImage()
    width = panel.view.columnWidth(nia)
    w.doc.set_previous(last_year_of(w.doc.ret))
    qtbot.wait(10)
    assert m.index(0, nia).data(LAST_YEAR_ROLE) == "was 12,000"
    assert "2008-09: 12,000" in m.index(0, nia).data(0x0003)       # the tooltip says the year
    assert m.index(0, name).data(LAST_YEAR_ROLE) is None          # words: no figure to compare
    assert panel.view.columnWidth(nia) > width                    # room for it beside
    assert panel.view.grab().toImage() != before                  # and it is painted
    w.doc.insert_rows("floor_space.buildings", 0, [Building(name="Brand new house")])
    assert m.index(0, nia).data(LAST_YEAR_ROLE) is None           # no such building last year
    w.go_to_page("savings")
    s = w.pages["savings"].tables["savings"].model
    delivered = [d.name for d in s.columns].index("delivered_gbp")
    assert s.index(0, delivered).data(LAST_YEAR_ROLE) == "was 4,000,000"
    w.doc.set_previous(None)
    assert s.index(0, delivered).data(LAST_YEAR_ROLE) is None
