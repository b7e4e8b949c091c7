"""Verifying the benchmark chart of a layout-3 or -4 workbook against objects.Chart.

The drawing holds one chart and nothing else, anchored below the sheet's
cells; the chart is one clustered bar chart whose series read exactly the
signed ranges. It holds no figures or text of its own: no literal values
(numLit, strLit), no cached value that is not the cell's, no reference to
other cells (error bars, labels from cells, titles from cells), no text but
the signed titles, no number formats but the cells' own (and the value axis's
signed one), no cut, stretched or reversed value axis (layout 4: its ends and
gridlines exactly as signed), no pictures or shapes. Colours, fonts, gaps and the
legend are an analyst's to restyle and are not compared (as cell borders).
"""
from __future__ import annotations

from forms.schema.kinds.typed import same_figure
from forms.workbook.layout import Sheet, format_of
from forms.workbook.objects import Chart, parse_range
from forms.workbook.sheet_xml import _SHOWN

DRAWING = _SHOWN["drawing"]
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
C, A, XDR = "{" + NS_C + "}", "{" + NS_A + "}", "{" + NS_XDR + "}"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
MAX_ELEMENTS = 20_000        # the signed chart has a few hundred, LibreOffice's re-save more
_ANCHOR_PARTS = {"from", "to", "ext", "graphicFrame", "clientData"}
_ADDED = {"numLit": "figures of its own (not read from the cells)",
          "strLit": "text of its own (not read from the cells)",
          "errBars": "error bars", "trendline": "a trend line", "upDownBars": "up-down bars",
          "userShapes": "shapes drawn over it", "blip": "a picture",
          "pivotSource": "a pivot table source", "externalData": "data from another file"}
_READS = {"tx": {C + "strRef"}, "cat": {C + "strRef", C + "numRef"}, "val": {C + "numRef"}}
_PART_WORDS = {"tx": "name", "cat": "categories", "val": "values"}
_CHART_STYLES = {"chartStyle", "chartColorStyle"}      # Excel writes these on a re-save


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def chart_problems(gw, sheet: Sheet, chart: Chart, drawing: str) -> list[str]:
    from forms.workbook.object_check import read_tree
    where = f"sheet '{sheet.title}'"
    if gw.pkg.content_type(drawing) != DRAWING_TYPE:
        return [f"{where} has a drawing ({drawing}) that is not declared one"]
    root = read_tree(gw, drawing, MAX_ELEMENTS)
    if root is None:
        return [f"{where} has a drawing holding far more than the signed chart"]
    anchors = list(root)
    if len(anchors) != 1:
        return [f"{where} has {len(anchors)} charts, pictures or shapes in its drawing; the "
                "signed workbook has one chart"]
    anchor = anchors[0]
    out = _anchor_problems(anchor, chart, where)
    refs = [el.get(f"{{{NS_R}}}id") for el in anchor.iter(C + "chart")]
    others = sorted({_local(el.tag) for el in anchor.iter()
                     if _local(el.tag) in ("sp", "pic", "grpSp", "cxnSp", "contentPart", "t")})
    if others or len(refs) != 1:
        return out + [f"{where} has shapes, pictures or text in its drawing "
                      f"({', '.join(others) or 'no chart'}); the signed workbook has one chart"]
    rels = gw.pkg.rels(drawing)
    if set(rels) != {refs[0]} or rels[refs[0]][0] != "chart":
        return out + [f"{where}: its drawing links to more than its chart "
                      f"({', '.join(k for k, _ in rels.values())})"]
    part = rels[refs[0]][1]
    if gw.pkg.content_type(part) != CHART_TYPE or gw.pkg.member(part) is None:
        return out + [f"{where}: its chart ({part}) is not declared a chart"]
    extra = [k for k, _ in gw.pkg.rels(part).values() if k not in _CHART_STYLES]
    if extra:
        out.append(f"{where}: its chart links to {', '.join(extra)}, which the program never "
                   "writes")
    space = read_tree(gw, part, MAX_ELEMENTS)
    if space is None:
        return out + [f"{where}: its chart holds far more than the signed one"]
    return out + ChartReading(space, sheet, chart, where).problems()


def _anchor_problems(anchor, chart: Chart, where: str) -> list[str]:
    placing = _local(anchor.tag)
    if placing not in ("oneCellAnchor", "twoCellAnchor"):
        return [f"{where} places its chart by {placing}, which may cover the cells"]
    odd = sorted({_local(el.tag) for el in anchor} - _ANCHOR_PARTS)
    out = [f"{where} has {', '.join(odd)} in its chart's drawing"] if odd else []
    rows = []
    for end in ("from", "to"):
        el = anchor.find(XDR + end)
        row = el.find(XDR + "row") if el is not None else None
        text = (row.text or "").strip() if row is not None else ""
        rows.append(int(text) if text.isdigit() else None)
    top, bottom = rows
    if top is None or top < chart.below_row or (bottom is not None and bottom < top):
        out.append(f"{where} has its chart placed over the cells (from row "
                   f"{'?' if top is None else top + 1}); the signed chart sits below row "
                   f"{chart.below_row}")
    return out


def _norm(ref: str) -> tuple[str, str]:
    """"'Bench marks'!$C$4:$C$8" -> ("Bench marks", "C4:C8"): how a chart names cells."""
    sheet, _, cells = (ref or "").strip().rpartition("!")
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells.replace("$", "").upper()


class ChartReading:
    """One chart part against the signed chart: collects what differs."""

    def __init__(self, space, sheet: Sheet, chart: Chart, where: str):
        self.space, self.sheet, self.chart, self.where = space, sheet, chart, where
        self.cells = {(c.row, c.col): c for c in sheet.cells}
        self.out: list[str] = []
        self.parent = {child: el for el in space.iter() for child in el}
        self.signed_refs: set[int] = set()       # the series' own <f> elements, by id

    def note(self, text: str) -> None:
        line = f"{self.where}: its chart {text}"
        if line not in self.out:
            self.out.append(line)

    def problems(self) -> list[str]:
        for el in self.space.iter():
            name = _local(el.tag)
            if name in _ADDED:
                self.note(f"has {_ADDED[name]}, which the signed chart had not")
        plots = self.space.find(f"{C}chart/{C}plotArea")
        if plots is None:
            self.note("has no plot area")
            return self.out
        kinds = [_local(p.tag) for p in plots if _local(p.tag).endswith("Chart")]
        if kinds != ["barChart"]:
            self.note(f"draws {', '.join(kinds) or 'nothing'}; the signed chart is one bar chart")
        axes = sorted(_local(p.tag) for p in plots if _local(p.tag).endswith("Ax"))
        if axes != ["catAx", "valAx"]:
            self.note(f"has axes {', '.join(axes)}; the signed chart has a category and a "
                      "value axis")
        bar = plots.find(C + "barChart")
        if bar is not None:
            grouping = bar.find(C + "grouping")
            if grouping is not None and grouping.get("val", "clustered") != "clustered":
                self.note(f"stacks its bars ({grouping.get('val')}): value and target add up")
            self._series(bar)
        self._refs()
        self._texts()
        self._axis(plots)
        self._formats()
        return self.out

    def _series(self, bar) -> None:
        series = bar.findall(C + "ser")
        if len(series) != len(self.chart.series):
            self.note(f"has {len(series)} series; the signed chart has {len(self.chart.series)}")
            return
        title = self.sheet.title
        for n, (ser, (head, values)) in enumerate(zip(series, self.chart.series), 1):
            for part, want in (("tx", head), ("cat", self.chart.categories), ("val", values)):
                words = _PART_WORDS[part]
                refs = [r for holder in ser.findall(C + part) for r in holder]
                fs = refs[0].findall(C + "f") if len(refs) == 1 else []
                if len(refs) != 1 or refs[0].tag not in _READS[part] or len(fs) != 1:
                    self.note(f"series {n} does not read its {words} from the signed cells "
                              f"{title}!{want.replace('$', '')}")
                    continue
                self.signed_refs.add(id(fs[0]))
                found = _norm(fs[0].text or "")
                if found != (title, want.replace("$", "")):
                    self.note(f"series {n} reads its {words} from {'!'.join(found)}; the "
                              f"signed chart reads {title}!{want.replace('$', '')}")
                else:
                    self._cache(refs[0], want)
            fills = [ser.find(C + "spPr")] + [p.find(C + "spPr") for p in ser.findall(C + "dPt")]
            if any(f is not None and f.find(A + "noFill") is not None for f in fills):
                self.note(f"draws bars of series {n} with no fill, so they cannot be seen")

    def _cache(self, ref, want: str) -> None:
        r1, c1, r2, c2 = parse_range(want)
        expected = [self.cells.get((r, c)) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        for cache in ref:
            if _local(cache.tag) not in ("numCache", "strCache"):
                continue
            count = cache.find(C + "ptCount")
            if count is not None and count.get("val") != str(len(expected)):
                self.note(f"holds {count.get('val')} cached values for {want}, not "
                          f"{len(expected)}")
            seen: set[int] = set()
            for pt in cache.findall(C + "pt"):
                idx = pt.get("idx", "")
                v = pt.find(C + "v")
                if not idx.isdigit() or int(idx) in seen or int(idx) >= len(expected):
                    self.note(f"holds a cached value for {want} that is not one of its cells")
                    continue
                seen.add(int(idx))
                cell = expected[int(idx)]
                if not _same(cell.value if cell else None, v.text if v is not None else None):
                    self.note(f"shows {str(v.text if v is not None else '')[:40]!r} for a cell of "
                              f"{want} that holds {cell.value if cell else 'nothing'!s}")
            missing = [i for i, c in enumerate(expected)
                       if c is not None and c.value not in (None, "") and i not in seen]
            if missing:
                self.note(f"leaves out cached values of {want} (point {missing[0] + 1})")

    def _refs(self) -> None:
        """Every cell reference is one of the series' own: none added elsewhere."""
        odd = [el.text or "" for el in self.space.iter()
               if _local(el.tag) == "f" and id(el) not in self.signed_refs]
        if odd:
            self.note(f"reads other cells ({', '.join(t[:40] for t in odd[:2])}), which the "
                      "signed chart does not")
        for el in self.space.iter():
            if _local(el.tag) == "v" and el.tag.startswith(C):
                holder = self.parent.get(el)
                if holder is None or _local(holder.tag) != "pt":
                    self.note(f"holds a value of its own ({(el.text or '')[:40]!r})")

    def _texts(self) -> None:
        wanted = {"chart": self.chart.title, "catAx": self.chart.x_title,
                  "valAx": self.chart.y_title}
        in_titles: set[int] = set()
        found: dict[str, str] = {}
        for title in self.space.iter(C + "title"):
            owner = _local(self.parent[title].tag)
            texts = [t.text or "" for t in title.iter(A + "t")]
            in_titles |= {id(t) for t in title.iter(A + "t")}
            if owner not in wanted or owner in found:
                self.note(f"has a title where the signed chart has none ({''.join(texts)[:60]!r})")
                continue
            found[owner] = "".join(texts)
        for owner, text in wanted.items():
            if found.get(owner) is None:
                self.note(f"has lost its title {text!r}")
            elif found[owner] != text:
                self.note(f"is titled {found[owner][:80]!r} where the signed chart says {text!r}")
        # Blank text shows nothing (an openpyxl re-save leaves some): only words count.
        other = [t.text for t in self.space.iter(A + "t")
                 if id(t) not in in_titles and (t.text or "").strip()]
        if other:
            self.note(f"holds text besides its titles ({other[0][:60]!r})")

    def _axis(self, plots) -> None:
        for axis in plots.findall(C + "catAx"):      # where the bars start from
            crosses = axis.find(C + "crosses")
            if axis.find(C + "crossesAt") is not None or (
                    crosses is not None and crosses.get("val", "autoZero") != "autoZero"):
                self.note("has its bars start from another value than zero")
        for axis in plots.findall(C + "valAx"):
            scaling = axis.find(C + "scaling")
            if scaling is not None:
                self._ends(scaling)
                orient = scaling.find(C + "orientation")
                if orient is not None and orient.get("val", "minMax") != "minMax":
                    self.note("has its value axis reversed")
            self._steps(axis)

    def _ends(self, scaling) -> None:
        """Layout 3 leaves the value axis's ends to the spreadsheet; layout 4 signs them
        (from 0, to past 100 %): each must be there as signed."""
        if scaling.find(C + "logBase") is not None:
            self.note("has its value axis stretched (logBase set)")
        cut = []
        for end, want in (("min", self.chart.axis_min), ("max", self.chart.axis_max)):
            el = scaling.find(C + end)
            if want is None:
                if el is not None:
                    cut.append(end)
            elif el is None:
                self.note(f"has lost its value axis's {end}imum ({want:%}): the spreadsheet "
                          "then chooses where the bars are cut")
            elif not _same(want, el.get("val")):
                self.note(f"has its value axis's {end}imum at {str(el.get('val'))[:20]!r}; the "
                          f"signed chart's is {want:%}")
        if cut:
            self.note(f"has its value axis cut or stretched ({', '.join(cut)} set)")

    def _steps(self, axis) -> None:
        """Layout 4's gridlines every 25 % and labels in per cent, as signed."""
        want = self.chart.major_unit
        major = axis.find(C + "majorUnit")
        if want is not None and (major is None or not _same(want, major.get("val"))):
            found = "the spreadsheet's choice" if major is None else repr(major.get("val"))[:20]
            self.note(f"spaces its gridlines at {found}; the signed chart's are every {want:%}")
        if self.chart.axis_format and axis.find(C + "dispUnits") is not None:
            self.note("shows its value axis in other units (dispUnits): 100 % would not "
                      "read as 100 %")
        fmt = axis.find(C + "numFmt")
        if self.chart.axis_format and fmt is not None \
                and fmt.get("sourceLinked") not in ("1", "true") \
                and fmt.get("formatCode") != self.chart.axis_format:
            self.note(f"labels its value axis through the format {fmt.get('formatCode')!r:.40}; "
                      f"the signed chart's labels are {self.chart.axis_format!r}")

    def _formats(self) -> None:
        allowed = {"General"} | {format_of(c.style) for c in self.sheet.cells} | \
            ({self.chart.axis_format} if self.chart.axis_format else set())
        for el in self.space.iter():
            name = _local(el.tag)
            code = el.get("formatCode") if name == "numFmt" else \
                el.text if name == "formatCode" else None
            if code is not None and code not in allowed:
                self.note(f"shows numbers through the format {code[:40]!r}, which the cells do "
                          "not use")


def _same(want, text: str | None) -> bool:
    if want is None or want == "":
        return text in (None, "")
    if isinstance(want, str):
        return text == want
    try:
        return same_figure(want, float(text or "x"))
    except ValueError:
        return False
