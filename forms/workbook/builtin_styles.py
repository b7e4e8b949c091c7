"""The spreadsheet format's own built-in number formats and indexed colours.

ECMA-376 Part 1 (SpreadsheetML) gives a style a number format by id alone
for ids 0-49 (18.8.30) and a colour by index alone for 0-63 (18.8.27): the
file does not spell them out. Verify needs both to know what a reader is
shown. They are here, as the writer (openpyxl) reads them, instead of being
imported from openpyxl: importing any part of openpyxl loads all of it and
numpy, about 0.1 s for each process that verifies, most of a consolidation
worker's start-up. tests/test_builtin_styles.py holds them equal to openpyxl's.
"""
from __future__ import annotations

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    # As openpyxl writes and reads it (without the standard's semicolons): what
    # matters is that the exporter and verify agree on what id 44 means.
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

# Indexed colours 0-63 as ARGB; 0-7 repeat as 8-15 (the legacy palette's layout).
_BASE = ("00000000", "00FFFFFF", "00FF0000", "0000FF00", "000000FF", "00FFFF00",
         "00FF00FF", "0000FFFF")
COLOR_INDEX: tuple[str, ...] = _BASE + _BASE + (
    "00800000", "00008000", "00000080", "00808000", "00800080", "00008080", "00C0C0C0",
    "00808080", "009999FF", "00993366", "00FFFFCC", "00CCFFFF", "00660066", "00FF8080",
    "000066CC", "00CCCCFF", "00000080", "00FF00FF", "00FFFF00", "0000FFFF", "00800080",
    "00800000", "00008080", "000000FF", "0000CCFF", "00CCFFFF", "00CCFFCC", "00FFFF99",
    "0099CCFF", "00FF99CC", "00CC99FF", "00FFCC99", "003366FF", "0033CCCC", "0099CC00",
    "00FFCC00", "00FF9900", "00FF6600", "00666699", "00969696", "00003366", "00339966",
    "00003300", "00333300", "00993300", "00993366", "00333399", "00333333")
