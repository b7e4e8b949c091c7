"""Export a return as a signed .xlsx submission workbook.

Checks the return (errors or unexplained queries refuse the export), builds
and signs the payload, lays it out with forms.workbook.layout and writes the
workbook atomically. Pure functions of their arguments: safe on a worker thread.
"""
from __future__ import annotations

import base64
import os
import uuid
from copy import copy
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from forms.signing import payload as signing
from forms.schema.errors import UserError
from forms.signing.keys import KeyInfo, load_private_key, read_key_info
from forms.workbook.layout import (FORMULA_START, LAYOUT_VERSION, Sheet, escape_text, layout,
                              signature_sheet)

EXTENSIONS = (".xlsx",)


class ExportBlocked(UserError):
    """Errors or unexplained queries remain; ``findings`` lists them."""

    def __init__(self, findings: list):
        self.findings = list(findings)
        n_err = sum(1 for f in self.findings if f.severity == "error")
        n_q = len(self.findings) - n_err
        shown = "; ".join(f.message for f in self.findings[:5])
        more = f"; and {len(self.findings) - 5} more" if len(self.findings) > 5 else ""
        from forms.schema.wording import plural
        super().__init__(f"Cannot export: {plural(n_err, 'error')} and "
                         f"{plural(n_q, 'unexplained query')} remain. Fix the errors and fix "
                         f"or explain the queries. {shown}{more}")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    submission_id: str
    fingerprint: str
    signed_at: str


def _check(ret, previous, pack):
    from validators.engine import check
    from validators.packs import load_pack
    pack = pack or load_pack(ret.envelope.rule_pack or "smarter-government-2009")
    report = check(ret, pack, previous)
    if report.blocking:
        raise ExportBlocked(report.blocking)
    return report, pack


def _check_target(out_path: str | os.PathLike) -> Path:
    out = Path(out_path)
    if out.suffix.lower() not in EXTENSIONS:
        raise UserError(f"Save the signed return as an .xlsx file (not '{out.name}').")
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name ending .xlsx.")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist; create it or choose another.")
    return out


def check_key_owner(key_info: KeyInfo, ret) -> None:
    """Refuse a key issued to another organisation (before any passphrase is asked for)."""
    org = ret.envelope.organisation
    if key_info.organisation.casefold() != org.casefold():
        raise UserError(f"This key belongs to {key_info.organisation}, but the return is for "
                        f"{org or 'no organisation'}. Sign with {org or 'the organisation'}'s key.")


def export_return(ret, key_path, passphrase: str, out_path, previous=None,
                  pack=None) -> ExportResult:
    """Check, sign with the key file and write the submission workbook."""
    _check_target(out_path)
    report, pack = _check(ret, previous, pack)     # refuse before the slow key unlock
    check_key_owner(read_key_info(key_path), ret)
    key, info = load_private_key(key_path, passphrase)
    return export_signed(ret, key, info, out_path, previous, pack, report)


def export_signed(ret, private_key, key_info: KeyInfo, out_path, previous=None, pack=None,
                  report=None) -> ExportResult:
    """As export_return, with a key already unlocked."""
    out = _check_target(out_path)
    if report is None or pack is None:
        report, pack = _check(ret, previous, pack)
    check_key_owner(key_info, ret)
    submission_id, signed_at = str(uuid.uuid4()), signing.utc_now()
    payload = signing.build_payload(ret, report, pack, submission_id=submission_id,
                                    signed_at=signed_at, key=key_info,
                                    layout_version=LAYOUT_VERSION, previous=previous)
    try:
        data = signing.encode(payload)
    except ValueError as e:
        raise UserError(f"Cannot sign this return: {e}.") from None
    signature = signing.sign(private_key, data)
    sheets = layout(payload) + [signature_sheet(base64.b64encode(data).decode("ascii"),
                                                base64.b64encode(signature).decode("ascii"),
                                                key_info.public_pem)]
    from forms.drafts.atomic import write_atomic
    try:
        write_atomic(out, lambda tmp: write_sheets(sheets, tmp, payload))
    except PermissionError:
        raise UserError(f"Cannot write {out}: it is open in another program or the folder is "
                        "read-only. Close it and try again.") from None
    except OSError as e:
        raise UserError(f"Cannot write {out}: {e.strerror or e}.") from None
    return ExportResult(out, submission_id, key_info.fingerprint, signed_at)


# --- writing sheets with openpyxl ------------------------------------------------

@lru_cache(maxsize=1)
def _styles():
    # Built once: openpyxl style objects are values, never changed after this.
    from openpyxl.styles import Alignment, Font, PatternFill
    grey = "595959"
    fill = lambda rgb: PatternFill("solid", start_color=rgb, end_color=rgb)  # noqa: E731
    styles = {
        "title": {"font": Font(bold=True, size=14)},
        "note": {"font": Font(italic=True, color=grey)},
        "header": {"font": Font(bold=True), "fill": fill("DDEBF7"),
                   "alignment": Alignment(wrap_text=True, vertical="top")},
        "wrap": {"alignment": Alignment(wrap_text=True, vertical="top")},
        "text": {}, "index": {}, "label": {},
        "sev:error": {"font": Font(bold=True, color="C00000")},
        "sev:query": {"font": Font(bold=True, color="9C5700")},
        "sev:benchmark": {"font": Font(color="1F4E79")},
        "status:good": {"fill": fill("C6EFCE"), "font": Font(color="006100")},
        "status:near": {"fill": fill("FFEB9C"), "font": Font(color="9C5700")},
        "status:bad": {"fill": fill("FFC7CE"), "font": Font(color="9C0006")},
        "status:na": {"fill": fill("EDEDED"), "font": Font(color=grey)},
    }
    for depth in range(4):
        styles[f"label:{depth}"] = {"alignment": Alignment(indent=depth)} if depth else {}
        styles[f"subhead:{depth}"] = {"font": Font(bold=True), "alignment": Alignment(indent=depth)}
    styles["subhead"] = styles["subhead:0"]
    return styles


def _array(arrays: dict, ws, key: str, quote: bool):
    """The openpyxl style array for a style key, registered on first use.

    Setting fonts and fills cell by cell costs a lookup each time; copying a
    ready style array is what openpyxl itself does when copying cells. Only
    the styles a workbook uses reach its stylesheet.
    """
    k = f"{key}|q" if quote else key
    arr = arrays.get(k)
    if arr is None:
        from openpyxl.cell import Cell
        probe = Cell(ws)       # detached: only its style is wanted
        if key.startswith("num:"):
            probe.number_format = key[4:]
        else:
            for attr, v in _styles().get(key, {}).items():
                setattr(probe, attr, v)
        if quote:
            probe.quotePrefix = True
        arr = arrays[k] = copy(probe._style)
    return arr


PLAIN = frozenset(("", "text", "index", "label", "label:0"))


def write_sheets(sheets: list[Sheet], path, payload: dict | None = None) -> None:
    """Write the laid-out sheets to ``path`` as an .xlsx workbook."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.protection import SheetProtection

    wb = Workbook()
    spare = wb.active       # the sheet every new workbook has becomes the first one
    if payload:
        env = payload["return"].get("envelope", {})
        wb.properties.title = f"Back-office return {env.get('organisation', '')} " \
                              f"{env.get('financial_year', '')}".strip()
        wb.properties.creator = f"Back Office Return {payload['program']['version']}"
    # A convenience against accidental typing; the signature is the security.
    protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                 selectLockedCells=False, selectUnlockedCells=False)
    arrays: dict[str, object] = {}
    for sheet in sheets:
        if spare is not None:
            ws, spare = spare, None
            ws.title = sheet.title
        else:
            ws = wb.create_sheet(sheet.title)
        for col, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        if sheet.freeze:
            ws.freeze_panes = sheet.freeze
        if sheet.hidden:
            ws.sheet_state = "veryHidden"
        else:
            # Printed, each sheet fits the page width (landscape) instead of
            # spilling its right-hand columns onto pages of their own.
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.protection = protection
        _add_cells(ws, sheet, arrays)
        quoted = "'" + sheet.title.replace("'", "''") + "'"
        for name, ref in sheet.names.items():
            wb.defined_names[name] = _defined_name(name, f"{quoted}!{ref}")
    wb.save(path)


@lru_cache(maxsize=1)
def _name_template() -> dict | None:
    from openpyxl.workbook.defined_name import DefinedName
    fields = vars(DefinedName("n", attr_text="r"))
    # openpyxl keeps each attribute in the instance dict under its own name;
    # if a release ever stops doing so, names are built the ordinary way.
    return dict(fields) if {"name", "attr_text"} <= fields.keys() else None


def _defined_name(name: str, ref: str):
    """DefinedName(name, attr_text=ref), without sixteen validated assignments
    per name: a workbook has one per data cell, and they were a twentieth of
    the sample's export time."""
    from openpyxl.workbook.defined_name import DefinedName
    template = _name_template()
    if template is None:
        return DefinedName(name, attr_text=ref)
    dn = DefinedName.__new__(DefinedName)
    vars(dn).update(template, name=name, attr_text=ref)
    return dn


# The attributes openpyxl's Cell.__init__ sets. When a release has exactly these
# slots, cells are filled in directly, a quarter of the constructor's cost (a
# large return has some 30,000 cells); any other release gets the constructor.
_CELL_SLOTS = frozenset(("row", "column", "_value", "data_type", "parent", "_hyperlink",
                         "_comment", "_style"))


@lru_cache(maxsize=1)
def _cell_maker():
    from openpyxl.cell import Cell
    from openpyxl.styles.cell_style import StyleArray
    slots = set()
    for klass in Cell.__mro__:
        slots.update(getattr(klass, "__slots__", ()))
    if slots != _CELL_SLOTS:
        def construct(ws, row, col, value, data_type, style):
            cell = Cell(ws, row, col, None, style)
            cell._value, cell.data_type = value, data_type     # typed here, never guessed
            return cell
        return construct
    new = Cell.__new__

    def make(ws, row, col, value, data_type, style):
        cell = new(Cell)
        cell.parent, cell.row, cell.column = ws, row, col
        cell._value, cell.data_type = value, data_type
        cell._style = StyleArray(style) if style is not None else None
        cell._hyperlink = cell._comment = None
        return cell
    return make


def _add_cells(ws, sheet: Sheet, arrays) -> None:
    """Put the sheet's cells straight into the worksheet's cell map, typed here.

    Text is always text (openpyxl would make "=..." a formula and "#N/A" an
    error), numbers are numbers; each cell gets its style array at once instead
    of a font/fill lookup per cell.
    """
    make = _cell_maker()
    cells = ws._cells
    plain = {k: None for k in PLAIN}          # style key -> style array (None: default)
    for c in sheet.cells:
        v, style = c.value, c.style
        if v is None and not style:
            continue
        if style in plain:
            arr = plain[style]
        else:
            arr = plain[style] = _array(arrays, ws, style, False)
        if isinstance(v, str):
            if v.startswith(FORMULA_START):    # officer text, never a formula
                arr = _array(arrays, ws, style or "text", True)
            v, kind = check_cell_text(escape_text(v) if "_x" in v else v), "s"
        elif v is None or isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            kind = "n"
            if isinstance(v, Decimal) and v.is_zero() and v.is_signed():
                v = Decimal(0)       # "-0" typed: every spreadsheet shows 0
        else:     # anything else the layout may one day hold: openpyxl types it
            from openpyxl.cell import Cell as XlCell
            cells[(c.row, c.col)] = XlCell(ws, c.row, c.col, v, arr)
            continue
        cells[(c.row, c.col)] = make(ws, c.row, c.col, v, kind, arr)
    if cells:    # what ws._add_cell would have kept: the sheet's last row
        ws._current_row = max(r for r, _ in cells)


def check_cell_text(text: str) -> str:
    # The layout already removed what XML cannot hold and refused over-long
    # text; this is the last line before openpyxl would silently truncate.
    if len(text) > 32767:
        raise UserError("A value cannot be written to a workbook cell (too long or holding "
                        "control characters).")
    return text
