"""The consolidated workbook: Summary, Returns, league tables, Table A, year on year, Rejected.

Written with openpyxl in write-only mode (thousands of rows stream out in
constant memory); the rows' XML is made in rows_xml, the rest by openpyxl.
Charts are native Excel charts, so analysts can restyle them; every table is
an Excel table with filters and a frozen header.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from forms.consolidate.analysis import chart_block, unit_text, value_headings
from forms.consolidate.rows import input_fields, metric_column, returns_labels
from forms.consolidate.sheet_writer import Writer, heading, width_for_heading
from forms.schema.metrics import METRICS

CHART_ROWS = 40                      # bars per chart: more is unreadable


def number_formats() -> dict[str, str]:
    from forms.schema.kinds import number_format
    fmts = {}
    for col, _path, label in input_fields():
        fmts[col] = "#,##0" if label.endswith("(£)") or label.endswith("(people)") \
            else "#,##0.0##"
    for m in METRICS.values():
        fmts[metric_column(m.name)] = number_format(m.unit, m.places)
    for c in ("buildings", "savings_lines", "actions", "queries", "queries_explained"):
        fmts[c] = "#,##0"
    return fmts


# --- the sheets ------------------------------------------------------------------

def read_from(c, paths=None) -> tuple[str, Callable[[Any], Any]]:
    """The folder every received file lies in, and a file's path within it.

    The workbook names each file by its path below that folder ("DfE/return.xlsx"):
    in full, every row began with the same long folder and a 40-wide column showed
    nothing else, on screen or printed. The folder is said once, on the Summary;
    the CSV and Parquet tables keep full paths, for programs. ``paths``: os.path's
    functions (a test gives Windows' own)."""
    import os.path
    paths = paths or os.path
    folders = [paths.dirname(paths.abspath(p.received.path)) for p in c.received]
    try:
        common = paths.commonpath(folders) if folders else ""
    except ValueError:          # on two drives (C: and a network share): paths in full
        common = ""

    def shown(path):
        if not common or not isinstance(path, str) or not path:
            return path
        try:
            return paths.relpath(paths.abspath(path), common)
        except ValueError:
            return path
    return common, shown


def shown_frames(c, shown=None):
    """The Returns, Rejected and Superseded tables as the workbook shows them (read_from)."""
    shown = shown or read_from(c)[1]

    def named(df, cols=("file",)):
        return df.assign(**{col: df[col].map(shown) for col in cols if col in df.columns})
    return named(c.returns), named(c.rejected), named(c.superseded, ("file", "superseded_by"))


def _summary(w: Writer, c, folder: str) -> None:
    ws = w.sheet("Summary", [44, 48, 30])
    w.title(ws, "Consolidated back-office returns",
            "Made by Back Office Return from the signed workbooks received."
            + (" THE RUN WAS CANCELLED: only part of the files were read." if c.cancelled
               else ""))
    w.add(ws, [])
    years = sorted(set(c.returns["financial_year"].dropna())) if len(c.returns) else []
    n = c.counts
    for label, value in (("Files received", n["received"]), ("Valid returns", n["valid"]),
                         ("Superseded (a later return replaced them)", n["superseded"]),
                         ("Rejected (failed verification)", n["rejected"]),
                         ("Unreadable (not a signed return)", n["unreadable"]),
                         ("Years", ", ".join(str(y) for y in years if y)),
                         ("Files read from", folder)):
        w.add(ws, [w.cell(ws, label, font=w.bold), value])
    w.add(ws, [])
    w.add(ws, [w.cell(ws, "Expected bodies that have not returned", font=w.bold)])
    if not c.missing:
        w.add(ws, ["Every department and body on the reference list has returned."])
    for code, name, lacking in c.missing:
        w.add(ws, [code, name, ("for " + ", ".join(lacking)) if lacking else "no return"])


def _league(w: Writer, info, df) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference
    m = METRICS.get(info.metric)
    unit = unit_text(m.unit) if m else ""
    fmt = "#,##0" + ("." + "0" * m.places if m and m.places else "") if m else "#,##0.00"
    ws = w.sheet(f"L {info.rule}", [6, 34, 10, 9, 14, 14, 14, 10, 70], freeze="A5")
    kind = "Commitment" if info.commitment else "Comparator"
    measure = f"Measure: {m.label}" + (f" ({unit})" if unit else "") + ". " if m else ""
    w.title(ws, f"{kind}: {info.title}",
            f"{measure}{'Higher' if info.better == 'higher' else 'Lower'} is better. "
            f"Source: {info.source or 'rule pack'}. Best first within each year.")
    w.add(ws, [])
    value, target = value_headings(info.metric)
    labels = {"rank": "Rank", "who": "Organisation – body", "financial_year": "Year",
              "return_kind": "Kind", "value": value, "target": target, "status": "Status",
              "due": "Due", "message": "Message"}
    cols = ["rank", "who", "financial_year", "return_kind", "value", "target", "status", "due",
            "message"]
    w.frame(ws, df[cols], labels, {"value": fmt, "target": fmt, "rank": "0"},
            f"League_{info.rule}", first_row=4)
    block = chart_block(list(df["financial_year"]), list(df["return_kind"]))
    if block is None:
        return
    rows = [i for i, yk in enumerate(zip(df["financial_year"], df["return_kind"])) if yk == block]
    n, shown = len(rows), min(len(rows), CHART_ROWS)
    latest = f"{block[0]} {block[1]}"
    bar = BarChart()
    bar.type = "bar"            # horizontal bars: long names stay readable
    bar.style = 10
    bar.title = f"{info.title}, {latest}" + (f" (best {shown} of {n})" if n > shown else "")
    bar.y_axis.title = (f"{m.label} ({unit})" if unit else m.label) if m else "Value"
    bar.x_axis.scaling.orientation = "maxMin"    # rank 1 at the top
    first = 5 + rows[0]           # a block's rows are together: sorted by year and kind
    last = first + shown - 1
    bar.add_data(Reference(ws, min_col=5, min_row=first, max_row=last), titles_from_data=False)
    bar.series[0].tx = _series_title(f"Value ({unit})" if unit else "Value")
    bar.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    line = LineChart()
    line.add_data(Reference(ws, min_col=6, min_row=first, max_row=last), titles_from_data=False)
    line.series[0].tx = _series_title("Target")
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.width = 28575
    line.series[0].smooth = False
    bar.height, bar.width = max(7.5, 0.5 * shown + 3), 18
    bar += line
    ws.add_chart(bar, "K4")


def _series_title(text: str):
    from openpyxl.chart.series import SeriesLabel
    return SeriesLabel(v=text)


def _plans(w: Writer, plans) -> None:
    ws = w.sheet("Improvement plans", [26, 100, 40, 16], freeze="A4")
    w.title(ws, "Table A: Summaries of back office improvement plans",
            "Rebuilt from the action plans in the valid returns: the summary, then each "
            "action, with the savings lines it delivers.")
    w.header(ws, ["Department", "Action Plan", "Linked savings", "Linked planned (£)"])
    if not len(plans):
        w.add(ws, ["", "No valid return carries an action plan."])
        return
    for (year, kind), group in plans.groupby(["financial_year", "return_kind"], sort=True):
        w.add(ws, [w.cell(ws, f"{year} {kind}", font=w.bold)])
        for dept, block in group.groupby("department", sort=True):
            for row in block.itertuples(index=False):
                w.tall(ws, {1: row.text, 2: row.linked_savings})
                w.add(ws, [w.cell(ws, dept if row.item == 0 else None, font=w.bold, wrap=True),
                           w.cell(ws, row.text, wrap=True), w.cell(ws, row.linked_savings, wrap=True),
                           w.cell(ws, row.linked_planned_gbp, fmt="#,##0", wrap=True)])


def _print_register(ws, columns: list[str], rows: int) -> None:
    """Printed, the Returns sheet is the register of what was received: who sent each
    file and whether it verified, as wide as the page. All 73 columns printed ran to
    24 pages for 6 returns (about 90 for 250); the figures print in the league tables,
    and every column is in the sheet and the CSV."""
    from openpyxl.utils import get_column_letter
    last = get_column_letter(columns.index("reason") + 1)
    ws.print_area = f"A1:{last}{rows}"
    ws.oddFooter.center.text = ("Printed: who sent each return and whether it verified. "
                                "Every figure is in this sheet's other columns and the CSV.")
    ws.oddFooter.center.size = 8


def write_workbook(c, path: str | Path) -> Path:
    """Write the consolidated workbook atomically; returns its path."""
    from forms.drafts.atomic import write_atomic
    path = Path(path)
    w = Writer()
    fmts = number_formats()
    labels = returns_labels(c.league)
    folder, shown = read_from(c)
    _summary(w, c, folder)
    returns, rejected, superseded = shown_frames(c, shown)
    cols = list(returns.columns)
    # The reason on one line (wrapped, the row's other cells would sit at its foot); in
    # full, wrapped, on the Rejected and Superseded sheets.
    widths = [70 if col == "reason" else 40 if col == "file"
              else width_for_heading(heading(col, labels), 14) for col in cols]
    ws = w.sheet("Returns", widths, freeze="C2")
    w.frame(ws, returns, labels, fmts, "Returns")
    _print_register(ws, cols, 1 + len(returns))
    for _rule, (info, df) in c.league.items():
        _league(w, info, df)
    _plans(w, c.plans)
    if len(c.year_on_year):
        ws = w.sheet("Year on year", [12, 24, 10, 10, 10, 20, 34, 8, 14, 14, 14, 10, 10],
                     freeze="A2")
        w.frame(ws, c.year_on_year, {}, {"from_value": "#,##0.00", "to_value": "#,##0.00",
                                         "change": "#,##0.00", "change_pct": "0.00"}, "YearOnYear")
        ws = w.sheet("Commitments progress", [12, 16, 10, 10, 10, 24, 40, 10, 10, 12, 12, 14,
                                              14, 12], freeze="A2")
        w.frame(ws, c.progress, {}, {"target": "#,##0.00", "from_value": "#,##0.00",
                                     "to_value": "#,##0.00"}, "CommitmentsProgress")
    ws = w.sheet("Rejected", [40, 10, 10, 10, 10, 12, 60, 50, 80], freeze="A2")
    w.frame(ws, rejected, {"ask_sender_for": "Ask the sender for"}, {}, "Rejected",
            wrap=("reason", "ask_sender_for", "problems"))
    ws = w.sheet("Superseded", [40, 10, 10, 10, 10, 22, 40, 22, 90], freeze="A2")
    w.frame(ws, superseded, {}, {}, "Superseded", wrap=("changes",))
    write_atomic(path, w.save)
    return path
