"""desktop.document.preview_value promises "a field's value read from a draft's data
as the model would hold it". Drafts written by hand or by other tools hold JSON
that pydantic coerces or refuses; the preview must agree with it."""
import json

import pytest

from project_paths import SAMPLE


def _sample():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("given", ["false", "no", "0", "off"])
def test_a_flag_written_as_text_previews_as_the_model_reads_it(given):
    from desktop.document import preview_value
    from forms import paths as P
    from forms.drafts import from_dict
    data = _sample()
    data["savings"][0]["cash_releasing"] = given
    ret = from_dict(json.loads(json.dumps(data)))
    path = "savings[0].cash_releasing"
    assert P.get(ret, path) is False
    assert preview_value(data, path) is False          # bool("false") is True


@pytest.mark.parametrize("given", ["1E+999999999", "-5", "NaN", "Infinity", "0E-1000000000", "abc"])
def test_a_number_the_model_would_refuse_previews_as_blank(given):
    from desktop.document import preview_value
    data = _sample()
    data["headcount"]["employees_fte"] = given
    assert preview_value(data, "headcount.employees_fte") is None
