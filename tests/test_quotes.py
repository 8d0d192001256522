"""The quote rule: a row's number is written in its source's own words, or the row says why not."""

import pytest

from components.quotes import number_in_quote, row_problems


@pytest.mark.parametrize(
    "number, quote",
    [
        (1000, "Kenya pledged 1,000 police officers."),
        (1000, "Le Kenya a promis 1 000 policiers."),
        (1000, "Le Kenya a promis 1\u202f000 policiers."),
        (1000, "some 1000 officers"),
        (400, "About 400 Kenyan police arrived on Tuesday."),
        (15_000_000, "The US paid only $15m into the fund."),
        (15_000_000, "a further US$15 million"),
        (15_000_000, "15 millions de dollars"),
        (10_800_000, "$10.8 million had been deposited"),
        (10_800_000, "10,8 millions de dollars"),
        (1_500_000_000, "a $1.5bn budget"),
        (600_000_000, "more than $600 million"),
        (46_000_000, "USD 46,000,000 was received"),
        (2_500, "2.500 agentes"),
        (67_000_000, "ha recibido aproximadamente 67 millones de dólares"),  # Spanish (trust_fund A04)
        (1_000_000, "un millón de dólares... 1 millón"),
        (1_200_000_000, "1,2 mil millones de dólares"),
        (15_000_000, "15 milyon dola ameriken"),  # Haitian Creole
    ],
)
def test_a_number_in_a_usual_form_is_found(number, quote):
    assert number_in_quote(number, quote)


@pytest.mark.parametrize(
    "number, quote",
    [
        (200, "About 2000 officers"),  # part of a bigger number
        (200, "Res. 1,200 was adopted"),
        (1000, "about 10,000 people"),
        (15_000_000, "$150m was pledged"),
        (15_000_000, "$1.5m was pledged"),
        (400, "The 4th contingent arrived"),
        (24, "Jamaica sent more officers"),
        (67_000_000, "67 mil millones de dólares"),  # Spanish for 67 billion
    ],
)
def test_a_different_number_is_not_taken_for_the_row_s(number, quote):
    assert not number_in_quote(number, quote)


def rules(table, **row):
    return [(column, rule.split(":")[0]) for column, _, rule in row_problems(table, row)]


def test_a_row_needs_a_quote_or_a_reason():
    assert rules("events", quote="", unverified="") == [("quote", "is empty")]
    assert rules("events", quote="", unverified="Cited page not in the stored copies") == []
    assert rules("events", quote="Gunmen killed the president.", unverified="") == []


def test_a_quoted_number_must_match_the_row():
    assert rules("contributions", personnel="24", quote="Jamaica sent more officers.") == [
        ("personnel", "is not written in the row's quote (as 1,000 / 1 000 / 1000 / $15m / 15 millions)")
    ]
    assert rules("contributions", personnel="24", quote="24 Jamaican soldiers left.") == []
    assert rules("contributions", personnel="", quote="Jamaica sent more officers.") == []
    note = "A sum of C01 and C02."
    assert rules("contributions", personnel="24", quote="Jamaica sent more officers.", quote_number_note=note) == []


def test_a_row_without_a_number_keeps_its_reasons_in_the_note():
    reason = "The date is inferred from 'Sunday'."
    assert rules("events", quote="Said.", quote_number_note=reason) == [("quote_number_note", "must be empty")]
    assert rules("events", quote="Said.", note=reason) == []


def test_both_ends_of_a_range_are_checked():
    row = {"amount_usd": "110000000", "amount_usd_high": "113000000", "quote": "between $110m and $113m"}
    assert rules("trust_fund", **row) == []
    assert rules("trust_fund", **{**row, "quote": "at least $110m"})[0][0] == "amount_usd_high"


def test_a_quote_is_short_and_alone():
    assert rules("events", quote="x" * 301)[0] == ("quote", "is 301 characters long; at most 300")
    assert rules("events", quote="Said.", unverified="Not found") == [
        ("unverified", "must be empty when the row has a quote")
    ]


def test_the_validator_names_a_row_without_its_source_s_words(data_copy):
    from tests.test_validate import edit_cell, messages

    edit_cell(data_copy / "events.csv", 2, "quote", "")
    edit_cell(data_copy / "events.csv", 2, "unverified", "")
    assert any(m.startswith("events.csv:2: column 'quote': is empty") for m in messages(data_copy))


def test_the_validator_names_a_number_its_quote_does_not_state(data_copy):
    from tests.test_validate import edit_cell, messages

    edit_cell(data_copy / "contributions.csv", 2, "quote", "Kenya offered officers.")
    edit_cell(data_copy / "contributions.csv", 2, "quote_number_note", "")
    found = [m for m in messages(data_copy) if m.startswith("contributions.csv:2: column 'personnel'")]
    assert found and "is not written in the row's quote" in found[0]
