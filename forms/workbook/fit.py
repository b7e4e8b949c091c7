"""Column widths and row heights for layout 3, worked out from the text they hold.

A spreadsheet writes no row height of its own for wrapped text in a file
(LibreOffice overprints the next row; Excel grows the row only when the cell
is edited), so the layout sets it: lines estimated from the column's width in
characters and the text, generously (a character of text is taken to be as
wide as a digit, the width unit, though most are narrower; bold headers
wider), so every word stays visible in LibreOffice's wide fallback font too.

Widths are in characters (a digit's width), heights in points.
"""
from __future__ import annotations

from typing import Iterable

LINE_PT = 15.0               # one line of 11-point text, as spreadsheet programs space it
PAD_PT = 3.0                 # room above and below the lines
DEFAULT_WIDTH = 8.43         # a column without a width of its own
WRAPPED = ("wrap", "header")
PLAIN = ("", "text", "index", "centre")   # plain cells: wrapped when they do not fit
LONG_TEXT = 32               # a column of long text (descriptions, evidence): wrapped
PARAGRAPH = 50               # a column of paragraphs (an action's text)
TOP = "|top"                 # style suffix: the cell's text starts at the top of a tall row
BOLD = 1.2                   # a bold header letter against a digit's width
MAX_HEIGHT = 409.0           # the tallest row a spreadsheet allows


def _words_fit(text: str, per_line: int) -> int:
    """Lines a paragraph wraps to, breaking at spaces (and inside over-long words)."""
    lines, used = 1, 0
    for word in text.split(" "):
        n = len(word)
        if used and used + 1 + n > per_line:
            lines, used = lines + 1, 0
        elif used:
            used += 1
        while n > per_line:          # a word wider than the column breaks inside it
            n -= per_line
            lines += 1
        used += n
    return lines


def line_count(text: str, width: float, bold: bool = False) -> int:
    per_line = max(1, int(width / (BOLD if bold else 1.0)) - 1)
    return sum(_words_fit(par, per_line) for par in str(text).split("\n"))


def row_height(lines: int) -> float:
    return min(MAX_HEIGHT, lines * LINE_PT + PAD_PT)


def fit_rows(sheet) -> None:
    """Wrap plain text too long for its column; set the height of every row whose
    wrapped text needs more than one line. Titles and notes in rows 1 and 2 run
    across the sheet, as do labels and subheads (their columns fit them)."""
    widths = sheet.widths
    longest_label = max((len(str(c.value)) + 2 + 2 * _depth(c.style) for c in sheet.cells
                         if c.col == 1 and c.row > 2 and c.style.startswith(("label", "subhead"))
                         and isinstance(c.value, str)), default=0)
    if longest_label > widths.get(1, 0):
        widths[1] = min(60, longest_label)
    lines: dict[int, int] = {}
    for c in sheet.cells:
        if not isinstance(c.value, str) or not c.value or c.row <= 2:
            continue
        width = widths.get(c.col, DEFAULT_WIDTH)
        if c.style in PLAIN and (len(c.value) > width - 1 or "\n" in c.value):
            c.style = "wrap"
        if c.style in WRAPPED:
            n = line_count(c.value, width, bold=c.style == "header")
            if n > lines.get(c.row, 1):
                lines[c.row] = n
    sheet.heights = {r: row_height(n) for r, n in sorted(lines.items())}
    for c in sheet.cells:         # a tall row reads from its top line, every cell alike
        if c.row in sheet.heights and not c.style.endswith(TOP):
            c.style += TOP


def _depth(style: str) -> int:
    tail = style.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def column_width(desc, head: str, texts: Iterable[str]) -> float:
    """A table column's width: the header's longest word (the header wraps), and
    short values in full; long text in a column of LONG_TEXT characters, wrapped."""
    # A header wraps at spaces and after hyphens ("Cash-" / "releasing").
    head_word = int(max((len(w) for w in head.replace("-", "- ").split()), default=0)
                    * BOLD) + 2
    if desc.codec.numeric:
        longest = max((_figure_len(t) for t in texts), default=0)
        return float(max(10, head_word, longest + 3))
    if desc.multiline:
        return float(PARAGRAPH)
    if (desc.max_length or 0) > 200:
        return float(LONG_TEXT)
    longest = max((len(t) for t in texts), default=0)
    return float(max(8, head_word, min(30, longest + 2)))


def _figure_len(text: str) -> int:
    """Characters of a figure as shown: digits, thousands commas, sign, decimals."""
    if text in ("", "None"):
        return 0
    whole, _, frac = text.lstrip("-").partition(".")
    return len(whole) + (len(whole) - 1) // 3 + (len(frac) + 1 if frac else 0) + 1
