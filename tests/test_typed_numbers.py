"""Numbers as officers type them: accepted when unambiguous, refused (with a reason) otherwise."""
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from forms.schema.entry import EntryError, parse_block, parse_entry, show_entry, to_block
from forms.schema.model import Building, Headcount, SavingsLine, Spend
from forms.schema.numbers import NumberError, format_number, parse_number, rules_for

MONEY = rules_for(Spend, "running_costs_gbp")
PCT = rules_for(Spend, "shared_services_pct")
FTE = rules_for(Headcount, "employees_fte")
PEOPLE = rules_for(Headcount, "employees_headcount")


@pytest.mark.parametrize("typed, value", [
    ("1,234.5", "1234.5"), ("12 000", "12000"), ("12\u00a0000", "12000"), ("1234", "1234"),
    ("1,234,567.89", "1234567.89"), (" 42 ", "42"), ("0.5", "0.5"), (".5", "0.5"),
    ("£1,234", "1234"), ("£ 1,234.00", "1234.00"), ("1.234", "1.234"),
])
def test_officer_typing_common_forms_gets_the_number_they_meant(typed, value):
    rules = MONEY if "£" in typed else FTE
    assert parse_number(typed, rules) == Decimal(value)


def test_blank_box_means_not_yet_filled_in():
    assert parse_number("", MONEY) is None
    assert parse_number("   ", MONEY) is None


@pytest.mark.parametrize("typed, why", [
    ("1.234,5", "continental"), ("1,23", "ambiguous"), ("1,2345", "ambiguous"),
    ("12e3", "in full"), ("1.2m", "in full"), ("1,23,456", "threes"), ("1.2.3", "decimal point"),
    ("abc", "not a number"), ("NaN", "not a number"), ("Infinity", "not a number"),
    ("١٢", "not a number"), ("-5", "negative"), ("(1,000)", "negative"),
    ("12 34", "threes"), ("1" * 50, "too long"), ("£", "Type a number"),
])
def test_ambiguous_or_wrong_input_is_refused_with_a_reason(typed, why):
    with pytest.raises(NumberError, match=why):
        parse_number(typed, FTE if "£" not in typed else MONEY)


def test_pence_are_kept_but_never_rounded():
    assert parse_number("10.25", MONEY) == Decimal("10.25")
    with pytest.raises(NumberError, match="decimal places"):
        parse_number("10.255", MONEY)


def test_whole_number_fields_refuse_fractions_but_accept_trailing_zeros():
    assert parse_number("2,871", PEOPLE) == 2871
    assert parse_number("2871.0", PEOPLE) == 2871
    with pytest.raises(NumberError, match="whole number"):
        parse_number("2871.5", PEOPLE)


def test_units_are_accepted_only_in_their_own_fields():
    assert parse_number("35%", PCT) == 35
    with pytest.raises(NumberError, match="not pounds"):
        parse_number("£12", FTE)
    with pytest.raises(NumberError, match="not a percentage"):
        parse_number("12%", MONEY)
    with pytest.raises(NumberError, match="more than 100"):
        parse_number("101", PCT)


def test_a_typo_of_many_extra_digits_is_refused():
    with pytest.raises(NumberError, match="extra digits"):
        parse_number("12345678901234567", MONEY)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_random_text_is_either_a_number_or_a_clear_refusal(text):
    try:
        v = parse_number(text, MONEY)
    except NumberError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert v is None or isinstance(v, Decimal)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_a_displayed_value_reads_back_as_the_same_value(v):
    assert parse_number(format_number(v), MONEY) == v


def test_display_groups_thousands_and_keeps_every_digit():
    assert format_number(Decimal("1234567.50")) == "1,234,567.50"
    assert format_number(Decimal("1E+3")) == "1,000"
    assert format_number(None) == ""


def test_table_cells_parse_choices_yes_no_and_refs():
    assert parse_entry(Building, "tenure", " pfi ") == "PFI"
    assert parse_entry(SavingsLine, "cash_releasing", "Yes") is True
    assert parse_entry(SavingsLine, "cash_releasing", "no") is False
    with pytest.raises(EntryError, match="one of"):
        parse_entry(Building, "tenure", "rented")
    from forms.schema.model import Action
    assert parse_entry(Action, "savings_refs", "S1, S2;S3") == ["S1", "S2", "S3"]
    assert show_entry(Action, "savings_refs", ["S1", "S2"]) == "S1, S2"


def test_excel_clipboard_block_with_quoted_cell_round_trips():
    rows = [["Sanctuary", "SW1P 3BT", "line one\nline two"], ["Moorfoot", "S1", "1,234"]]
    assert parse_block(to_block(rows)) == rows
    assert parse_block("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]
