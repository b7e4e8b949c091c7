"""Verifying the tables, totals and chart of layouts 3 and 4 (forms.workbook.objects).

A hostile sender knows this code, so what is accepted is what the layout
implies and the few ways Excel and LibreOffice write it again, nothing more:
- a table part per signed table, with its name, range, columns (names,
  totals label and functions), filter range (LibreOffice's too, which takes
  in the totals row) and style; no filter criteria or sort, no formats or
  formulas of its own, no custom table style of the same name;
- each totals cell's formula is one of Table.total_formulas and the value the
  file holds for it is the signed total (or none: spreadsheets recalculate);
- the chart (chart_check.py).
Tables or drawings on a sheet the layout gives none are reported as before
(compare.sheet_facts).
"""
from __future__ import annotations

from forms.schema.kinds.typed import same_figure
from forms.workbook.chart_check import DRAWING, chart_problems
from forms.workbook.layout import Cell, Sheet
from forms.workbook.objects import TOTAL_LABEL, Table
from forms.workbook.package import NS_MAIN, local
from forms.workbook.sheet_xml import Formula, unescape

M = "{" + NS_MAIN + "}"
TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
MAX_ELEMENTS = 5_000          # a signed table part has a few dozen
_OWN_LOOK = ("DxfId", "CellStyle")    # formats a table would lay over its cells


def read_tree(gw, part: str, limit: int):
    """The part's root element, or None when it holds more than ``limit`` elements."""
    root, seen = None, 0
    for ev, el in gw.pkg.parse(part, ("start",)):
        seen += 1
        if seen > limit:
            return None
        if root is None:
            root = el
    return root


def check_objects(gw, sheet: Sheet, facts) -> tuple[list[str], set[str]]:
    """Problems with the sheet's signed tables and chart, and the kinds of part they
    account for (which compare then does not report as added). The sheet facts they
    account for are taken out of ``facts.extras``."""
    problems: list[str] = []
    excused: set[str] = set()
    rels = gw.entry(sheet.title).rels
    if sheet.tables:
        facts.extras.pop("tables", None)
        listed = _check_tables(gw, sheet, facts.table_parts, rels, problems)
        if listed == {p for k, p in rels.values() if k == "table"}:
            excused.add("table")
    if sheet.charts:
        rids = facts.extras.pop(DRAWING, [])
        drawings = {p for k, p in rels.values() if k == "drawing"}
        if len(rids) != 1 or rels.get(rids[0], ("", ""))[0] != "drawing":
            problems.append(f"sheet '{sheet.title}' has {len(rids)} drawings where the signed "
                            "workbook has one, holding its chart")
        else:
            problems += chart_problems(gw, sheet, sheet.charts[0], rels[rids[0]][1])
            if drawings == {rels[rids[0]][1]}:
                excused.add("drawing")
    return problems, excused


def _check_tables(gw, sheet: Sheet, rids: list[str], rels: dict, problems: list) -> set[str]:
    t = sheet.title
    expected = {x.name: x for x in sheet.tables}
    seen: set[str] = set()
    parts: set[str] = set()
    for rid in rids:
        rel, part = rels.get(rid, ("", ""))
        if rel != "table" or gw.pkg.member(part) is None or \
                gw.pkg.content_type(part) != TABLE_TYPE:
            problems.append(f"sheet '{t}' lists a table ({rid}) that is not a table part")
            continue
        parts.add(part)
        root = read_tree(gw, part, MAX_ELEMENTS)
        if root is None or root.tag != M + "table":
            problems.append(f"sheet '{t}' has a table part ({part}) that is not a plain table")
            continue
        name = root.get("displayName", "")
        if name in seen:
            problems.append(f"sheet '{t}' has table {name} twice")
        elif name not in expected:
            problems.append(f"sheet '{t}' has a table {name[:40]!r} ({root.get('ref')}), which "
                            "the signed workbook had not")
        else:
            problems += table_problems(root, expected[name], t, gw.table_styles)
        seen.add(name)
    for name, table in expected.items():
        if name not in seen:
            problems.append(f"sheet '{t}' table {name} ({table.ref}) is missing")
    return parts


def table_problems(root, table: Table, title: str, custom_styles: set[str]) -> list[str]:
    """What a table part holds that the signed table has not."""
    where = f"sheet '{title}' table {table.name}"
    out = []
    if root.get("name", table.name) != table.name:
        out.append(f"{where} is also named {root.get('name')[:40]!r}")
    ref = (root.get("ref") or "").upper()
    if ref != table.ref:
        out.append(f"{where} covers {ref or 'no cells'}; the signed table covers {table.ref}")
    if root.get("headerRowCount", "1") != "1":
        out.append(f"{where} has its header row switched off")
    totals = root.get("totalsRowCount", "0")
    if totals != ("1" if table.totals else "0"):
        out.append(f"{where} has {'no' if totals == '0' else totals} totals rows; the signed "
                   f"table has {'one' if table.totals else 'none'}")
    if root.get("tableType", "worksheet") != "worksheet":
        out.append(f"{where} is a {root.get('tableType')[:20]} table, not a plain one")
    out += _own_look(root, where)
    for el in root:
        name = local(el.tag)
        if name == "autoFilter":
            if (el.get("ref") or "").upper() not in (table.filter_ref, table.ref):
                out.append(f"{where} filters {el.get('ref')}; the signed filter covers "
                           f"{table.filter_ref}")
            if len(el):
                out.append(f"{where} has a filter or sort set ({local(el[0].tag)}), which the "
                           "signed workbook had not")
        elif name == "tableColumns":
            out += _columns(el, table, where)
        elif name == "tableStyleInfo":
            if el.get("name") != table.style:
                out.append(f"{where} is styled {str(el.get('name'))[:40]!r}; the signed table "
                           f"is styled {table.style}")
        elif name == "sortState":
            out.append(f"{where} has a sort set, which the signed workbook had not")
        elif name != "extLst":
            out.append(f"{where} holds {name}, which the program never writes")
    if table.style in custom_styles:
        out.append(f"the workbook redefines the table style {table.style}, so table "
                   f"{table.name} may look otherwise than signed")
    return out


def _own_look(el, where: str) -> list[str]:
    odd = [k for k in el.attrib if k.endswith(_OWN_LOOK)]
    return [f"{where} gives cells formats of its own ({', '.join(odd)})"] if odd else []


def _columns(el, table: Table, where: str) -> list[str]:
    cols = [c for c in el if c.tag == M + "tableColumn"]
    if len(cols) != len(table.columns) or len(cols) != len(el):
        return [f"{where} has {len(cols)} columns; the signed table has {len(table.columns)}"]
    out = []
    for i, (found, want) in enumerate(zip(cols, table.columns)):
        name = unescape(found.get("name", ""))
        what = f"{where} column {i + 1}"
        if name != unescape(want.name):
            out.append(f"{what} is named {name[:60]!r}; the signed column is {want.name!r}")
        function = found.get("totalsRowFunction", "none")
        if function not in ("none", "sum" if want.total else "none"):
            out.append(f"{what} ({want.name}) totals by {function[:20]!r}; the signed table "
                       f"{'sums it' if want.total else 'does not total it'}")
        label = found.get("totalsRowLabel")
        if label not in (None, TOTAL_LABEL if i == 0 and table.totals else None):
            out.append(f"{what} ({want.name}) is labelled {label[:40]!r} in the totals row")
        out += _own_look(found, f"{what} ({want.name})")
        for child in found:
            if local(child.tag) != "extLst":
                out.append(f"{what} ({want.name}) holds a {local(child.tag)} (a formula or "
                           "mapping of its own)")
    return out


def formula_problem(sheet: Sheet, cell: Cell, found: Formula) -> str | None:
    """Why a totals cell's formula is not the signed one, or None when it is.

    The value beside it must be the signed total, or absent (spreadsheets then
    recalculate it); any other formula is refused as any formula is elsewhere."""
    table = next((t for t in sheet.tables if t.totals_row == cell.row
                  and t.first_col <= cell.col <= t.last_col), None)
    forms = table.total_formulas(cell.col) if table else (cell.formula,)
    if found[1:] not in forms or getattr(found, "attrs", {}).get("t", "normal") != "normal":
        return (f"its totals formula was changed to {str(found)[:80]!r}; the signed "
                f"workbook has '={cell.formula}'")
    cached = getattr(found, "cached", None)
    if cached is None:
        return None
    if getattr(found, "cached_kind", "n") != "n" or not same_figure(cell.value, cached):
        shown = f"{cached:g}" if isinstance(cached, float) else repr(cached)
        return (f"its total shows {shown} where the signed rows add up to {cell.value}, as a "
                "reader that does not recalculate would show it")
    return None
