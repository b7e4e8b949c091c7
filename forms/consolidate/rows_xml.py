"""A streamed sheet's rows as the XML openpyxl would write for them, made here.

openpyxl serialises each cell through et_xmlfile's pure-Python writer, about
9 µs a cell; the consolidated workbook has 100,000s. Here a row's cells become
their ``<c>`` elements in one string, the same bytes openpyxl writes (tests
compare whole sheets), and the sheet takes the string through
forms/workbook/openpyxl_door.py. openpyxl still writes all else: the sheet's
top and tail, row heights, styles, tables, charts, the workbook.

Only values whose XML is plain are made here: text, numbers, booleans,
blanks. A row with anything else (a date, text openpyxl takes for a formula
or an error code, text with a character XML cannot hold, text over Excel's
limit) goes to openpyxl as ever, which writes, truncates or refuses it as it
always has.
"""
from __future__ import annotations

import math
from decimal import Decimal

from forms.workbook.openpyxl_door import RowXml

_MAX_TEXT = 32767            # openpyxl truncates longer text: left to it


class Styled:
    """A value and the style array (from Writer.look) of its cell, lighter than a Cell."""
    __slots__ = ("value", "style")

    def __init__(self, value, style):
        self.value, self.style = value, style


def styled(worksheet, row, column, value, style_array):
    """Cell's arguments, a Styled made: for a sheet whose rows are made here."""
    return Styled(value, style_array)


def _number(v) -> str:
    """A number's text as openpyxl writes it: 16 significant digits, nothing for
    NaN or infinity. (A Decimal goes through float, as in openpyxl.)"""
    if math.isnan(v) or math.isinf(v):
        return ""
    return "%.16g" % v


def _text(v: str) -> str:
    """Text escaped as ElementTree escapes it (quotes need nothing outside attributes)."""
    if "&" in v:
        v = v.replace("&", "&amp;")
    if "<" in v:
        v = v.replace("<", "&lt;")
    if ">" in v:
        v = v.replace(">", "&gt;")
    return v


class Rows:
    """Makes the RowXml of one sheet's rows; None for a row openpyxl should write."""

    def __init__(self, ws):
        from openpyxl.cell import Cell
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
        self.ws, self.Cell = ws, Cell
        # What openpyxl takes for an error code, and refuses: such rows are its own.
        self.errors, self.illegal = frozenset(ERROR_CODES), ILLEGAL_CHARACTERS_RE.search
        self.ids: dict[int, str] = {}       # id(style array) -> ' s="n"', or "" if plain
        self.kept: list = []                # those arrays, so their ids stay theirs
        self.letters: list[str] = []

    def _s(self, style) -> str:
        """The ` s="..."` of a style array: its index in the workbook's cell styles,
        registered by openpyxl (Cell.style_id) the first time a cell has it, as
        openpyxl would when writing that cell, so styles.xml keeps its order."""
        got = self.ids.get(id(style))
        if got is None:
            cell = self.Cell(self.ws, row=1, column=1, style_array=style)
            got = f' s="{cell.style_id}"' if cell.has_style else ""
            self.ids[id(style)] = got
            self.kept.append(style)
        return got

    def row(self, n: int, line) -> RowXml | None:
        from openpyxl.utils import get_column_letter
        letters, errors, illegal = self.letters, self.errors, self.illegal
        while len(letters) < len(line):
            letters.append(get_column_letter(len(letters) + 1))
        out = []
        put, ids = out.append, self.ids
        cls_str, cls_int, cls_float, cls_dec, cls_bool = str, int, float, Decimal, bool
        for i, v in enumerate(line):
            c = v.__class__
            s = ""
            if c is Styled:
                s = ids.get(id(v.style))
                if s is None:
                    s = self._s(v.style)
                v = v.value
                c = v.__class__
            elif c is self.Cell:
                s = f' s="{v.style_id}"' if v.has_style else ""
                v = v.value
                c = v.__class__
            elif v is None:
                continue
            ref = f'<c r="{letters[i]}{n}"{s}'
            if c is cls_str:
                if not v:
                    put(ref + ' t="inlineStr" />')
                    continue
                if (len(v) > _MAX_TEXT or illegal(v) or v in errors
                        or (v[0] == "=" and len(v) > 1)):
                    return None
                stripped = v.strip()
                space = ' xml:space="preserve"' if stripped and stripped != v else ""
                put(f'{ref} t="inlineStr"><is><t{space}>{_text(v)}</t></is></c>')
            elif c is cls_float:
                if v - v == 0:                  # finite: NaN and infinities give NaN
                    put(f'{ref} t="n"><v>{"%.16g" % v}</v></c>')
                else:
                    put(ref + ' t="n"><v /></c>')
            elif c is cls_int or c is cls_dec:
                try:
                    text = _number(v)
                except (OverflowError, ValueError):   # openpyxl's to raise
                    return None
                put(f'{ref} t="n"><v>{text}</v></c>' if text else f'{ref} t="n"><v /></c>')
            elif c is cls_bool:
                put(f'{ref} t="b"><v>{1 if v else 0}</v></c>')
            elif v is None:
                if s:                           # a styled blank; a plain one is left out
                    put(ref + ' t="n" />')
            else:
                return None
        return RowXml((n, "".join(out)))

    def cells(self, line) -> list:
        """The row as openpyxl takes it: each Styled a Cell."""
        Cell, ws = self.Cell, self.ws
        return [Cell(ws, row=1, column=1, value=v.value, style_array=v.style)
                if v.__class__ is Styled else v for v in line]
