"""Consolidate: find, verify in parallel, sort out duplicates, build every table.

The one function the command and the desktop window call. It never stops
for a bad file; a cancelled run returns what was done so far.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from forms.consolidate.collect import (IN_PROCESS_BELOW, Processed, default_jobs, find_files,
                                       verify_all)
from forms.consolidate.verified import UNREADABLE, made_writable


@dataclass
class Consolidation:
    received: list[Processed]
    returns: Any                    # pandas DataFrames from here on
    rejected: Any
    superseded: Any
    league: dict[str, tuple]        # rule id -> (RuleInfo, DataFrame)
    plans: Any
    year_on_year: Any
    progress: Any                   # commitments' progress year on year
    missing: list[tuple[str, str, list[str]]]
    cancelled: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    cautions: list[str] = field(default_factory=list)   # said before the counts

    def not_returned(self, most: int | None = None) -> str:
        """"Not returned: HMRC, HMT (2010-11), ..." for the expected bodies missing ("" when
        none is); at most ``most`` named, the rest counted (the Summary sheet lists all)."""
        if not self.missing:
            return ""
        several = len({y for _c, _n, years in self.missing for y in years}) > 1
        named = [f"{code} ({', '.join(years)})" if several and years else code
                 for code, _n, years in self.missing]
        rest = len(named) - most if most is not None and len(named) > most else 0
        shown = ", ".join(named[:len(named) - rest])
        return f"Not returned: {shown}" + (f" and {rest:,} more (all on the workbook's Summary)."
                                           if rest else ".")

    @property
    def exit_code(self) -> int:
        """0 all valid, 1 any rejected, 2 nothing could be read."""
        c = self.counts
        if c["received"] == 0 or c["unreadable"] == c["received"]:
            return 2
        return 1 if c["rejected"] + c["unreadable"] else 0


def load_ring(keyring: str | os.PathLike | dict):
    from forms.signing.keys import load_keyring
    return keyring if isinstance(keyring, dict) else load_keyring(keyring)


def _import_ahead() -> None:
    """What tabling and writing need, made ready while the workers verify: the parent
    only waits for them then. pandas and openpyxl take about 0.4 s to import, and the
    shipped rule pack's titles (the rule-pack models, then the pack) 0.15 s: together
    a fifth of a 250-return run."""
    try:
        import openpyxl  # noqa: F401
        import pandas  # noqa: F401
    except Exception:   # noqa: BLE001 - missing (said where it is needed), or the
        return          # program is quitting under it: "can't register atexit after shutdown"
    try:
        from forms.consolidate.analysis import rule_info
        rule_info("", "")     # the default pack's rules, parsed and cached (lru_cache)
    except Exception:   # noqa: BLE001 - only a head start: the tables do it again, and say why
        pass


def consolidate(paths: list[str | os.PathLike], keyring, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Consolidation:
    from forms.consolidate import analysis, tables
    ring = load_ring(keyring)
    files, missing = find_files([Path(p) for p in paths])
    if len(files) >= IN_PROCESS_BELOW and (jobs or default_jobs()) > 1:
        threading.Thread(target=_import_ahead, name="import-ahead", daemon=True).start()
    received = missing + verify_all(files, ring, jobs, progress, cancelled)
    for p in received:      # file names and problems as every table can hold them
        made_writable(p.received)
    stopped = bool(cancelled and cancelled()) and len(received) < len(files) + len(missing)
    s = tables.sort_received(received)
    yoy, prog = analysis.year_on_year(s.kept)
    n_unread = sum(1 for p in s.rejected if p.received.status == UNREADABLE)
    counts = {"received": len(received), "valid": len(s.kept), "superseded": len(s.superseded),
              "rejected": len(s.rejected) - n_unread, "unreadable": n_unread}
    return Consolidation(received, tables.returns_frame(s), tables.rejected_frame(s),
                         tables.superseded_frame(s), analysis.league_tables(s.kept),
                         analysis.improvement_plans(s.kept), yoy, prog,
                         analysis.missing_bodies(s.kept), stopped, counts,
                         cautions(paths, keyring, ring, files))


def cautions(paths, keyring, ring: dict, files: list) -> list[str]:
    """What the analyst most likely got wrong, when every return would say it alone:
    no workbook in the folders given, or a keyring with no key in it."""
    out = []
    if not files:
        where = ", ".join(str(p) for p in paths) or "the folders given"
        out.append(f"No workbooks (.xlsx) were found in {where}: give the folder the returns "
                   "were saved in (its subfolders are searched too).")
    if files and not any((ring or {}).values()):
        folder = "" if isinstance(keyring, dict) else f" {keyring}"
        out.append(f"The keyring{folder} holds no public keys, so no return can be trusted: "
                   "choose the folder where the organisations' public keys (.pem) are filed.")
    return out
