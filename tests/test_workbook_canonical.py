"""The signed payload's canonical JSON follows RFC 8785 (JCS), so anyone can re-derive the bytes."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.signing.canonical import CanonicalError, canonical_json


def test_rfc8785_string_escapes_and_literals():
    # RFC 8785 section 3.2.2.2, without its float array (the payload carries no floats).
    source = json.loads('{"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
                        ' "literals": [null, true, false]}')
    expected = '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    assert canonical_json(source) == expected.encode("utf-8")


def test_rfc8785_keys_sort_by_utf16_code_units():
    # RFC 8785 section 3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33.
    source = {"\u20ac": "Euro Sign", "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
              "\U0001F600": "Emoji: Grinning Face", "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"}
    out = json.loads(canonical_json(source))
    assert list(out.values()) == ["Carriage Return", "One", "Control",
                                  "Latin Small Letter O With Diaeresis", "Euro Sign",
                                  "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]


def test_no_whitespace_and_utf8_not_escaped():
    assert canonical_json({"b": [1, 2], "a": {"z": "é\u2028", "y": None}}) == \
        '{"a":{"y":null,"z":"é\u2028"},"b":[1,2]}'.encode("utf-8")


@pytest.mark.parametrize("bad", [1.5, 2**53, {"x": {1, 2}}, {1: "int key"}, "\ud800 lone"])
def test_values_canonical_json_cannot_carry_are_refused(bad):
    with pytest.raises(CanonicalError):
        canonical_json(bad)


def test_deep_nesting_is_refused_not_a_crash():
    v = []
    for _ in range(200):
        v = [v]
    with pytest.raises(CanonicalError):
        canonical_json(v)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53 + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_canonical_bytes_read_back_as_the_same_value_and_are_stable(value):
    data = canonical_json(value)
    again = json.loads(data.decode("utf-8"))
    assert again == value
    assert canonical_json(again) == data
