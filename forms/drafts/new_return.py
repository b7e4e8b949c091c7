"""A new return: blank, pre-filled with the organisation's published commitments."""
from __future__ import annotations

from typing import TYPE_CHECKING

from forms.schema.errors import UserError
from forms.schema.organisations import commitments_for, find_organisation, pack_for_year

if TYPE_CHECKING:      # the models are built on demand: the desktop looks names up first
    from forms.schema.model import Return


def new_return(organisation: str, year: str, body_name: str = "",
               return_kind: str = "outturn") -> Return:
    """A blank return pre-filled with the organisation's published commitments.

    Any well-formed year: the New dialog and the `new` command first refuse one
    typed by mistake (validators.packs.check_new_year, which knows the packs)."""
    from forms.schema.model import Action, ActionPlan, Commitment, Envelope, Return, SavingsLine
    org = find_organisation(organisation)
    try:
        env = Envelope(organisation=org.code, financial_year=year, body_name=body_name,
                       return_kind=return_kind, rule_pack=pack_for_year(year))
    except ValueError as e:
        raise UserError(_first_error(e)) from None
    ret = Return(envelope=env)
    c = commitments_for(org.code)
    if c:
        ret.savings = [SavingsLine(**line) for line in c["savings"]]
        ret.action_plan = ActionPlan(summary=c["summary"],
                                     actions=[Action(**a) for a in c["actions"]])
        # Commitments no figure measures: the officer reports their status.
        ret.commitments = [Commitment(**x) for x in c.get("reported", [])]
    return ret


def _first_error(e: Exception) -> str:
    errors = getattr(e, "errors", None)
    if callable(errors):
        from forms.drafts.load_errors import problem
        return problem(errors()[0])
    return str(e)

