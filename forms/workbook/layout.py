"""Where every value of a signed return sits in the workbook.

One function, ``layout(payload)``, turns a signed payload into sheets of
cells. The exporter writes exactly these cells; the verifier derives them
again from the payload it finds and compares them with what the workbook
holds now. Labels, headers and number formats come from forms.schema.fields, the
single description of each field.

Changing what or where anything is written changes LAYOUT_VERSION: workbooks
already signed keep the layout of their version.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from forms.schema.errors import UserError
from forms.schema.fields import FieldDesc, Form, describe, fields_of
from forms.schema.kinds import FLAG, NUMBER, cell_number
from forms.schema.spec import RETURN
from forms.schema.wording import choice_label
from forms.workbook import cell_styles
from forms.workbook.figures import IN_FORMAT, figure_format, stored
from forms.workbook.fit import column_width, fit_rows
from forms.workbook.print_setup import print_setup

LAYOUT_VERSION = 4
# Version 2 adds a "Last year" column beside each input when last year's return is
# signed with it; version 3 sets row heights, print pages, headers and footers,
# shows figures as entered (forms.workbook.figures, print_setup), and adds Excel
# tables with totals rows and the benchmark chart (objects.py); version 4 puts
# each benchmark against its comparator on one scale (benchmarks.py) and charts
# that. Workbooks of earlier versions still lay out (and verify) as they were signed.
LAYOUT_VERSIONS = (1, 2, 3, 4)
SIGNATURE_SHEET = "Signature"
CELL_TEXT_LIMIT = 32767          # Excel's limit for one cell
CHUNK = 32000                    # payload characters per cell (base64: ASCII)
VERIFY_LINES = (
    "1. Run 'backoffice verify THIS-FILE.xlsx --keyring KEYRING-FOLDER': it checks the "
    "signature, that every value on every sheet is the signed one, and the findings.",
    "2. Without the program: 'backoffice payload THIS-FILE.xlsx --out DIR', then "
    "'openssl pkeyutl -verify -pubin -inkey DIR/public.pem -rawin -in DIR/payload.json "
    "-sigfile DIR/payload.sig'.",
    "3. Check the key fingerprint above against the public key the organisation filed with "
    "HM Treasury. Any edit to this workbook makes verification fail.",
)
STATUS_STYLE = {"meets": "good", "within 10 %": "near", "short": "bad", "not available": "na"}
# Characters an .xlsx cannot hold (XML 1.0); the payload keeps the exact text.
# Characters XML 1.0 cannot carry (a regex class): no worksheet can hold them.
XML_ILLEGAL = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_ILLEGAL = re.compile(f"[{XML_ILLEGAL}]")
FORMULA_START = ("=", "+", "-", "@")
# OOXML reads "_xHHHH_" in cell text as an escaped character (Excel shows
# "_x0041_" as "A"); an underscore starting such a run is itself escaped.
_ESCAPE_RUN = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class TextTooLong(UserError):
    pass


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    value: Any                  # str | Decimal | None
    style: str = ""             # key into the exporter's styles
    data: bool = False          # a value from the return (else a label)
    where: str = ""             # what the cell holds, for messages
    formula: str = ""           # a totals cell's formula (objects.py); value is its result


@dataclass
class Sheet:
    title: str
    cells: list[Cell] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)   # defined name -> "$B$5" / "$A$4:$G$9"
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    hidden: bool = False
    tables: list = field(default_factory=list)    # objects.Table (layout version 3)
    charts: list = field(default_factory=list)    # objects.Chart (layout version 3)
    heights: dict[int, float] = field(default_factory=dict)    # row -> points (layout 3)
    printing: Any = None        # forms.workbook.print_setup.PrintSetup (layout 3)

    def put(self, row: int, col: int, value: Any, style: str = "", *, data: bool = False,
            where: str = "", name: str | None = None) -> None:
        self.cells.append(Cell(row, col, value, style, data, where))
        if name:
            self.names[name] = f"${col_letter(col)}${row}"


def format_of(style: str) -> str:
    """The number format a cell of this style shows: "num:#,##0|top" -> "#,##0"."""
    style = cell_styles.split_key(style)[0]
    number = cell_styles.NUMBER
    return style[len(number):] if style.startswith(number) else "General"


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def display_text(value: str, where: str) -> str:
    """Text as a cell shows it: one newline style, no XML-illegal characters."""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > CELL_TEXT_LIMIT // 2 and \
            len(text.encode("utf-16-le", "surrogatepass")) // 2 > CELL_TEXT_LIMIT:
        raise TextTooLong(f"The text of {where} is {len(text):,} characters long; a workbook "
                          f"cell holds at most {CELL_TEXT_LIMIT:,}. Shorten it before exporting.")
    return text


def escape_text(text: str) -> str:
    """Cell text as stored in the file, so a spreadsheet shows it as typed."""
    return _ESCAPE_RUN.sub("_x005F_", text) if "_x" in text else text


def unescape_text(stored: str) -> str:
    """The text a spreadsheet shows for stored cell text (undoes escape_text)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), stored)


def header(desc: FieldDesc) -> str:
    return f"{desc.label} ({desc.unit})" if desc.unit else desc.label


def field_value(desc: FieldDesc, value: Any, where: str, v3: bool = False) -> tuple[Any, str]:
    """The cell value and style of one field's value from the payload (layout 3: a
    choice by its label, a figure as entered)."""
    if v3 and desc.codec is NUMBER:
        number = cell_number(value)
        return stored(desc.unit, number), "num:" + figure_format(desc.unit, [number],
                                                                   desc.integer)
    if v3 and desc.choices and value:
        value = choice_label(str(value))
    if v3 and desc.codec is FLAG:     # "Yes" centred: never run into a figure beside it
        return desc.codec.cell(desc, value, display_text, where)[0], "centre"
    return desc.codec.cell(desc, value, display_text, where)


def _item_model(form: Form, name: str) -> Form | None:
    d = describe(form, name)
    return d.form if d.codec.holds_rows else None


def _group_model(form: Form, name: str) -> Form | None:
    d = describe(form, name)
    return d.form if d.codec.holds_fields else None


# --- the sheets ---------------------------------------------------------------

def _title(sheet: Sheet, text: str, subtitle: str) -> None:
    sheet.put(1, 1, text, "title")
    sheet.put(2, 1, subtitle, "note")


def _scalars(sheet: Sheet, model: Form, data: dict, prefix: str, row: int,
             depth: int = 0, last: dict | None = None, v3: bool = False) -> int:
    """Label / value / unit / meaning rows for a form's single fields; returns the next row.

    With ``last`` (last year's values of the same form), its figures go in a column
    after the value, and the unit and meaning move one to the right."""
    shift = 0 if last is None else 1
    for desc in fields_of(model):
        path = f"{prefix}.{desc.name}"
        if desc.codec.holds_fields:
            sheet.put(row, 1, desc.label, f"subhead:{depth}")
            row = _scalars(sheet, _group_model(model, desc.name), data.get(desc.name) or {},
                           path, row + 1, depth + 1,
                           None if last is None else last.get(desc.name) or {}, v3)
            continue
        if desc.codec.holds_rows:
            continue  # tables come after the single fields
        where = desc.label
        value, style = field_value(desc, data.get(desc.name), where, v3)
        sheet.put(row, 1, desc.label, f"label:{depth}")
        sheet.put(row, 2, value, style, data=True, where=where, name=path)
        if last is not None and desc.codec is NUMBER:
            before, style = field_value(desc, last.get(desc.name), f"{where}, last year", v3)
            sheet.put(row, 3, before, style, data=True, where=f"{where}, last year")
        # Layout 3's formats show pounds and per cent: the unit is not said twice.
        sheet.put(row, 3 + shift, "" if v3 and desc.unit in IN_FORMAT else desc.unit)
        sheet.put(row, 4 + shift, desc.help)   # overflows into the empty column beside it
        row += 1
    return row


def _table(sheet: Sheet, model: Form, rows: list, name: str, row: int,
           item_word: str, v3: bool = False) -> int:
    """A header row and one row per item; defined names for the table and each column."""
    descs = [d for d in fields_of(model)]
    sheet.put(row, 1, "#", "header")
    for c, desc in enumerate(descs, 2):
        sheet.put(row, c, header(desc), "header")
    first = row + 1
    # Written for speed (a large return has tens of thousands of cells): each
    # column's number format is worked out once, and numbers skip field_value.
    cols = [(c, d, NUMBER.style(d) if d.codec is NUMBER else "")
            for c, d in enumerate(descs, 2)]
    if v3:      # a column's format shows every figure in it as entered
        cols = [(c, d, "num:" + figure_format(d.unit, (cell_number(r.get(d.name)) for r in rows
                                                       if isinstance(r, dict)), d.integer)
                 if style else "") for c, d, style in cols]
    cells = sheet.cells
    for i, item in enumerate(rows):
        r, n = first + i, i + 1
        cells.append(Cell(r, 1, n, "index"))
        get = item.get if item else {}.get
        for c, desc, number_style in cols:
            where = f"{desc.label}, {item_word} {n}"
            if number_style:
                number = cell_number(get(desc.name))
                cells.append(Cell(r, c, stored(desc.unit, number) if v3 else number,
                                  number_style, True, where))
            else:
                value, style = field_value(desc, get(desc.name), where, v3)
                cells.append(Cell(r, c, value, style, True, where))
    last = max(first, first + len(rows) - 1)
    sheet.names[name] = f"$A${first}:${col_letter(len(descs) + 1)}${last}"
    for c, desc in enumerate(descs, 2):
        sheet.names[f"{name}.{desc.name}"] = f"${col_letter(c)}${first}:${col_letter(c)}${last}"
    return first + len(rows)


def _widths(sheet: Sheet, widths: list[float]) -> None:
    sheet.widths = {c: w for c, w in enumerate(widths, 1)}


def _page(ret: dict, page: str, heading: str, last: dict | None = None,
          v3: bool = False) -> Sheet:
    desc = describe(RETURN, page)
    sheet = Sheet(desc.label)
    _title(sheet, f"{desc.label}", heading)
    item = _item_model(RETURN, page)
    if item is not None:     # the page is itself a table (savings)
        sheet.freeze = "B4"
        rows = ret.get(page) or []
        _table(sheet, item, rows, page, 3, "line", v3)
        _widths(sheet, [5] + [_col_width(d, rows, v3) for d in fields_of(item)])
        return sheet
    model = _group_model(RETURN, page)
    data = ret.get(page) or {}
    mine = None if last is None else last.get(page) or {}
    heads = ["Item", "Value"] + ([] if last is None else
                                 [f"Last year ({(last.get('envelope') or {}).get('financial_year') or '?'})"])
    for c, h in enumerate(heads + ["Unit", "What it means"], 1):
        sheet.put(3, c, h, "header")
    sheet.freeze = "A4"
    row = _scalars(sheet, model, data, page, 4, last=mine, v3=v3)
    tables = [d for d in fields_of(model) if d.codec.holds_rows]
    # Layout 3 wraps the meanings in a narrower column (the rows grow to fit).
    widths = ([34, 16] + ([] if last is None else [16])) + [8, 40 if v3 else 60]
    if row == 4:   # no single fields: the table starts at the top, sized by its own columns
        sheet.cells = [c for c in sheet.cells if c.row < 3]
        row = 3
        widths = []
    else:
        row += 1
    for t in tables:
        item = _item_model(model, t.name)
        if row > 3:
            sheet.put(row, 1, t.label, "subhead")
            row += 1
        else:
            sheet.freeze = "B4"
        rows = data.get(t.name) or []
        row = _table(sheet, item, rows, f"{page}.{t.name}", row,
                     {"floor_space": "building", "action_plan": "action"}.get(page, "row"), v3) + 1
        widths = [max(a, b) for a, b in zip(widths + [0] * 20,
                                            [5] + [_col_width(d, rows, v3) for d in fields_of(item)])]
        widths = [w for w in widths if w]
    _widths(sheet, widths)
    return sheet


def _col_width(desc: FieldDesc, rows: list = (), v3: bool = False) -> float:
    """Wide enough for the header, and for short text (names, postcodes) in full
    (layout 3: the header wraps, long text wraps in a narrower column)."""
    texts = (str(field_value(desc, r.get(desc.name), desc.label, v3)[0])
             for r in rows if isinstance(r, dict))
    if v3:
        return column_width(desc, header(desc), texts)
    return desc.codec.width(desc, header(desc), texts)


def layout(p: dict) -> list[Sheet]:
    """The visible sheets for a signed payload, in order."""
    ret = p.get("return") or {}
    env = ret.get("envelope") or {}
    # The body's name is the officer's text: it may hold characters XML cannot (a pasted
    # vertical tab), which every other cell of it loses through display_text too.
    heading = display_text(" ".join(str(x) for x in (env.get("organisation"), env.get("body_name"),
                                                     env.get("financial_year"),
                                                     env.get("return_kind")) if x), "the heading")
    from forms.workbook.benchmarks import benchmarks_sheet    # they use this module
    from forms.workbook.summary import checks_sheet, cover_sheet
    v3 = p.get("layout_version") not in (1, 2)
    v4 = v3 and p.get("layout_version") != 3
    sheets = [cover_sheet(p, ret, v3)]
    prev = p.get("previous")
    last = prev.get("return") if p.get("layout_version") != 1 and isinstance(prev, dict) \
        and isinstance(prev.get("return"), dict) else None
    for page in ("headcount", "floor_space", "spend", "savings"):
        sheets.append(_page(ret, page, heading, last, v3))
    sheets.append(checks_sheet(p, v3))
    sheets.append(benchmarks_sheet(p, ret, v3, v4))
    sheets.append(_page(ret, "action_plan", heading, v3=v3))
    # Added last, so the sheets before keep their places; a return signed before the
    # Baselines and Commitments tables (schema 2) has no such sheets.
    for page in ("commitments", "baselines"):
        if page in ret:
            sheets.append(_page(ret, page, heading, v3=v3))
    if v3:
        from forms.workbook.objects import add_objects
        add_objects(sheets, v4)      # totals rows first: they need heights and pages too
        for sheet in sheets:
            fit_rows(sheet)
            sheet.printing = print_setup(sheet, p, chart_pages=v4)
    return sheets


def signature_sheet(payload_b64: str, signature_b64: str, public_pem: str) -> Sheet:
    """The hidden sheet holding the signed bytes (base64, split over rows) and the signature."""
    sheet = Sheet(SIGNATURE_SHEET, hidden=True)
    sheet.put(1, 1, "Signed data of this return. Do not edit: any change makes the workbook "
                    "fail verification.", "note")
    sheet.put(2, 1, "Signature (Ed25519, base64)", "label")
    sheet.put(2, 2, signature_b64, "text", name="signature.value")
    sheet.put(3, 1, "Public key (PEM)", "label")
    sheet.put(3, 2, public_pem, "text", name="signature.public_key")
    sheet.put(4, 1, "Payload parts", "label")
    chunks = [payload_b64[i:i + CHUNK] for i in range(0, len(payload_b64), CHUNK)] or [""]
    sheet.put(4, 2, len(chunks), "index", name="signature.parts")
    sheet.put(5, 1, "Payload (canonical JSON, base64)", "label")
    for i, chunk in enumerate(chunks):
        sheet.put(6 + i, 2, chunk, "text")
    sheet.names["signature.payload"] = f"$B$6:$B${5 + len(chunks)}"
    return sheet
