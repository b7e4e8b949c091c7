"""Blank answers as "to do", not errors, until they are due (issue 14 §1; the GOV.UK pattern).

The checks count a required answer left blank as an error, and the CLI's
``validate`` says so. The window does not shout about a blank return: a blank
answer is *to do* (neutral, counted as progress) until the officer has worked
on its page, that is changed an answer on it and then gone to another page,
or tries to export. Then the page's blank answers are errors. Wrong answers
are errors at once, whatever the page. Nothing here changes what blocks export.

A return that is opened (a draft, a workbook, a recovered autosave) counts
its pages as worked on where they hold anything the officer gave, that is
anything a new return for the same organisation and year would not hold.
Nothing new is kept in the draft.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from forms.schema.errors import UserError
from validators.findings import Finding

from desktop.pages.registry import PAGE_OF_ROOT, page_of, real_path

if TYPE_CHECKING:
    from forms.schema.model import Return


def given_pages(ret: Return) -> set[str]:
    """Pages holding answers the officer gave: what differs from a new return like it."""
    from forms.drafts.new_return import new_return
    from forms.schema.model import Return as Blank
    from validators.baselines import prefill
    env = ret.envelope
    try:
        fresh = new_return(env.organisation, env.financial_year, env.body_name, env.return_kind)
        prefill(fresh)          # as the New dialog does
    except (UserError, ValueError):
        fresh = Blank()
    return {page for root, page in PAGE_OF_ROOT.items()
            if getattr(ret, root) != getattr(fresh, root)}


class Progress:
    """Which pages' blank answers are errors by now; the rest are to do."""

    def __init__(self) -> None:
        self.due: set[str] = set()       # pages whose blank answers are errors
        self.worked: set[str] = set()    # pages with an answer changed, not yet left
        self.insist = False              # export was tried: every blank answer is an error

    def start(self, due: set[str]) -> None:
        """Another return is shown."""
        self.due, self.worked, self.insist = set(due), set(), False

    def edited(self, page: str) -> None:
        self.worked.add(page)

    def left(self, page: str) -> bool:
        """The officer left ``page``: True when its blank answers became errors."""
        if page in self.worked and page not in self.due:
            self.due.add(page)
            return True
        return False

    def export_tried(self) -> bool:
        """True when this turned to-dos into errors."""
        changed = not self.insist
        self.insist = True
        return changed

    def is_todo(self, f: Finding) -> bool:
        return (f.blank and f.severity == "error" and not self.insist
                and page_of(real_path(f.paths)) not in self.due)
