"""The reader verify and import use: a workbook as Excel and LibreOffice show it, read once.

StrictWorkbook offers what verification needs (sheet names and states, defined
names with their scope, styles, every cell of a sheet through a visitor) and
nothing lenient: see forms.workbook.package for the package and
forms.workbook.sheet_xml for sheets. Failures are NotAReturn (cannot be read,
exit 2) or Ambiguous (readable two ways or holding what no export does, exit 1).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from forms.schema.errors import NotAReturn
from forms.workbook.appearance import shown, theme_colours
from forms.workbook.package import (NS_MAIN, NS_MC, NS_REL, WORKSHEET_TYPE, Ambiguous, Package,
                                    local, too_many_sheets)
from forms.workbook.sheet_tree import TREE_BYTES, scan_tree
from forms.workbook.sheet_xml import SheetFacts, StopScan, scan_sheet, string_item, unescape

M = "{" + NS_MAIN + "}"
MC = "{" + NS_MC + "}"
R_ID = "{" + NS_REL + "}id"
# Bounds far above any return, so a hostile file costs little before refusal.
MAX_STRINGS = 400_000      # a return of 20,000 buildings and 20,000 savings lines has fewer
MAX_NAMES = 20_000
MAX_STYLES = 65_536          # Excel's own limit is about 64,000 cell formats
_SECTIONS = ("fonts", "fills", "cellXfs", "cellStyleXfs", "dxfs", "numFmts")
_APPLY = ("applyNumberFormat", "applyFont", "applyFill", "applyAlignment")


_READ_ONCE: dict[tuple, object] = {}
_READ_ONCE_MAX = 32      # distinct themes and style sheets a process keeps


def _remember(key: tuple, value: object) -> None:
    if len(_READ_ONCE) >= _READ_ONCE_MAX:
        _READ_ONCE.clear()        # many distinct senders' programs: start again
    _READ_ONCE[key] = value


@dataclass(frozen=True)
class Style:
    """What a cell style shows: number format, font, fill, alignment, protection."""
    number_format: str = "General"
    font: tuple = ()
    fill: tuple = ()
    alignment: tuple = ()
    quote: bool = False
    hidden: bool = False
    shown: tuple = ()            # the look a reader is shown (forms.workbook.appearance)


@dataclass
class SheetEntry:
    name: str
    state: str
    part: str
    rels: dict = field(default_factory=dict)


def _builtin_formats() -> dict[int, str]:
    from forms.workbook.builtin_styles import BUILTIN_FORMATS
    return dict(BUILTIN_FORMATS)


def _attrs(el, skip=()) -> tuple:
    return tuple(sorted((k, v) for k, v in el.attrib.items() if k not in skip))


def _subtree(el) -> tuple:
    """An element's children and their attributes, as a comparable value."""
    return tuple((local(c.tag), _attrs(c), _subtree(c)) for c in el)


class StrictWorkbook:
    def __init__(self, path, data: bytes | None = None):
        self.pkg = Package(path, data)
        self.name = self.pkg.name
        self.path = self.pkg.path
        try:
            self._read()
        except BaseException:
            self.pkg.close()
            raise

    def __enter__(self) -> "StrictWorkbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.pkg.close()

    # --- workbook, styles, strings -------------------------------------------------

    def _guarded(self, part: str, events=("start", "end")):
        """A part's events, refusing workbook content inside markup-compatibility blocks."""
        depth = 0
        for ev, el in self.pkg.parse(part, events):
            if el.tag == MC + "AlternateContent":
                depth += 1 if ev == "start" else -1
            elif depth and ev == "start" and el.tag.startswith(M):
                raise Ambiguous(f"{self.name}: {part} wraps {local(el.tag)} in a "
                                "markup-compatibility block, which programs read differently")
            yield ev, el

    def _read(self) -> None:
        main = self.pkg.main_part()
        rels = self.pkg.rels(main)
        self.sheets: list[SheetEntry] = []
        self.names: list[tuple[str, int | None, str, bool]] = []   # name, scope, text, hidden
        self.date1904 = False
        lists: set[str] = set()
        for ev, el in self._guarded(main, ("start", "end")):
            tag = el.tag
            if ev == "start":
                if tag in (M + "sheets", M + "definedNames"):
                    if tag in lists:
                        raise Ambiguous(f"{self.name} has two <{local(tag)}> lists: programs "
                                        "would read different ones")
                    lists.add(tag)
                continue
            if tag == M + "sheet":
                rid = el.get(R_ID, "")
                rel_kind, part = rels.get(rid, ("", ""))
                name = el.get("name", "")
                if rel_kind != "worksheet":
                    raise Ambiguous(f"{self.name}: sheet {name!r} is not a worksheet "
                                    f"({rel_kind or 'its relationship is missing'})")
                if self.pkg.member(part) is None:
                    raise Ambiguous(f"{self.name}: sheet {name!r} points to {part}, which is "
                                    "not in the file")
                if self.pkg.content_type(part) != WORKSHEET_TYPE:
                    raise Ambiguous(f"{self.name}: sheet {name!r} ({part}) is not declared a "
                                    "worksheet")
                self.sheets.append(SheetEntry(name, el.get("state", "visible"), part))
            elif tag == M + "definedName":
                if len(self.names) >= MAX_NAMES:
                    raise Ambiguous(f"{self.name} defines over {MAX_NAMES:,} names, far more "
                                    "than the program writes")
                scope = el.get("localSheetId")
                self.names.append((el.get("name", ""), int(scope) if scope and scope.isdigit()
                                   else None, el.text or "", el.get("hidden") in ("1", "true")))
            elif tag == M + "workbookPr":
                self.date1904 = el.get("date1904") in ("1", "true")
        too_many_sheets(self.name, len(self.sheets))
        self._check_names()
        parts = [s.part.casefold() for s in self.sheets]
        if len(set(parts)) != len(parts):
            raise Ambiguous(f"{self.name}: two sheets are read from the same part")
        by_kind = {k: p for k, p in rels.values() if k in ("styles", "sharedStrings", "theme")}
        self._theme_and_styles(by_kind.get("theme"), by_kind.get("styles"))
        self.strings: list[tuple[str, bool]] = []
        if by_kind.get("sharedStrings"):
            self._read_shared_strings(by_kind["sharedStrings"])

    def _read_shared_strings(self, part: str) -> None:
        """The shared strings; the common item (<si><t>text</t></si>) on a fast path."""
        strings, t_tag, si_tag = self.strings, M + "t", M + "si"
        for ev, el in self.pkg.parse(part, ("end",)):
            if el.tag != si_tag:
                if el.tag.startswith(MC):      # an item inside one ends before it: refused here
                    raise Ambiguous(f"{self.name}: the shared strings hold markup-"
                                    "compatibility blocks, which programs read differently")
                continue
            if len(strings) >= MAX_STRINGS:
                raise NotAReturn(f"{self.name} holds over {MAX_STRINGS:,} distinct texts, far "
                                 "more than any return; refused.")
            if len(el) == 1 and el[0].tag == t_tag and not len(el[0]):
                text = el[0].text or ""
                strings.append((unescape(text) if "_x" in text else text, False))
            else:
                strings.append(string_item(el, f"{self.name}: shared string {len(strings)}"))
            el.clear()

    def _check_names(self) -> None:
        seen: dict[str, str] = {}
        for s in self.sheets:
            key = unicodedata.normalize("NFKC", s.name).casefold()
            if key in seen:
                raise Ambiguous(f"{self.name} has two sheets named alike ({seen[key]!r} and "
                                f"{s.name!r})")
            seen[key] = s.name
        # LibreOffice writes a sheet's print titles twice when both rows and columns
        # repeat on every page; they only say what prints, never a value read.
        scoped = [(n.casefold(), scope) for n, scope, _t, _h in self.names
                  if n != "_xlnm.Print_Titles"]
        if len(set(scoped)) != len(scoped):
            raise Ambiguous(f"{self.name} defines a name twice in the same scope")

    def _theme_and_styles(self, theme: str | None, styles: str | None) -> None:
        """The theme's colours and the cell styles, read once per process for each
        distinct content: returns exported by one program carry the same bytes, and
        reading them again is a fifth of a verify. Keyed by the SHA-256 of the bytes
        themselves; a part that fails to read is never remembered."""
        if theme:
            key = ("theme", self.pkg.digest(theme))
            if key not in _READ_ONCE:
                _remember(key, theme_colours(self.pkg.parse(theme, ("end",))))
            self.theme = dict(_READ_ONCE[key])
        else:
            self.theme = None
        key = ("styles", self.pkg.digest(styles) if styles else "",
               tuple(sorted((self.theme or {}).items())))
        if key not in _READ_ONCE:
            self.table_styles: set[str] = set()      # custom table styles (objects: none)
            self._styles(styles)
            _remember(key, (tuple(self.styles), frozenset(self.table_styles)))
        cached_styles, cached_tables = _READ_ONCE[key]
        self.styles, self.table_styles = list(cached_styles), set(cached_tables)

    def _styles(self, part: str | None) -> None:
        formats = _builtin_formats()
        custom: set[int] = set()
        custom_sections: set[str] = set()
        fonts: list[tuple] = []
        fills: list[tuple] = []
        xfs: dict[str, list[tuple]] = {"cellXfs": [], "cellStyleXfs": []}
        if part:
            section = ""
            for ev, el in self._guarded(part, ("start", "end")):
                tag = local(el.tag) if el.tag.startswith(M) else ""
                if ev == "start":
                    if tag in _SECTIONS:
                        if tag in custom_sections:
                            raise Ambiguous(f"{self.name} has two <{tag}> lists in its styles: "
                                            "programs would read different ones")
                        custom_sections.add(tag)
                        section = tag
                    continue
                if tag == "numFmt" and section == "numFmts":
                    fid = el.get("numFmtId", "")
                    if fid.isdigit():
                        if int(fid) in custom:
                            raise Ambiguous(f"{self.name} defines number format {fid} twice: "
                                            "programs would show different ones")
                        custom.add(int(fid))
                        formats[int(fid)] = el.get("formatCode", "")
                elif tag == "font" and section == "fonts":
                    fonts.append(_subtree(el))
                elif tag == "fill" and section == "fills":
                    fills.append(_subtree(el))
                elif tag == "xf" and section in xfs:
                    if len(xfs[section]) >= MAX_STYLES:
                        raise Ambiguous(f"{self.name} has over {MAX_STYLES:,} cell styles, "
                                        "more than Excel allows")
                    xfs[section].append((dict(el.attrib), _subtree(el)))
                elif tag == "tableStyle":
                    self.table_styles.add(el.get("name", ""))
                elif tag in _SECTIONS:
                    section = ""
        base = fonts[0] if fonts else ()

        def parts(attrs: dict, rest: tuple) -> tuple:
            try:
                return (formats[int(attrs.get("numFmtId", "0"))],
                        fonts[int(attrs.get("fontId", "0"))] if fonts else (),
                        fills[int(attrs.get("fillId", "0"))] if fills else (),
                        tuple(x for x in rest if x[0] == "alignment"))
            except (ValueError, KeyError, IndexError):
                raise Ambiguous(f"{self.name}: a cell style names a format, font or fill that "
                                "is not in the workbook") from None
        parents = [parts(a, r) for a, r in xfs["cellStyleXfs"]]
        self.styles: list[Style] = []
        for attrs, rest in xfs["cellXfs"] or [({}, ())]:
            code, font_v, fill_v, align = mine = parts(attrs, rest)
            self._one_reading(attrs, mine, parents, base)
            prot = [dict(x[1]) for x in rest if x[0] == "protection"]
            self.styles.append(Style(code, font_v, fill_v, align,
                                     attrs.get("quotePrefix") in ("1", "true"),
                                     bool(prot and prot[0].get("hidden") in ("1", "true")),
                                     shown(font_v, fill_v, align, base, self.theme)))

    def _one_reading(self, attrs: dict, mine: tuple, parents: list, base: tuple) -> None:
        """A cell style saying 'do not apply my font' (applyFont="0") is read by some
        programs with its own font and by others with its parent style's: the two must
        look the same."""
        off = [i for i, k in enumerate(_APPLY) if attrs.get(k, "1").lower() in ("0", "false")]
        if not off:
            return
        xf_id = attrs.get("xfId", "0")
        parent = parents[int(xf_id)] if xf_id.isdigit() and int(xf_id) < len(parents) else None
        if parent is None:
            raise Ambiguous(f"{self.name}: a cell style names a parent style that is not there")
        for i in off:
            a, b = mine[i], parent[i]
            if i == 1:
                a, b = shown(a, (), (), base, self.theme), shown(b, (), (), base, self.theme)
            elif i == 2:
                a, b = shown((), a, (), base, self.theme), shown((), b, (), base, self.theme)
            elif i == 3:
                a, b = shown((), (), a, base, self.theme), shown((), (), b, base, self.theme)
            if a != b:
                raise Ambiguous(f"{self.name}: a cell style can be read two ways (its own "
                                f"{_APPLY[i][5:].lower()} or its parent style's), which "
                                "programs show differently")

    # --- what verify asks ------------------------------------------------------------

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def entry(self, title: str) -> SheetEntry:
        for s in self.sheets:
            if s.name == title:
                return s
        raise KeyError(title)

    def sheet_state(self, title: str) -> str:
        return self.entry(title).state

    def defined_names(self) -> dict[str, str]:
        """Workbook-level defined names -> their formula text, e.g. "'Cover'!$B$4"."""
        return {n: text for n, scope, text, _h in self.names if scope is None}

    def scan(self, title: str, visit, budget: int | None = None) -> SheetFacts:
        """Every cell of a sheet through ``visit(row, col, value, type, style, rich)``;
        at most ``budget`` elements are read (see scan_sheet)."""
        entry = self.entry(title)
        entry.rels = self.pkg.rels(entry.part)     # refuses foreign relationships by name
        where = f"{self.name}: sheet '{title}'"
        styles = self.styles

        def styled(r, c, v, t, xf, rich):
            visit(r, c, v, t, styles[xf], rich)
        root = self.pkg.tree(entry.part, TREE_BYTES)     # small and plain: read whole, faster
        if root is not None:
            facts = scan_tree(root, where, self.strings, len(styles), styled, budget)
            del root
            if facts is not None:
                return facts
        return scan_sheet(self.pkg.parse(entry.part), where, self.strings, len(styles),
                          styled, budget)

    def cells(self, title: str, max_row: int,
              max_col: int) -> dict[tuple[int, int], tuple[Any, str, str]]:
        """Non-empty cells within A1:(max_row, max_col): (value, type, number format)."""
        out: dict[tuple[int, int], tuple[Any, str, str]] = {}

        def keep(r, c, v, t, style, rich):
            if r > max_row:
                raise StopScan          # rows come in order: the rest lies beyond the range
            if v is not None and c <= max_col:
                out[(r, c)] = (v, t, style.number_format)
        self.scan(title, keep)
        return out


def open_strict(path) -> StrictWorkbook:
    try:
        return StrictWorkbook(path)
    except MemoryError:
        raise NotAReturn(f"{getattr(path, 'name', path)} is too large to read; refused.") from None
