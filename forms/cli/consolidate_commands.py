"""`backoffice consolidate`: the Treasury's run over every return received."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from forms.cli.registry import format_option, output_option, refuse_to_overwrite, register
from forms.cli.safe_text import json_text, printable
from forms.schema.errors import UserError
from forms.schema.wording import plural


def _args(p) -> None:
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                   help="signed workbooks, or folders searched for them (recursively)")
    output_option(p, "the consolidated workbook to write (.xlsx)")
    p.add_argument("--keyring", required=True, type=Path,
                   help="folder of the public keys filed per organisation (DIR/CODE/*.pem or "
                        "DIR/CODE.pem); without it no return could count as valid")
    p.add_argument("--csv", type=Path, metavar="DIR", help="also write every table as CSV here")
    p.add_argument("--parquet", type=Path, metavar="DIR",
                   help="also write every table as Parquet here (needs pyarrow)")
    p.add_argument("--force", action="store_true",
                   help="replace the consolidated workbook if it exists")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="worker processes for verifying (default: every core)")
    format_option(p)


class Progress:
    """One line, rewritten in place, on a terminal; nothing otherwise."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.on = bool(self.stream and getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.on or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        self.stream.write(f"\rVerifying {done:,} of {total:,} returns ({rate:,.0f}/s)…  ")
        self.stream.flush()

    def end(self) -> None:
        if self.on:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def _check_output(path: Path, force: bool = False) -> None:
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Write the consolidated workbook as an .xlsx file (not '{path.name}').")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending .xlsx.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist; create it or choose another.")
    refuse_to_overwrite(path, force)
    _writable(path.parent, "the consolidated workbook")


def _check_table_folder(folder: Path, option: str) -> None:
    """--csv/--parquet DIR: a folder that can be written, known before any verifying."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{option} wants a folder for the table files, but {folder} is a "
                        "file; give a folder's name.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"Cannot create the folder {folder} ({option}): "
                        f"{e.strerror or e}.") from None
    _writable(folder, f"the {option[2:].upper()} files")


def _writable(folder: Path, what: str) -> None:
    # Tried, not inferred from permission bits: on Windows those say little.
    import tempfile
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise UserError(f"Cannot write {what} in {folder} ({e.strerror or e}); choose a "
                        "folder you can write to.") from None


@register("consolidate", "verify every received return and write the consolidated "
                         "workbook (and CSV/Parquet)")(_args)
def cmd_consolidate(args) -> int:
    from forms.consolidate.files import require_parquet, write_csv, write_parquet
    from forms.consolidate.run import consolidate, load_ring
    from forms.consolidate.workbook import write_workbook
    # Every output checked before an hour of verifying, not after it.
    _check_output(args.output, args.force)
    if args.parquet:
        require_parquet()
        _check_table_folder(args.parquet, "--parquet")
    if args.csv:
        _check_table_folder(args.csv, "--csv")
    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs must be 1 or more.")
    ring = load_ring(args.keyring)
    bar = Progress()
    try:
        c = consolidate(args.paths, ring, args.jobs, bar)
    finally:
        bar.end()
    written = [write_workbook(c, args.output)]
    if args.csv:
        written += write_csv(c, args.csv)
    if args.parquet:
        written += write_parquet(c, args.parquet)
    n = c.counts
    if args.format == "json":
        print(json_text({"summary": n, "exit": c.exit_code, "cautions": c.cautions,
                         "rejected": c.rejected.to_dict(orient="records"),
                         "superseded": c.superseded.to_dict(orient="records"),
                         "not_returned": [{"organisation": code, "name": name, "years": years}
                                          for code, name, years in c.missing],
                         "written": [str(p) for p in written]}, indent=1,
                        ensure_ascii=False, default=str))
        return c.exit_code
    # Reasons quote signed text: never printed raw (see forms.cli.safe_text).
    for r in c.rejected.itertuples(index=False):
        print(f"{r.result.upper():<10} {printable(str(r.file))}: {printable(str(r.reason))}\n"
              f"           Ask the sender for {r.ask_sender_for}.")
    for r in c.superseded.itertuples(index=False):
        print(printable(f"SUPERSEDED {r.file} by {Path(r.superseded_by).name}: "
                        + "; ".join(r.changes.splitlines()[:3])))
    for caution in c.cautions:
        print(printable(caution))
    print(f"{plural(n['received'], 'file')}: {n['valid']:,} valid, {n['superseded']:,} superseded, "
          f"{n['rejected']:,} rejected, {n['unreadable']:,} unreadable.")
    if c.missing:
        print(c.not_returned())
    print(f"Wrote {args.output}" + (f" and {plural(len(written) - 1, 'table file')}"
                                    if len(written) > 1 else "") + ".")
    return c.exit_code
