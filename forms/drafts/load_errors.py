"""Why a draft's data does not load, in the program's words: every problem, by field label.

pydantic reports ``('savings', 1, 'status')`` and "Input should be 'planned', …";
an officer reads "Savings line 2 › Status: 'done' is not one of Planned, On track, …".
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from forms.schema.fields import Form
from forms.schema.numbers import format_number
from forms.schema.paths import ROW_NAMES
from forms.schema.spec import RETURN
from forms.schema.wording import choice_label, plural

MAX_LISTED = 200      # a draft broken in every row still gets a message of readable length


def where(loc: tuple) -> str:
    """'Savings line 2 › Status' for ('savings', 1, 'status'); one path style for every place."""
    form: Form | None = RETURN
    words: list[str] = []
    table = skipped = ""
    for step in loc:
        if isinstance(step, int):
            word = ROW_NAMES.get(table, ("Row", None))[0]
            words[-1:] = [f"{word} {step + 1}"]
            continue
        d = form.by_name.get(str(step)) if form is not None else None
        if d is None:
            words.append(str(step))
            form = None
            continue
        table = f"{table}.{d.name}" if table else d.name
        if d.name != "envelope":          # "Return › Preparer" says less than "Preparer"
            words.append(d.label)
        else:
            skipped = d.label             # ... unless the envelope itself is what is wrong
        form = d.form
    return " › ".join(words) or skipped or "the draft"


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "…")


def problem(err: dict) -> str:
    """One pydantic error as a sentence an officer can act on."""
    code, ctx, given = err["type"], err.get("ctx") or {}, err.get("input")
    if code == "literal_error":
        # The file holds stored codes, so the codes are what to write.
        options = [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        options = [o for o in options if o]
        same = [o for o in options if o.casefold() == str(given).casefold()]
        if same:
            return f"{_shown(given)} must be written {same[0]!r}, exactly so"
        return (f"{_shown(given)} is not one of the choices: "
                + ", ".join(f"{choice_label(o)} ({o!r})" for o in options))
    if code == "string_pattern_mismatch":
        email = str(err["loc"][-1]).endswith("email")
        return f"{_shown(given)} is not " + ("an email address (e.g. name@department.gov.uk)"
                                             if email else "written as this field needs")
    if code in ("string_too_long", "too_long"):
        n = int(ctx.get("max_length", 0))
        return (f"longer than the {plural(n, 'character')} allowed" if code == "string_too_long"
                else f"more than the {plural(n, 'row')} allowed")
    if code in ("greater_than_equal", "greater_than"):
        ge = Decimal(str(ctx.get("ge", ctx.get("gt", 0))))
        return "cannot be negative" if ge == 0 else f"must be at least {format_number(ge)}"
    if code in ("less_than_equal", "less_than"):
        return f"cannot be more than {format_number(Decimal(str(ctx.get('le', ctx.get('lt')))))}"
    if code == "decimal_max_places":
        n = int(ctx.get("decimal_places", 0))
        return f"{_shown(given)} has more than {plural(n, 'decimal place')}" if n else \
            f"{_shown(given)} must be a whole number"
    if code in ("decimal_parsing", "decimal_type", "int_parsing", "int_type", "finite_number"):
        return f"{_shown(given)} is not a number"
    if code == "extra_forbidden":
        return "not a field of a return (a misspelt or out-of-date name?)"
    if code in ("bool_parsing", "bool_type"):
        return f"{_shown(given)} must be true or false"
    if code in ("string_type",):
        return "must be text"
    if code in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a group of fields"
    if code == "list_type":
        return "must be a list of rows"
    return str(err["msg"]).removeprefix("Value error, ")


def describe_errors(errors: list[dict], source: str) -> str:
    """Every problem of a failed load, one per line."""
    lines = [f"  {where(tuple(e['loc']))}: {problem(e).rstrip('.')}." for e in errors[:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        lines.append(f"  … and {plural(len(errors) - MAX_LISTED, 'more problem')}.")
    return (f"{source} cannot be opened: {plural(len(errors), 'value')} "
            f"{'is' if len(errors) == 1 else 'are'} not valid. Correct "
            f"{'it' if len(errors) == 1 else 'them'} in the file:\n" + "\n".join(lines))
