"""The installed `backoffice` command: the core CLI plus the desktop program's `open`.

The core (forms.cli) never imports the desktop; this thin launcher, above both,
adds the one command that needs Qt. Qt itself loads only when a window is wanted.
"""
from __future__ import annotations

import sys
from pathlib import Path

from forms.cli.main import main as core_main
from forms.cli.registry import register


def _open_args(p) -> None:
    p.add_argument("file", type=Path, nargs="?", help="a draft (.json) or signed workbook (.xlsx)")


@register("open", "open the desktop program, optionally on a file")(_open_args)
def cmd_open(args) -> int:
    from desktop.app import run
    return run(args.file)


def main(argv: list[str] | None = None) -> int:
    return core_main(argv)


if __name__ == "__main__":
    sys.exit(main())
