"""forms.schema.preview.preview_value promises "a field's value read from a draft's data
as the model would hold it". Drafts written by hand or by other tools hold JSON
that pydantic coerces or refuses; the preview must agree with it."""
import json

import pytest

from forms.schema import paths as P
from forms.drafts.store import load_draft, read_draft
from forms.schema.fields import fields_of
from forms.schema.preview import preview_value
from forms.schema.spec import RETURN
from project_paths import SAMPLE


def _sample():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("given", ["false", "no", "0", "off"])
def test_a_flag_written_as_text_previews_as_the_model_reads_it(given):
    from forms.schema.preview import preview_value
    from forms.schema import paths as P
    from forms.drafts.store import from_dict
    data = _sample()
    data["savings"][0]["cash_releasing"] = given
    ret = from_dict(json.loads(json.dumps(data)))
    path = "savings[0].cash_releasing"
    assert P.get(ret, path) is False
    assert preview_value(data, path) is False          # bool("false") is True


@pytest.mark.parametrize("given", ["1E+999999999", "-5", "NaN", "Infinity", "0E-1000000000", "abc"])
def test_a_number_the_model_would_refuse_previews_as_blank(given):
    from forms.schema.preview import preview_value
    data = _sample()
    data["headcount"]["employees_fte"] = given
    assert preview_value(data, "headcount.employees_fte") is None


def scalar_paths(form, prefix=""):
    for d in fields_of(form):
        path = f"{prefix}.{d.name}" if prefix else d.name
        if d.codec.holds_fields:
            yield from scalar_paths(d.form, path)
        elif d.codec.holds_rows:
            yield from (f"{path}[0].{c.name}" for c in fields_of(d.form))
        elif d.codec.typed:
            yield path


def test_values_shown_before_validation_are_the_models_values():
    data = read_draft(SAMPLE)
    ret = load_draft(SAMPLE)
    paths = list(scalar_paths(RETURN))
    assert len(paths) > 50
    for path in paths:
        table = path.partition("[0]")[0]
        if "[0]" in path and not P.get(ret, table):
            continue       # a table the sample leaves empty (Baselines): no row to read
        assert preview_value(data, path) == P.get(ret, path), path


def test_a_blank_return_shows_the_fields_defaults():
    from forms.schema.model import Return
    blank = Return()
    for path in scalar_paths(RETURN):
        if "[0]" not in path:
            assert preview_value({}, path) == P.get(blank, path), path
