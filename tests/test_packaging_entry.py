"""The bundle's windowed program takes the file Windows hands it, or `open FILE` as the CLI spells it."""
import importlib.util
from pathlib import Path

from project_paths import ROOT


def _entry():
    spec = importlib.util.spec_from_file_location("entry_gui", ROOT / "packaging" / "entry_gui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)      # its __main__ block does not run
    return module


def test_the_windowed_program_opens_the_file_it_is_given_either_way():
    entry = _entry()
    assert entry.file_argument([]) is None
    assert entry.file_argument(["C:/Returns/draft.json"]) == Path("C:/Returns/draft.json")
    assert entry.file_argument(["open", "draft.json"]) == Path("draft.json")
    assert entry.file_argument(["open"]) == Path("open")      # a file that is called "open"
