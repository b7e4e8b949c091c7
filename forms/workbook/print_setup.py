"""How each sheet of a layout-3 workbook prints: A4, legible, and saying whose it is.

Every sheet prints on A4 at 70 % or more: portrait when its columns fit,
landscape otherwise, fitted to the page width when that keeps 70 %; a sheet
wider still (never one of ours so far) prints at a fixed 80 % with its columns
split over pages at column boundaries, its first two columns (the row's number
and name) repeated. A table's header row repeats at the top of every page.
Each page's header names the organisation, the year and the sheet; its footer
the submission id and "Page N of M".

The header and footer are shown on paper, so verify compares their text
(shown_text): print settings (scale, orientation) are not the signed data.
"""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass

from forms.schema.wording import choice_label

# A column width unit in points: a digit's width in LibreOffice's fallback font (DejaVu
# Sans), the widest a reader's program uses (Excel's Calibri: about 5.3).
PT_PER_CHAR = 7.0
PT_PER_COLUMN = 4.0          # a column's padding
# A4 (595 x 842 pt) less margins of half an inch left and right.
PORTRAIT_PT, LANDSCAPE_PT = 595.3 - 72, 841.9 - 72
MIN_SCALE = 70               # per cent: smaller type is not read comfortably
SPLIT_SCALE = 80             # a sheet too wide for one page at MIN_SCALE: its page breaks
DEFAULT_WIDTH = 8.43
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3,
           "footer": 0.3}     # inches
SECTIONS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")


@dataclass(frozen=True)
class PrintSetup:
    landscape: bool
    fit_width: bool           # fitted to one page wide (as many pages long as it takes)
    scale: int                # the scale it prints at, per cent (estimated when fitted)
    title_rows: str | None    # "3:3": repeated at the top of every page
    title_cols: str | None    # "A:B": repeated at the left of every page
    col_breaks: tuple[int, ...]   # a page ends after each of these columns
    header: tuple[str, str, str]   # the page header's left, centre and right, in codes
    footer: tuple[str, str, str]
    row_breaks: tuple[int, ...] = ()   # a page ends after each of these rows (layout 4)

    @property
    def page_order(self) -> str:
        # Split columns: a row's halves print on pages side by side.
        return "downThenOver" if self.fit_width else "overThenDown"

    def codes(self) -> dict[str, str]:
        """Header and footer as a sheet holds them (oddHeader: "&L...&C...&R...")."""
        return {"oddHeader": joined(self.header), "oddFooter": joined(self.footer)}


def joined(sections: tuple[str, str, str]) -> str:
    return "".join(f"&{s}{t}" for s, t in zip("LCR", sections) if t)


def column_points(width: float) -> float:
    return width * PT_PER_CHAR + PT_PER_COLUMN


def _header_rows(sheet) -> list[int]:
    return sorted({c.row for c in sheet.cells if c.style.startswith("header")})


def print_setup(sheet, p: dict, chart_pages: bool = False) -> PrintSetup:
    """``chart_pages`` (layout 4): a chart the foot of a page would cut starts a page."""
    setup = _columns_and_scale(sheet, p)
    if chart_pages and sheet.charts and setup.fit_width:
        from dataclasses import replace
        setup = replace(setup, row_breaks=_chart_breaks(sheet, setup))
    return setup


DEFAULT_ROW_PT = 15.0         # a row's height where the sheet sets none (Excel's, 11 pt)
CM_TO_PT = 72 / 2.54


def _chart_breaks(sheet, setup: PrintSetup) -> tuple[int, ...]:
    """Rows after which a page ends, so that no chart is split over two pages.

    Pages are estimated from the rows' heights at the print scale (a fitted
    sheet's scale is the estimate print_setup made); a chart taller than a page
    is left to run on."""
    paper = (595.3 if setup.landscape else 841.9) - (MARGINS["top"] + MARGINS["bottom"]) * 72
    page = paper * 100 / max(1, setup.scale) * 0.95        # a little slack for the estimate
    title = 0.0
    if setup.title_rows:
        title = sheet.heights.get(int(setup.title_rows.split(":")[0]), DEFAULT_ROW_PT)
    breaks = []
    used, room, row = 0.0, page, 1
    for chart in sorted(sheet.charts, key=lambda c: c.anchor_row):
        for r in range(row, chart.anchor_row):
            h = sheet.heights.get(r, DEFAULT_ROW_PT)
            if used + h > room:            # this row starts a new page
                used, room = 0.0, page - title
            used += h
        row = chart.anchor_row
        tall = chart.height_cm * CM_TO_PT
        if used + tall > room and tall <= page - title:
            breaks.append(chart.anchor_row - 1)
            used, room = 0.0, page - title
        used += tall
    return tuple(breaks)


def _columns_and_scale(sheet, p: dict) -> PrintSetup:
    last_col = max((c.col for c in sheet.cells), default=1)
    points = [column_points(sheet.widths.get(c, DEFAULT_WIDTH)) for c in range(1, last_col + 1)]
    total = sum(points)
    heads = _header_rows(sheet)
    rows = f"{heads[0]}:{heads[0]}" if len(heads) == 1 else None
    header, footer = header_footer(p)
    if total <= PORTRAIT_PT:
        return PrintSetup(False, True, 100, rows, None, (), header, footer)
    if total * MIN_SCALE / 100 <= LANDSCAPE_PT:
        scale = min(100, int(LANDSCAPE_PT * 100 / total))
        return PrintSetup(True, True, scale, rows, None, (), header, footer)
    page = LANDSCAPE_PT * 100 / SPLIT_SCALE
    titles = sum(points[:2])
    breaks, used = [], titles
    for col in range(3, last_col + 1):
        w = points[col - 1]
        if used + w > page and used > titles:
            breaks.append(col - 1)
            used = titles
        used += w
    return PrintSetup(True, False, SPLIT_SCALE, rows, "A:B", tuple(breaks), header, footer)


def _codes(text: str) -> str:
    """Text as header/footer codes show it: "&" is written "&&"."""
    return text.replace("&", "&&")


def header_footer(p: dict) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """The page header (organisation, year and kind, sheet) and footer (submission,
    page N of M) of every sheet, as header/footer codes."""
    from forms.workbook.layout import display_text
    env = (p.get("return") or {}).get("envelope") or {}
    sub = p.get("submission") or {}
    org = " ".join(str(x) for x in (env.get("organisation"), sub.get("organisation_name")) if x)
    year = " ".join(x for x in (str(env.get("financial_year") or ""),
                                choice_label(str(env.get("return_kind") or ""))) if x)
    org, year = (display_text(t, "the page header")[:100] for t in (org, year))
    ident = display_text(str(sub.get("id") or ""), "the page footer")[:60]
    # One section for who and when: a long name would run into a centre section.
    return ((_codes(", ".join(t for t in (org, year) if t)), "", "&A"),
            (_codes("Submission " + ident), "", "Page &P of &N"))


_FIELDS = "PNADTFZG"          # page, pages, sheet, date, time, file, path, picture
_SECTION = {"L": "left", "C": "centre", "R": "right"}


@lru_cache(maxsize=1024)     # every sheet of every return has the same few headers
def shown_text(codes: str) -> tuple[tuple[str, str], ...]:
    """What a header or footer prints: its text and fields per section (left, centre,
    right), without the codes that only style it (fonts, sizes, colours, bold...)."""
    parts: dict[str, list[str]] = {}
    section, i, n = "C", 0, len(codes)
    while i < n:
        ch = codes[i]
        if ch != "&":
            parts.setdefault(section, []).append(ch)
            i += 1
            continue
        nxt = codes[i + 1] if i + 1 < n else ""
        i += 2
        if nxt == "&":
            parts.setdefault(section, []).append("&")
        elif nxt in _SECTION:
            section = nxt
        elif nxt in _FIELDS and nxt:
            parts.setdefault(section, []).append("&" + nxt)
        elif nxt == '"':                        # &"font,style"
            end = codes.find('"', i)
            i = n if end < 0 else end + 1
        elif nxt.isdigit():                     # &12: a font size
            while i < n and codes[i].isdigit():
                i += 1
        elif nxt == "K":                        # &KRRGGBB or &Ktt+nnn: a colour
            i += 6
        # anything else (&B, &I, &U, &E, &S, &X, &Y, &O, &H) only styles the text
    out = tuple((_SECTION[s], "".join(parts[s]).strip()) for s in "LCR" if s in parts)
    return tuple((s, t) for s, t in out if t)


def show(codes_text: str) -> str:
    """A header or footer for a message: 'left DCSF..., right Page &P of &N'."""
    return "; ".join(f"{where} {text!r}" for where, text in shown_text(codes_text)) or "blank"
