"""The `backoffice` command. Every subcommand calls the same core functions as the GUI.

Exit codes: 0 success; 1 the return has problems (or the command refused);
2 a file cannot be read or is not what was expected; 3 an unexpected error (a bug). No traceback reaches
the user: errors they can cause are one line on stderr.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from pathlib import Path
from typing import Callable

from .errors import NotAReturn, UserError

# name -> (add_arguments, run); filled by register() here and in cli_*.py modules.
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


def register(name: str, help: str):
    def wrap(fn_args: Callable):
        def deco(run: Callable):
            COMMANDS[name] = (help, fn_args, run)
            return run
        return deco
    return wrap


def _no_args(p: argparse.ArgumentParser) -> None:
    pass


# --- organisations --------------------------------------------------------

@register("organisations", "list the reference bodies and their codes")(_no_args)
def cmd_organisations(args) -> int:
    from .reference import organisations
    for o in organisations():
        under = f"  (under {o.parent})" if o.parent else ""
        print(f"{o.code:<8} {o.name}{under}")
    return 0


# --- new ------------------------------------------------------------------

def _new_args(p):
    p.add_argument("--organisation", required=True, help="code or full name, any case")
    p.add_argument("--year", required=True, help="financial year, e.g. 2009-10")
    p.add_argument("--body", default="", help="name of the agency, ALB or local body")
    p.add_argument("--kind", choices=["outturn", "plan"], default="outturn")
    p.add_argument("-o", "--output", required=True, type=Path, help="draft file to write")


@register("new", "start a blank return pre-filled with the body's commitments")(_new_args)
def cmd_new(args) -> int:
    from .reference import new_return
    ret = new_return(args.organisation, args.year, args.body, args.kind)
    if args.output.exists():
        raise UserError(f"{args.output} already exists; choose another name or delete it first.")
    _save(ret, args.output)
    print(f"Wrote {args.output}: {ret.envelope.organisation} {ret.envelope.financial_year}, "
          f"{len(ret.savings)} savings line(s) and {len(ret.action_plan.actions)} action(s) "
          "pre-filled from the 2009 improvement plan.")
    return 0


def _save(ret, path: Path) -> None:
    from .drafts import save_draft
    try:
        save_draft(ret, path)
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror or e}.") from None


# --- validate -------------------------------------------------------------

def load_any(path: Path):
    """A draft (.json) or a signed workbook (.xlsx): the return inside."""
    from .drafts import load_draft
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xltx"):
        from .workbook_import import import_workbook
        return import_workbook(path)
    return load_draft(path)


def _validate_args(p):
    p.add_argument("draft", type=Path)
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")
    p.add_argument("--pack", help="rule pack id or .toml file (default: the one the return names)")
    p.add_argument("--format", choices=["text", "json"], default="text")


@register("validate", "check a return; exit 0 when nothing blocks submission")(_validate_args)
def cmd_validate(args) -> int:
    from validators.engine import check
    from validators.packs import RulePackError, load_pack
    ret = load_any(args.draft)
    previous = load_any(args.previous) if args.previous else None
    try:
        pack = load_pack(args.pack or ret.envelope.rule_pack)
    except RulePackError as e:
        raise NotAReturn(str(e)) from None
    report = check(ret, pack, previous)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0 if report.can_submit else 1


def format_report(report) -> str:
    lines = []
    for f in report.findings:
        tag = f.severity.upper()
        if f.severity == "query" and report.explained(f):
            tag = "QUERY (explained)"
        lines.append(f"{tag:<18} {f.rule_id:<28} {f.message}")
    n_err, n_q = len(report.errors), len(report.queries)
    unexplained = sum(1 for f in report.queries if not report.explained(f))
    lines.append("")
    lines.append(f"{n_err} error(s), {n_q} query(ies) of which {unexplained} unexplained, "
                 f"{len(report.benchmarks)} benchmark(s). Rule pack {report.pack_id}.")
    lines.append("Ready to export." if report.can_submit else
                 "Not ready: fix the errors and fix or explain the queries.")
    return "\n".join(lines)


# --- schema ---------------------------------------------------------------

@register("schema", "print the draft's JSON Schema")(_no_args)
def cmd_schema(args) -> int:
    from .model import Return
    print(json.dumps(Return.model_json_schema(), indent=1, ensure_ascii=False))
    return 0


# --- GUI ------------------------------------------------------------------

def _open_args(p):
    p.add_argument("file", type=Path, nargs="?", help="a draft (.json) or signed workbook (.xlsx)")


@register("open", "open the desktop program, optionally on a file")(_open_args)
def cmd_open(args) -> int:
    from desktop.app import run  # Qt only when the window is wanted
    return run(args.file)


def _load_command_modules() -> None:
    # Workbook and key commands live beside their code and register on import;
    # a plain import (not importlib) so the PyInstaller bundle includes them.
    from . import cli_workbook  # noqa: F401


def build_parser() -> argparse.ArgumentParser:
    _load_command_modules()
    parser = argparse.ArgumentParser(
        prog="backoffice",
        description="Back Office Return: fill, check and sign the annual back-office "
                    "benchmarking return. With no command, opens the desktop program.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help, add_args, _) in COMMANDS.items():
        add_args(sub.add_parser(name, help=help, description=help))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        args.command, args.file = "open", None
    _, _, run = COMMANDS[args.command]
    try:
        code = run(args)
        if sys.stdout is not None:     # None without a console (pythonw)
            sys.stdout.flush()         # a closed pipe shows here, not as noise at exit
        return code
    except NotAReturn as e:
        print(f"backoffice: {e}", file=sys.stderr)
        return 2
    except UserError as e:
        print(f"backoffice: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("backoffice: interrupted.", file=sys.stderr)
        return 130
    except OSError as e:
        if not _stdout_gone(e):
            return _unexpected(e)
        _silence_stdout()
        return 1
    except Exception as e:  # a bug, not the user's doing: one line, details on request
        return _unexpected(e)


def _unexpected(e: Exception) -> int:
    if os.environ.get("BACKOFFICE_DEBUG"):
        raise e
    print(f"backoffice: unexpected error ({type(e).__name__}: {e}). Nothing was changed "
          "by the failed step; set BACKOFFICE_DEBUG=1 to see the details, and please "
          "report it.", file=sys.stderr)
    return 3


def _stdout_gone(e: OSError) -> bool:
    """The reader of the output went away (`backoffice organisations | more`).

    Windows often reports that as EINVAL rather than a broken pipe: then stdout
    is the culprit only if flushing it still fails.
    """
    if isinstance(e, BrokenPipeError):
        return True
    if e.errno not in (errno.EPIPE, errno.EINVAL) or sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _silence_stdout() -> None:
    # What is still buffered would otherwise fail again, noisily, at exit.
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(fd, sys.stdout.fileno())
        finally:
            os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass     # no real file behind stdout: nothing is flushed at exit either


if __name__ == "__main__":
    # Run as `python -m forms.cli`: this copy is __main__, and the workbook
    # commands register into the imported forms.cli, so dispatch through that.
    from forms.cli import main as _main
    sys.exit(_main())
