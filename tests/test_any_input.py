"""Arbitrary input to any field gives a value or a validation error, never another exception."""
import json
import typing

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pydantic import BaseModel, ValidationError

from forms.drafts.store import from_dict
from forms.schema.errors import NotAReturn, UserError
from forms.schema.model import Return, SavingsLine, Building, Action
from validators.engine import check


def leaf_paths(model: type[BaseModel], prefix=()):
    """(path tuple, row model or None) for every leaf field of the return."""
    for name, info in model.model_fields.items():
        ann = info.annotation
        args = typing.get_args(ann)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from leaf_paths(ann, prefix + (name,))
        elif args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            yield from leaf_paths(args[0], prefix + (name, 0))
        else:
            yield prefix + (name,)


PATHS = list(leaf_paths(Return))

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50)
    | st.sampled_from(["1,234.5", "12 000", "-0", "1e400", "NaN", "Infinity", "=SUM(A1)", "2009-10",
                       "9" * 40, "0.0000001", "£5", "", " "]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5)


def build(path, value):
    d: dict = {}
    cur = d
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(step, int):
            continue
        nxt = path[i + 1] if not last else None
        if last:
            cur[step] = value
        elif isinstance(nxt, int):
            row: dict = {}
            cur[step] = [row]
            cur = row
        else:
            cur = cur.setdefault(step, {})
    return d


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=anything)
def test_any_value_in_any_field_validates_or_is_refused(path, value):
    data = build(path, value)
    try:
        ret = Return.model_validate(data)
    except ValidationError:
        return
    try:
        check(ret)   # a valid return can always be checked...
    except UserError as e:   # ...unless it names a rule pack we do not have
        assert "rule pack" in str(e)


@settings(max_examples=200, deadline=None)
@given(path=st.sampled_from(PATHS), value=anything)
def test_any_value_through_the_draft_loader(path, value):
    data = build(path, value)
    data.setdefault("envelope", {})
    data["schema_version"] = 2
    try:
        json.dumps(data, default=str)
        from_dict(data)
    except NotAReturn:
        pass
    except ValueError as e:  # json itself refusing NaN/inf is not our path
        assert "Out of range float" in str(e)


@settings(max_examples=300, deadline=None)
@given(model=st.sampled_from([Building, SavingsLine, Action]), value=anything, data=st.data())
def test_any_value_assigned_to_a_row_field(model, value, data):
    name = data.draw(st.sampled_from(list(model.model_fields)))
    row = model()
    try:
        setattr(row, name, value)
    except ValidationError:
        pass


@pytest.mark.parametrize("text", ["1,234.5", "12 000", "£5"])
def test_officer_formatted_numbers_are_refused_by_the_model_not_guessed(text):
    # Parsing "1,234.5" is the input widget's job (it shows why it refuses); the model only takes numbers.
    with pytest.raises(ValidationError):
        Building(nia_m2=text)
