"""Last year's return as the start of this year's."""
from __future__ import annotations

from forms.schema.errors import NotAReturn, UserError


def next_year(ret):
    """Last year's return as the start of this year's.

    The year moves on one, and the rule pack to that year's (when last year's was
    its year's); the officer's explanations are dropped, since they answered last
    year's figures. Savings lines, the action plan and the
    actions named for shortfalls carry over: they run for several years.
    """
    from forms.schema.spec import year_start, year_text
    start = year_start(ret.envelope.financial_year)
    if start is None:
        raise NotAReturn("The signed return names no financial year; it cannot start the next one.")
    data = ret.model_dump(mode="json")
    year = data["envelope"]["financial_year"] = year_text(start + 1)
    # The new year's pack, unless last year's named one that is not a year's default.
    from forms.schema.organisations import pack_for_year
    if ret.envelope.rule_pack in ("", pack_for_year(ret.envelope.financial_year)):
        data["envelope"]["rule_pack"] = pack_for_year(year)
    data["explanations"] = {}
    return type(ret).model_validate(data)


def check_previous(ret, previous, name: str) -> None:
    """Refuse, saying why, a 'last year's return' that is another body's or not earlier.

    The desktop's import and the command line's --previous both ask this, so the
    year-on-year checks run on the same pairs of returns everywhere."""
    from forms.schema.spec import year_start
    env, penv = ret.envelope, previous.envelope
    if env.organisation and penv.organisation and env.organisation != penv.organisation:
        raise UserError(f"{name} is {penv.organisation}'s return, not {env.organisation}'s. "
                        "Choose your own organisation's return.")
    y, py = year_start(env.financial_year), year_start(penv.financial_year)
    if y is not None and py is not None and py >= y:
        raise UserError(f"{name} is for {penv.financial_year}, not a year before "
                        f"{env.financial_year}. Choose last year's return.")
