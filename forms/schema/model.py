"""The return as pydantic models, built from the field descriptions in forms.schema.spec.

Each Form becomes a model class with the same name; each FieldDesc a typed,
bounded pydantic field. Nothing about a field is written here that forms.schema.spec
already says: this module only turns descriptions into validation.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from forms.schema import spec
from forms.schema.fields import TEXT_LONG, FieldDesc, Form
from forms.schema.numbers import MAX_EXPONENT
from forms.schema.spec import (FUNCTION_LABELS, FUNCTIONS, PAGES, SCHEMA_VERSION,  # noqa: F401 - re-exported
                   YEAR_PATTERN, check_year, year_start)


def _no_rows() -> list:
    # A plain function, not ``list``: pydantic inspects a default factory's
    # signature, and a builtin's costs a tokenizer regex compile at start-up.
    return []


def _no_entries() -> dict:
    return {}


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_assignment=True)


# --- the further checks a text field can name (FieldDesc.check) ------------------

def _pack_id(value: str) -> str:
    # An id of a shipped pack, never a path: a received return must not
    # point its own checks at a file of its choosing.
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
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


def _limit_text(value: dict[str, str]) -> dict[str, str]:
    for k, t in value.items():
        if len(k) > 300 or len(t) > TEXT_LONG:
            raise ValueError(f"explanation for {k[:40]!r} is longer than {TEXT_LONG} characters")
    return {k: t.strip() for k, t in value.items()}


def _written_out(value: Decimal | None) -> Decimal | None:
    if value is not None and abs(value.as_tuple().exponent) > MAX_EXPONENT:
        raise ValueError(f"'{value}' is not written out as a number: write it in full, "
                         "e.g. 1234.5")
    return value


CHECKS = {"year": check_year, "pack_id": _pack_id, "organisation": _known_organisation}


def _check_for(d: FieldDesc):
    if d.kind == "mapping":
        return _limit_text
    if d.kind == "number":
        return _written_out
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
    if d.kind == "number":
        return Optional[Decimal]
    if d.kind == "choice":
        return Literal[d.choices]
    if d.kind == "group":
        return model_for(d.form)
    if d.kind == "list":
        return list[model_for(d.form)] if d.form is not None else list[str]
    return {"text": str, "bool": bool, "int": int, "mapping": dict[str, str]}[d.kind]


def _field(d: FieldDesc) -> Any:
    common = {"title": d.label}
    if d.help:
        common["description"] = d.help
    if d.kind == "number":
        return Field(default=None, ge=_plain(d.ge), le=d.le, decimal_places=d.max_places,
                     json_schema_extra={"unit": d.unit, "places": d.places, "kind": "number",
                                        "integer": d.integer}, **common)
    if d.kind == "text":
        return Field(default=d.default, max_length=d.max_length, pattern=d.pattern,
                     json_schema_extra={"unit": "", "kind": "text", "multiline": d.multiline},
                     **common)
    if d.kind == "choice":
        return Field(default=d.default, json_schema_extra={"unit": "", "kind": "choice"}, **common)
    if d.kind == "group":
        return Field(default_factory=model_for(d.form), **common)
    if d.kind == "list":
        return Field(default_factory=_no_rows, max_length=d.max_length, **common)
    if d.kind == "mapping":
        return Field(default_factory=_no_entries, **common)
    return Field(default=d.default, **common)


def _plain(v: Decimal | None) -> int | Decimal | None:
    # Whole bounds as int, as JSON Schema writes them (0, not "0").
    return int(v) if v is not None and v == v.to_integral_value() else v


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
