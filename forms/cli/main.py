"""The `backoffice` command. Every subcommand calls the same core functions as the GUI.

Exit codes are in forms.cli.exit_codes. No traceback reaches the user: errors
they can cause are one line on stderr. The desktop program's `open` command is
added by desktop.launcher, never imported from here: the core knows nothing of Qt.
"""
from __future__ import annotations

import argparse
import errno
import os
import sys

from forms.cli import exit_codes
from forms.cli.registry import COMMANDS
from forms.schema.errors import NotAReturn, UserError


def _load_command_modules() -> None:
    # Command modules register on import; a plain import (not importlib) so
    # the PyInstaller bundle includes them.
    from forms.cli import (consolidate_commands, draft_commands, rules_commands,  # noqa: F401
                           workbook_commands)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command`` (already registered), only that command's part.

    Building every command's arguments and importing their modules costs tens of
    milliseconds that `backoffice open` (the desktop program's start) need not wait
    for; `backoffice --help` and an unknown command still get the whole parser."""
    if command not in COMMANDS:
        _load_command_modules()
        command = command if command in COMMANDS else None
    parser = argparse.ArgumentParser(
        prog="backoffice",
        description="Back Office Return: fill, check and sign the annual back-office "
                    "benchmarking return."
                    + (" With no command, opens the desktop program." if "open" in COMMANDS
                       else ""),
        epilog=exit_codes.EPILOG)
    from forms.schema.version import VERSION
    parser.add_argument("--version", action="version", version=f"backoffice {VERSION}",
                        help="print the program's version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="what to do (each has its own --help)")
    for name, (help, add_args, _) in COMMANDS.items():
        if command is not None and name != command:
            continue
        # Every command's --help ends with what its exit status means.
        add_args(sub.add_parser(name, help=help, description=help, epilog=exit_codes.EPILOG))
    return parser


def _printable_anywhere() -> None:
    """Output to a code page that lacks a character ('−', '→' in commitment titles, on
    a Windows console redirected to a cp1252 file) prints '?' there instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding and encoding not in ("utf8", "utf16", "utf32") and \
                getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass        # not reconfigurable: left as it is


def main(argv: list[str] | None = None) -> int:
    _printable_anywhere()
    argv = sys.argv[1:] if argv is None else list(argv)
    named = argv[0] if argv and not argv[0].startswith("-") else None
    try:
        # Building the parser imports the command's modules: Ctrl+C here is answered too.
        parser = build_parser(named if argv else "open")    # no command: the desktop program
    except KeyboardInterrupt:
        return _interrupted()
    args = parser.parse_args(argv)
    if not args.command:
        if "open" not in COMMANDS:
            parser.print_help()
            return exit_codes.OK
        args.command, args.file = "open", None
    return run_parsed(args)


def run_parsed(args: argparse.Namespace) -> int:
    """Run the command ``args`` names, as parsed: errors the user can cause are one line
    and an exit code, never a traceback."""
    _printable_anywhere()
    _, _, run = COMMANDS[args.command]
    try:
        code = run(args)
        if sys.stdout is not None:     # None without a console (pythonw)
            sys.stdout.flush()         # a closed pipe shows here, not as noise at exit
        return code
    except NotAReturn as e:
        print(f"backoffice: {e}", file=sys.stderr)
        return exit_codes.UNREADABLE
    except UserError as e:
        print(f"backoffice: {e}", file=sys.stderr)
        return exit_codes.PROBLEMS
    except KeyboardInterrupt:
        return _interrupted()
    except OSError as e:
        if not _stdout_gone(e):
            return _unexpected(e)
        _silence_stdout()
        return exit_codes.PROBLEMS
    except Exception as e:  # a bug, not the user's doing: one line, details on request
        return _unexpected(e)


def _interrupted() -> int:
    # Writers cut off mid-file (openpyxl's generators) complain again as they are
    # collected; the one line below is all the user needs. Atomic writes leave no
    # part-written file.
    sys.unraisablehook = lambda _unraisable: None
    print("backoffice: interrupted.", file=sys.stderr)
    return exit_codes.INTERRUPTED


def _unexpected(e: Exception) -> int:
    if os.environ.get("BACKOFFICE_DEBUG"):
        raise e
    print(f"backoffice: unexpected error ({type(e).__name__}: {e}). Nothing was changed "
          "by the failed step; set BACKOFFICE_DEBUG=1 to see the details, and please "
          "report it.", file=sys.stderr)
    return exit_codes.BUG


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


