"""Table A of the 2009 annex, read from its own text (tests/reference, a copy of the
Treasury's document), so reference data can be checked against its wording."""
from __future__ import annotations

import html
import re

from project_paths import ROOT

ANNEX = ROOT / "tests" / "reference" / "back-office-improvement-plans-2009.txt"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def table_a() -> dict[str, tuple[str, list[str]]]:
    """Department as Table A names it -> (summary, actions), each action as printed
    less its bullet and the '; and' / ';' / '.' that joins it to the next."""
    out = {}
    for line in ANNEX.read_text(encoding="utf-8").splitlines():
        if "\t<p>" not in line:
            continue
        dept, cell = line.split("\t", 1)
        summary = " ".join(_plain(p) for p in re.findall(r"<p>(.*?)</p>", cell))
        items = [bare(_plain(li).removeprefix("•").strip())
                 for li in re.findall(r"<li>(.*?)</li>", cell)]
        out[dept.strip()] = (summary, items)
    return out


def bare(text: str) -> str:
    """An action's words without the punctuation that joins it to the next."""
    text = " ".join(text.split())
    for end in ("; and", ";", "."):
        if text.endswith(end):
            return text[: -len(end)].rstrip()
    return text
