"""Export a return as a signed .xlsx submission workbook.

Checks the return (errors or unexplained queries refuse the export), builds
and signs the payload, lays it out with forms.workbook.layout and writes the
workbook atomically. Pure functions of their arguments: safe on a worker thread.
"""
from __future__ import annotations

import base64
import io
from decimal import Decimal
import os
import uuid
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from forms.signing import payload as signing
from forms.schema.errors import UserError
from forms.schema.spec import DEFAULT_RULE_PACK
from forms.signing.keys import KeyInfo, load_private_key, read_key_info
from forms.workbook.cell_styles import NUMBER, split_key
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
    pack = pack or load_pack(ret.envelope.rule_pack or DEFAULT_RULE_PACK)
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
def _styles() -> dict[str, dict]:
    """openpyxl's font, fill and alignment for each style (forms.workbook.cell_styles).
    Built once: openpyxl style objects are values, never changed after this."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from forms.workbook.cell_styles import PLAIN_FONT, STYLES
    out = {}
    for key, spec in STYLES.items():
        parts = {}
        font = {k: spec[k] for k in ("bold", "italic", "size") if k in spec}
        if "colour" in spec:
            font["color"] = spec["colour"]
        if font:      # named as the workbook's own font: without a name LibreOffice shows serif
            parts["font"] = Font(**PLAIN_FONT, **font)
        if "fill" in spec:
            parts["fill"] = PatternFill("solid", start_color=spec["fill"], end_color=spec["fill"])
        align = {k: spec[k] for k in ("horizontal", "vertical", "indent") if k in spec}
        if "wrapped" in spec:
            align["wrap_text"] = spec["wrapped"]
        if align:
            parts["alignment"] = Alignment(**align)
        out[key] = parts
    return out


def write_sheets(sheets: list[Sheet], path, payload: dict | None = None) -> None:
    """Write the laid-out sheets to ``path`` as an .xlsx workbook, through openpyxl's
    public API only.

    A path that filled openpyxl's private cell map was at most about 1.2x
    faster, and the write-only API is no faster and writes no sheet dimensions,
    so every later read (verify, import) parses each sheet twice: neither was
    worth it (bench/bench_openpyxl_door.py).
    """
    from forms.workbook.object_export import add_objects, fill_totals, totals
    wb = new_workbook(payload)
    for ws, sheet in worksheets(wb, sheets):
        _add_cells(ws, sheet)
        add_names(wb, sheet)
        add_objects(ws, sheet)          # tables and charts (layout version 3)
    if not (values := totals(sheets)):
        wb.save(path)
        return
    data = io.BytesIO()
    wb.save(data)
    Path(path).write_bytes(fill_totals(data.getvalue(), values))


def new_workbook(payload: dict | None, write_only: bool = False):
    from openpyxl import Workbook
    wb = Workbook(write_only=write_only)
    if payload:
        env = payload["return"].get("envelope", {})
        wb.properties.title = f"Back-office return {env.get('organisation', '')} " \
                              f"{env.get('financial_year', '')}".strip()
        wb.properties.creator = f"Back Office Return {payload['program']['version']}"
    return wb


def worksheets(wb, sheets: list[Sheet]):
    """Each laid-out sheet with its worksheet, set up (see set_up_sheet)."""
    spare = wb.active       # the sheet a new workbook has (none if write-only) comes first
    for sheet in sheets:
        if spare is not None:
            ws, spare = spare, None
            ws.title = sheet.title
        else:
            ws = wb.create_sheet(sheet.title)
        set_up_sheet(ws, sheet)
        yield ws, sheet


@lru_cache(maxsize=1)
def _protection():
    # A convenience against accidental typing; the signature is the security.
    from openpyxl.worksheet.protection import SheetProtection
    return SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                           selectLockedCells=False, selectUnlockedCells=False)


def set_up_sheet(ws, sheet: Sheet) -> None:
    """Column widths, frozen panes, visibility, printing and protection."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet
    for col, width in sheet.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    for row, height in sheet.heights.items():
        ws.row_dimensions[row].height = height
    if sheet.hidden:
        ws.sheet_state = "veryHidden"
    elif sheet.printing is not None:
        set_up_printing(ws, sheet.printing)
    else:
        # Printed, each sheet fits the page width (landscape) instead of
        # spilling its right-hand columns onto pages of their own.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.protection = _protection()


def set_up_printing(ws, setup) -> None:
    """A4 pages as forms.workbook.print_setup planned them (layout 3)."""
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.worksheet import Worksheet
    from forms.workbook.print_setup import MARGINS
    ps = ws.page_setup
    ps.paperSize = Worksheet.PAPERSIZE_A4
    ps.orientation = "landscape" if setup.landscape else "portrait"
    if setup.fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ps.fitToWidth, ps.fitToHeight = 1, 0
    else:
        ps.scale = setup.scale
        ps.pageOrder = setup.page_order
        for col in setup.col_breaks:
            ws.col_breaks.append(Break(id=col))
    for row in setup.row_breaks:
        ws.row_breaks.append(Break(id=row))
    if setup.title_rows:
        ws.print_title_rows = setup.title_rows
    if setup.title_cols:
        ws.print_title_cols = setup.title_cols
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    for part, sections in ((ws.oddHeader, setup.header), (ws.oddFooter, setup.footer)):
        part.left.text, part.center.text, part.right.text = (t or None for t in sections)


def add_names(wb, sheet: Sheet) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    quoted = "'" + sheet.title.replace("'", "''") + "'"
    for name, ref in sheet.names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"{quoted}!{ref}")


def _add_cells(ws, sheet: Sheet) -> None:
    cell_at = ws.cell
    for c in sheet.cells:
        if c.value is not None or c.style:
            fill_cell(cell_at(c.row, c.col), c.value, c.style)


def fill_cell(cell, value, style: str) -> None:
    """An openpyxl cell given a laid-out value and style. The value is typed here:
    text is always text (openpyxl would make "=..." a formula and "#N/A" an
    error), numbers are numbers."""
    if isinstance(value, str):
        cell.value = text = check_cell_text(escape_text(value) if "_x" in value else value)
        cell.data_type = "s"
        if text.startswith(FORMULA_START):     # officer text, never a formula
            cell.quotePrefix = True
    else:
        if isinstance(value, Decimal) and value.is_zero() and value.is_signed():
            value = Decimal(0)       # "-0" typed: every spreadsheet shows 0
        cell.value = value
    style, top = split_key(style)
    if style.startswith(NUMBER):
        cell.number_format = style[len(NUMBER):]
    else:
        for attr, v in _styles().get(style, {}).items():
            setattr(cell, attr, v)
    if top:         # a tall row (layout 3): every cell reads from the top
        from copy import copy
        alignment = copy(cell.alignment)
        alignment.vertical = "top"
        cell.alignment = alignment


def check_cell_text(text: str) -> str:
    # The layout already removed what XML cannot hold and refused over-long
    # text; this is the last line before openpyxl would silently truncate.
    if len(text) > 32767:
        raise UserError("A value cannot be written to a workbook cell (too long or holding "
                        "control characters).")
    return text
