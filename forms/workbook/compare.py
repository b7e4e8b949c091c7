"""What the workbook shows against what the signed payload implies, sheet by sheet.

The layout is derived again from the payload; every cell of every sheet is
compared with it (the whole sheet, every row and column, in one streaming
pass), with each cell's number format, the sheets' names, order and
visibility, and the defined names. Differences are in the analyst's words:
sheet, cell, signed → found.
"""
from __future__ import annotations

import base64
import unicodedata
from decimal import Decimal
from typing import Any

from forms.schema.errors import UserError
from forms.workbook.appearance import differences, expected_looks
from forms.workbook.object_check import check_objects, formula_problem
from forms.workbook.print_setup import show, shown_text
from forms.workbook.sheet_xml import StopScan
from forms.workbook.layout import (LAYOUT_VERSION, LAYOUT_VERSIONS, Sheet, cell_ref, col_letter,
                                   format_of, layout,
                                   signature_sheet)

MAX_LISTED = 30            # differences listed per file before "and N more"
_KEPT = 1000               # differences kept per sheet while reading (the rest are counted)
# Letters that look like Latin ones in common fonts: a sheet named with them
# passes for a signed sheet at a glance.
_LOOKALIKE = str.maketrans("аеорсухіјѕԁɡһӏАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧον",
                           "aeopcyxijsdghlABEKMHOPCTXIJSABEZHIKMNOPTYXov")


_SHOWN_PARTS = {"comments": "comments or notes", "threadedComment": "comments or notes",
                "drawing": "a drawing (text boxes, pictures or shapes)",
                "vmlDrawing": "comments or notes", "image": "a background picture",
                "table": "tables"}
_KINDS = {"s": "text", "n": "a number", "b": "TRUE or FALSE", "e": "an error value",
          "d": "a date"}


def _show(v: Any) -> str:
    if v is None or v == "":
        return "blank"
    if isinstance(v, str):
        s = v if len(v) <= 60 else v[:57] + "..."
        return repr(s)
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    # Numbers grouped as the sheets show them ("1,150,000"), every digit kept: a change
    # in the seventh decimal place must still be seen.
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return f"{int(v):,}"
    if isinstance(v, (int, float, Decimal)):
        return f"{v:,}"
    return str(v)


def _same_number(expected: Decimal | int, found: Any) -> bool:
    if isinstance(found, bool) or not isinstance(found, (int, float, Decimal)):
        return False
    # Spreadsheets hold doubles: equal to 15 significant digits is equal (and -0 is 0,
    # as every spreadsheet shows it). The same double, as nearly every cell is, is equal
    # without formatting both.
    want = float(expected)
    return want == found or float(f"{want:.15g}") == float(f"{float(found):.15g}")


def _same(expected: Any, found: Any) -> bool:
    if expected is None or expected == "":
        return found is None or found == ""
    if isinstance(expected, str):
        return isinstance(found, str) and found == expected
    return _same_number(expected, found)


def expected_format(cell) -> str:
    return format_of(cell.style)


# Characters a number format shows as themselves without quoting (Excel's list, and £).
_LITERAL = set("$-+/():!^&'~{}<>= £")


def format_shown(code: str) -> str:
    """A number format with every literal character written one way (\\c): LibreOffice
    saves "£#,##0" as "\\£#,##0", which shows the same; a quoted "0" is still a literal
    zero, never the digit placeholder 0."""
    out, i, n = [], 0, len(code)
    while i < n:
        ch = code[i]
        if ch == "\\" and i + 1 < n:
            out.append("\\" + code[i + 1])
            i += 2
        elif ch == '"':
            end = code.find('"', i + 1)
            end = n if end < 0 else end
            out.extend("\\" + c for c in code[i + 1:end])
            i = end + 1
        else:
            out.append("\\" + ch if ch in _LITERAL else ch)
            i += 1
    return "".join(out)


def same_format(expected: str, found: str) -> bool:
    return expected == found or format_shown(expected) == format_shown(found)


def skeleton(name: str) -> str:
    """A name as it looks: width forms, look-alike letters, spaces and case folded."""
    s = unicodedata.normalize("NFKC", name).translate(_LOOKALIKE)
    s = "".join(" " if unicodedata.category(ch) in ("Zs", "Cc") else ch for ch in s
                if unicodedata.category(ch) != "Cf")
    return " ".join(s.split()).casefold()


def _odd_chars(name: str) -> str:
    odd = [f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in dict.fromkeys(name)
           if not (ch.isascii() and ch.isprintable())]
    return ", ".join(odd[:3]) or "other letters"


def compare_sheet(gw, sheet: Sheet) -> list[str]:
    """Every difference between the laid-out sheet and the workbook's sheet."""
    expected = {(c.row, c.col): c for c in sheet.cells}
    looks = expected_looks(frozenset(c.style for c in sheet.cells))
    plain = looks[""]
    found_at: set[tuple[int, int]] = set()
    listed: list[tuple[tuple[int, int], str]] = []

    def note(pos, text):
        if len(listed) < _KEPT:
            listed.append((pos, text))
        else:
            raise StopScan      # enough listed: the verdict is known, reading on costs time

    def visit(r, c, value, dtype, style, rich):
        if value is None:
            return
        pos = (r, c)
        cell = expected.get(pos)
        found_at.add(pos)
        want = cell.value if cell else None

        def at() -> str:    # built only for a cell that differs: most never do
            what = f" ({cell.where})" if cell and cell.where else ""
            return f"{sheet.title}!{cell_ref(r, c)}{what}"
        if dtype == "f" and cell is not None and cell.formula:    # a totals cell (objects.py)
            if why := formula_problem(sheet, cell, value):
                note(pos, f"{at()}: {why}")
                return
            cached = getattr(value, "cached", None)
            value, dtype = (want, "n") if cached is None else (cached, value.cached_kind)
        if dtype == "f":
            note(pos, f"{at()}: a formula {_show(value)} was put in place of the "
                      f"signed value {_show(want)}")
        elif want is not None and want != "" and dtype != ("s" if isinstance(want, str) else "n"):
            note(pos, f"{at()}: signed {_show(want)} → found {_show(value)} held as "
                      f"{_KINDS.get(dtype, dtype)}, which a spreadsheet shows its own way")
        elif not _same(want, value):
            if cell is None:
                note(pos, f"{at()}: value {_show(value)} added (not in the signed return)")
            else:
                note(pos, f"{at()}: signed {_show(want)} → found {_show(value)}")
        elif cell is not None and not same_format(expected_format(cell), style.number_format):
            note(pos, f"{at()}: its number format was changed from "
                      f"{expected_format(cell)!r} to {style.number_format!r}, so it may show "
                      f"another value than the signed {_show(want)}")
        elif rich:
            note(pos, f"{at()}: its text carries fonts or colours of its own (rich "
                      "text), which the signed workbook had not")
        elif changed := differences(looks.get(cell.style, plain) if cell else plain,
                                    style.shown, isinstance(value, str)):
            note(pos, f"{at()}: its look was changed ({'; '.join(changed[:3])}), so it "
                      f"may not show the signed {_show(want)} as signed")

    # Markup per signed cell (c, v or is, t) and row, with room for what a re-save adds.
    facts = gw.scan(sheet.title, visit, budget=10 * len(expected) + 100_000)
    for pos, cell in expected.items():
        if len(listed) >= _KEPT or facts.truncated:
            break
        if pos not in found_at and cell.value not in (None, ""):
            where = f" ({cell.where})" if cell.where else ""
            listed.append((pos, f"{sheet.title}!{cell_ref(*pos)}{where}: signed "
                                f"{_show(cell.value)} → found blank"))
    problems = [f"sheet '{sheet.title}' has {change}, which the signed workbook had not: a "
                "cell may show another value than it holds" for change in facts.display]
    objects, excused = check_objects(gw, sheet, facts)     # tables and charts it should have
    problems += objects + sheet_facts(sheet, facts)
    # Parts a sheet links to that a reader is shown, even when its markup does not name them.
    kinds = {k for k, _target in gw.entry(sheet.title).rels.values()} - excused
    for kind, what in _SHOWN_PARTS.items():
        if kind in kinds and what not in facts.extras:
            problems.append(f"sheet '{sheet.title}' has {what} (a {kind} part), which the "
                            "signed workbook had not")
    problems += [text for _pos, text in sorted(listed)]
    if facts.truncated:
        problems.append(f"sheet '{sheet.title}' was not read to its end: {facts.truncated}")
    return problems


# What LibreOffice writes as print headers and footers when a sheet has none.
_DEFAULT_HEADERS = {("oddHeader", shown_text("&C&A")), ("oddFooter", shown_text("&CPage &P"))}
_PART_WORDS = {"oddHeader": "the page header", "oddFooter": "the page footer",
               "evenHeader": "the header of even pages", "evenFooter": "the footer of even pages",
               "firstHeader": "the header of the first page",
               "firstFooter": "the footer of the first page"}


def header_problems(sheet: Sheet, found: list[tuple[str, str]]) -> list[str]:
    """Headers and footers print on every page: their text must be the signed one
    (what only styles it, such as a font, is no difference)."""
    t = sheet.title
    signed = sheet.printing.codes() if sheet.printing is not None else {}
    seen: dict[str, str] = {}
    out = []
    for part, codes in found:
        if (part, shown_text(codes)) in _DEFAULT_HEADERS and part not in signed:
            continue
        if part in seen and shown_text(seen[part]) != shown_text(codes):
            out.append(f"sheet '{t}' gives {_PART_WORDS.get(part, part)} twice ({show(codes)}): "
                       "programs print different ones")
        seen.setdefault(part, codes)
    for part in dict.fromkeys(list(signed) + list(seen)):
        want, got = signed.get(part), seen.get(part)
        words = _PART_WORDS.get(part, part)
        if got is None:
            out.append(f"sheet '{t}' has lost {words} ({show(want)}), which the signed "
                       "workbook prints on every page")
        elif want is None:
            out.append(f"sheet '{t}' prints {words} {show(got)}, which the signed workbook "
                       "had not")
        elif shown_text(got) != shown_text(want):
            out.append(f"sheet '{t}' prints {words} {show(got)} instead of the signed "
                       f"{show(want)}: a reader of the printed pages is misled")
    return out


def sheet_facts(sheet: Sheet, facts) -> list[str]:
    """What the sheet shows besides its cells (the exporter writes none of it)."""
    t = sheet.title
    out = [f"sheet '{t}' has {what} ({', '.join(w for w in where if w) or 'present'}), which "
           "the signed workbook had not" for what, where in facts.extras.items()]
    rows = sorted(set(facts.hidden_rows))
    if rows:
        shown = "every row" if rows[0] == 0 else "rows " + ", ".join(map(str, rows[:5])) + \
            (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
        out.append(f"sheet '{t}' hides {shown} (hidden or too small to read); the signed "
                   "workbook shows them")
    for lo, hi in facts.hidden_cols[:5]:
        span = "s without a width of their own" if lo == 0 else \
            " " + col_letter(lo) + (f":{col_letter(hi)}" if hi != lo else "")
        out.append(f"sheet '{t}' hides column{span}; the signed workbook shows it")
    for col, width in sorted(facts.col_widths.items()):
        signed = sheet.widths.get(col)
        if signed and 0 < width < signed / 2:
            out.append(f"sheet '{t}' column {col_letter(col)} is narrowed from {signed:g} to "
                       f"{width:g}: its figures may show as ### or be cut off")
    if facts.outline:
        out.append(f"sheet '{t}' groups rows or columns (an outline that can fold them away)")
    for row, height in sorted(facts.row_heights.items()):
        signed = sheet.heights.get(row)
        if signed and height < signed / 2:
            out.append(f"sheet '{t}' row {row} is lowered from {signed:g} to {height:g} "
                       "points: its text may be cut off")
    return out + header_problems(sheet, facts.header_footer)


def _split_name(ref: str) -> tuple[str, str]:
    """"'Floor space'!$B$4" -> ("Floor space", "$B$4")."""
    sheet, _, cells = ref.strip().lstrip("=").rpartition("!")
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells.upper()


def compare_names(gw, sheets: list[Sheet]) -> list[str]:
    """Every defined name the exporter wrote still points where it did, and no other.

    A reader consolidating by name would otherwise take another cell's value
    from a workbook whose cells are all unchanged."""
    found = gw.defined_names()
    problems = []
    ours = {}
    for sheet in sheets:
        for name, ref in sheet.names.items():
            ours[name] = (sheet.title, ref)
            if name not in found:
                problems.append(f"defined name {name} is missing (it pointed to "
                                f"{sheet.title}!{ref})")
            elif _split_name(found[name]) != (sheet.title, ref):
                where = "!".join(_split_name(found[name]))
                problems.append(f"defined name {name} points to {where}, not to the signed "
                                f"place {sheet.title}!{ref}")
    names = gw.sheet_names
    for name, scope, text, _hidden in getattr(gw, "names", ()):
        if scope is None and name in ours:
            continue
        if name.startswith("_xlnm."):        # print areas and filters: the sheets' business
            continue
        where = "the workbook" if scope is None else \
            f"sheet '{names[scope]}'" if scope < len(names) else "a missing sheet"
        problems.append(f"defined name {name} (for {where}, {text[:40]!r}) was added")
    return problems


def compare_sheet_list(gw, sheets: list[Sheet], sig_title: str) -> list[str]:
    """Sheet names (look-alikes named), order and visibility."""
    titles = [s.title for s in sheets]
    looks = {skeleton(t): t for t in titles + [sig_title]}
    problems = []
    for name in gw.sheet_names:
        if name in titles or name == sig_title:
            continue
        twin = looks.get(skeleton(name))
        if twin:
            problems.append(f"sheet {name!r} looks like the signed sheet '{twin}' but is "
                            f"spelt with other characters ({_odd_chars(name)}): a look-alike")
        else:
            problems.append(f"sheet '{name}' was added (not part of the signed return)")
    present = [n for n in gw.sheet_names if n in titles]
    if present != [t for t in titles if t in present]:
        problems.append("the sheets are in another order than signed: "
                        + ", ".join(present))
    for t in present:
        state = gw.sheet_state(t)
        if state != "visible":
            problems.append(f"sheet '{t}' is {'very ' if state == 'veryHidden' else ''}hidden; "
                            "the signed workbook shows it")
    return problems


def compare_cells(gw, payload: dict, sig_title: str, result=None, parts=None) -> list[str]:
    """Differences between every sheet and defined name and the payload; [] when none.

    With ``parts``, the signature sheet is compared too (nothing may be added
    to it). With ``result``, also records how many signed cells were compared."""
    if payload.get("layout_version") not in LAYOUT_VERSIONS:
        return [f"the workbook uses layout version {payload.get('layout_version')!r}; this "
                f"program knows versions up to {LAYOUT_VERSION}: install the latest version"]
    try:
        sheets = layout(payload)
    except (UserError, ValueError, TypeError, AttributeError) as e:
        return [f"the signed data cannot be laid out ({e})"]
    problems = compare_sheet_list(gw, sheets, sig_title)
    for sheet in sheets:
        if sheet.title not in gw.sheet_names:
            problems.append(f"sheet '{sheet.title}' is missing")
            continue
        problems += compare_sheet(gw, sheet)
        if result is not None:
            result.cells_checked += sum(1 for c in sheet.cells if c.value not in (None, ""))
    if parts is not None:
        sig = signature_sheet(base64.b64encode(parts.data).decode("ascii"),
                              base64.b64encode(parts.signature).decode("ascii"), parts.public_pem)
        sig.title = sig_title
        problems += compare_sheet(gw, sig)
        sheets = sheets + [sig]
    problems += compare_names(gw, sheets)
    if len(problems) > MAX_LISTED:
        problems = problems[:MAX_LISTED] + [f"and {len(problems) - MAX_LISTED} more differences"]
    return problems
