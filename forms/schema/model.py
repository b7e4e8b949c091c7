"""The return as pydantic models, built from the field descriptions in forms.schema.spec.

Each Form becomes a model class with the same name; each FieldDesc a typed,
bounded pydantic field. Nothing about a field is written here that forms.schema.spec
already says: this module only turns descriptions into validation.
"""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from forms.schema import spec
from forms.schema.fields import FieldDesc, Form
from forms.schema.spec import (FUNCTION_LABELS, FUNCTIONS, PAGES, SCHEMA_VERSION,  # noqa: F401 - re-exported
                   YEAR_PATTERN, check_year, year_start)


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_assignment=True)


# --- the further checks a text field can name (FieldDesc.check) ------------------

def _pack_id(value: str) -> str:
    # An id of a shipped pack, never a path: a received return must not
    # point its own checks at a file of its choosing.
    if not re.fullmatch(spec.PACK_ID_PATTERN, value):
        raise ValueError(f"'{value}' is not a rule pack id: use a shipped pack, "
                         "e.g. smarter-government-2009")
    return value


def _known_organisation(value: str) -> str:
    """A code from the reference list; its full name or any letter case is accepted."""
    if not value:
        return value
    from forms.schema.errors import UserError
    from forms.schema.organisations import find_organisation  # reference imports this module
    try:
        return find_organisation(value).code
    except UserError as e:
        raise ValueError(str(e)) from None


CHECKS = {"year": check_year, "pack_id": _pack_id, "organisation": _known_organisation}


def _check_for(d: FieldDesc):
    own = d.codec.validator(d)      # what every field of its kind is checked for
    if own is not None:
        return own
    if not d.check:
        return None
    if d.check not in CHECKS:     # a typo in forms.schema.spec must not drop a check silently
        raise KeyError(f"forms.schema.spec: field {d.name!r} names an unknown check {d.check!r}")
    return CHECKS[d.check]


# --- descriptions -> models ------------------------------------------------------

_MODELS: dict[int, type[BaseModel]] = {}     # id(Form) -> model: forms live for ever


def model_for(form: Form) -> type[BaseModel]:
    """The pydantic model of a Form (built once, nested forms first)."""
    model = _MODELS.get(id(form))
    if model is None:
        ns: dict[str, Any] = {"__module__": __name__, "__qualname__": form.name,
                              "__doc__": form.doc or None, "__form__": form,
                              "__annotations__": {}}
        for d in form.fields:
            ns["__annotations__"][d.name] = _annotation(d)
            ns[d.name] = _field(d)
            check = _check_for(d)
            if check is not None:
                ns[f"_check_{d.name}"] = field_validator(d.name)(check)
        model = _MODELS[id(form)] = type(form.name, (Part,), ns)
    return model


def _annotation(d: FieldDesc) -> Any:
    return d.codec.annotation(d, model_for)


def _field(d: FieldDesc) -> Any:
    common = {"title": d.label}
    if d.help:
        common["description"] = d.help
    return Field(**d.codec.field_args(d, model_for), **common)


Return = model_for(spec.RETURN)
Preparer = model_for(spec.PREPARER)
Envelope = model_for(spec.ENVELOPE)
FunctionFTE = model_for(spec.FUNCTION_FTE)
FunctionCost = model_for(spec.FUNCTION_COST)
Headcount = model_for(spec.HEADCOUNT)
Building = model_for(spec.BUILDING)
FloorSpace = model_for(spec.FLOOR_SPACE)
Spend = model_for(spec.SPEND)
SavingsLine = model_for(spec.SAVINGS_LINE)
Action = model_for(spec.ACTION)
ActionPlan = model_for(spec.ACTION_PLAN)
Baseline = model_for(spec.BASELINE)
Commitment = model_for(spec.COMMITMENT)
