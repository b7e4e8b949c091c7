"""A small worksheet read whole: sheet_xml's reading, with less Python work per element.

sheet_xml streams a sheet one (event, element) pair at a time, which keeps
memory flat for a sheet of any size but costs a step in Python per event:
half the time of verifying a return. A sheet part of at most TREE_BYTES is
parsed whole by the C parser instead and walked here, but only when it has
the plain shape every export and re-save has: one <sheetData>, a direct child
of the sheet, holding rows of cells that hold <v>, <f> or <is>; no
markup-compatibility block, no active or foreign element among the cells, and
no more elements than the budget. That shape is checked in full before the
first cell is visited, so a sheet that is not plain is handed back untouched
(None) and read by sheet_xml's stream, whose refusals and messages stand.

On a plain sheet the walk calls sheet_xml's own row and cell readers in the
stream's order (what precedes <sheetData>, its rows and cells, what follows),
so the two readings agree: tests/test_sheet_tree.py checks that they do.
"""
from __future__ import annotations

from forms.workbook.sheet_xml import (_ACTIVE, _ALT, _CELL, _F, _IS, _PARENT, _ROW,
                                      _SHEET_DATA, _V, M, SheetFacts, StopScan, _cell, _row,
                                      _sheet_element)

TREE_BYTES = 1 << 20     # a return's sheets are a few kilobytes; 1 MB of tiny elements parses
                         # to some 50 MB at most, held by one sheet at a time
_CELL_PARTS = (_V, _F)


def plain(root, budget: int | None) -> bool:
    """Whether the sheet has the plain shape (see above); reads, never changes, the tree."""
    data = [top for top in root if top.tag == _SHEET_DATA]
    seen = anywhere = 0
    for el in root.iter():
        seen += 1
        if el.tag in _ACTIVE or el.tag == _ALT:
            return False
        anywhere += el.tag == _SHEET_DATA
    if budget is not None and seen > budget:
        return False
    if len(data) > 1 or anywhere != len(data):
        return False          # a second, or one not a child of the sheet: the stream refuses it
    for row in data[0] if data else ():
        if row.tag != _ROW:
            return False
        for cell in row:
            if cell.tag != _CELL:
                return False
            for part in cell:
                if part.tag in _CELL_PARTS:
                    if len(part):
                        return False
                elif part.tag == _IS:
                    for inner in part.iter():
                        if inner is not part and (inner.tag in _PARENT
                                                  or not inner.tag.startswith(M)):
                            return False
                else:
                    return False
    return True


def scan_tree(root, where: str, strings: list[tuple[str, bool]], n_styles: int, visit,
              budget: int | None = None) -> SheetFacts | None:
    """sheet_xml.scan_sheet's result for a parsed sheet, or None when it is not plain."""
    if not plain(root, budget):
        return None
    facts = SheetFacts()
    try:
        for top in root:
            if top.tag == _SHEET_DATA:
                _data(top, where, strings, n_styles, visit, facts)
            else:
                _others(top, facts, where)
        _sheet_element(root, root.tag, facts, where)
    except StopScan:
        facts.truncated = "it differs in too many places to list"
    return facts


def _data(data, where, strings, n_styles, visit, facts) -> None:
    row_no = last_row = 0
    for row in data:
        row_no = _row(row, where, row_no, last_row, facts)
        last_row, last_col = row_no, 0
        for cell in row:
            last_col = _cell(cell, where, row_no, last_col, strings, n_styles, visit)
            facts.cells += 1


def _others(top, facts: SheetFacts, where: str) -> None:
    """An element outside the cells and everything in it, in the stream's order: each
    element once its children are done. No recursion: a hostile sheet nests deeply."""
    todo = [(top, iter(top))]
    while todo:
        el, children = todo[-1]
        child = next(children, None)
        if child is None:
            todo.pop()
            _sheet_element(el, el.tag, facts, where)
        else:
            todo.append((child, iter(child)))
