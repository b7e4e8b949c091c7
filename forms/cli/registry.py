"""The table of sub-commands: each command module registers its own here."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable

# name -> (add_arguments, run); filled by register() here and in the *_commands modules.
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


def output_option(p: argparse.ArgumentParser, help: str, required: bool = True) -> None:
    """-o/--output, the one spelling of "write to"; --out still works as before."""
    p.add_argument("-o", "--output", "--out", dest="output", required=required, type=Path,
                   help=help)


def format_option(p: argparse.ArgumentParser, choices=("text", "json")) -> None:
    p.add_argument("--format", choices=list(choices), default=choices[0],
                   help=f"how to print the result (default: {choices[0]})")


def refuse_to_overwrite(path: Path, force: bool) -> None:
    """Every command that writes a file: an existing one is replaced only with --force."""
    if path.exists() and not force:
        from forms.schema.errors import UserError
        raise UserError(f"{path} already exists; choose another name, or add --force to "
                        "replace it.")
