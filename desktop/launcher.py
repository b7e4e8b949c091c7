"""The installed `backoffice` command: the core CLI plus the desktop program's `open`.

The core (forms.cli) never imports the desktop; this thin launcher, above both,
adds the commands that need Qt (`open`, and `pdf`, laid out by Qt's PDF writer) and
`self-test` (`--self-test`), which opens a window. Qt itself loads only when a window is wanted.
"""
from __future__ import annotations

import sys
from pathlib import Path

import argparse

from forms.cli.main import main as core_main, run_parsed
from forms.cli.registry import _no_args, output_option, refuse_to_overwrite, register


def _open_args(p) -> None:
    p.add_argument("file", type=Path, nargs="?", help="a draft (.json) or signed workbook (.xlsx)")


@register("open", "open the desktop program, optionally on a file")(_open_args)
def cmd_open(args) -> int:
    from desktop import startup_gc
    startup_gc.pause()        # before Qt and the window: see desktop/startup_gc.py
    try:
        from desktop.app import run
        return run(args.file)
    finally:
        startup_gc.resume()


def _pdf_args(p) -> None:
    p.add_argument("draft", type=Path, help="the return: a draft (.json) or a signed workbook (.xlsx)")
    output_option(p, "PDF file to write")
    p.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")
    p.add_argument("--pack", help="rule pack id or .toml file (default: the one the return names)")


@register("pdf", "write the return, its checks and benchmarks as a PDF for approval")(_pdf_args)
def cmd_pdf(args) -> int:
    from forms.cli.draft_commands import load_checked
    refuse_to_overwrite(args.output, args.force)
    ret, report = load_checked(args)
    from desktop.files.pdf import _pack_of, return_pdf
    pages = return_pdf(ret, report, args.output, _pack_of(report))
    print(f"Wrote {args.output}: {pages} pages for approval.")
    return 0


@register("self-test", "check this installation end to end in a temporary folder "
                       "(also: backoffice --self-test); exit 0 when every step passes")(_no_args)
def cmd_self_test(args) -> int:
    from desktop.self_test import run_self_test
    return run_self_test()


def plain_open(args: list[str]) -> argparse.Namespace | None:
    """`backoffice`, `backoffice open` and `backoffice open FILE` read as the parser
    reads them (_open_args), without building it: argparse's words go through gettext,
    whose first use imports locale, ~3 ms of the window's start. Anything else (an
    option, more words) is None: the parser's to read."""
    if len(args) > 2 or args[:1] not in ([], ["open"]) or any(a.startswith("-") for a in args):
        return None
    return argparse.Namespace(command="open", file=Path(args[1]) if len(args) == 2 else None)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--self-test"]:       # the spelling IT teams are given (packaging/README.md)
        args = ["self-test", *args[1:]]
    plain = plain_open(list(args))
    return run_parsed(plain) if plain is not None else core_main(args)


if __name__ == "__main__":
    sys.exit(main())
