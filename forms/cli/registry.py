"""The table of sub-commands: each command module registers its own here."""
from __future__ import annotations

import argparse
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
