"""The URL contract: round trips, and bad or hostile links that fall back with a notice."""

import datetime as dt

import pytest

from components.url_state import Bounds, FilterState, parse_query_params, query_string, to_query_params

D = dt.date
BOUNDS = Bounds(D(2021, 7, 7), D(2026, 3, 21), frozenset({"KEN", "JAM", "BHS", "GTM", "HTI"}))
DEFAULT = BOUNDS.default_state()


@pytest.mark.parametrize(
    "state",
    [
        DEFAULT,
        FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",)),
        FilterState(D(2024, 6, 1), D(2024, 6, 1), ("BHS", "JAM", "KEN")),
        FilterState(D(2021, 7, 7), D(2026, 3, 21), ("GTM", "HTI")),
    ],
)
def test_round_trip(state):
    parsed, notices = parse_query_params(to_query_params(state), BOUNDS)
    assert parsed == state and notices == []


def test_shared_link_format():
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("JAM", "KEN"))
    assert query_string(state) == "from=2024-06-01&to=2025-10-02&countries=JAM,KEN"


def test_no_params_gives_everything_without_notice():
    assert parse_query_params({}, BOUNDS) == (DEFAULT, [])


def test_repeated_country_keys_and_lowercase_codes_are_read():
    state, notices = parse_query_params({"countries": ["ken", "JAM,BHS"]}, BOUNDS)
    assert state.countries == ("BHS", "JAM", "KEN") and notices == []


def test_legacy_country_param_is_migrated():
    state, notices = parse_query_params({"country": "KEN"}, BOUNDS)
    assert state.countries == ("KEN",) and notices == []


@pytest.mark.parametrize(
    "params, expected, notice",
    [
        ({"from": "2024-02-30"}, DEFAULT, "'from' date in the link is not a date"),
        ({"to": "yesterday"}, DEFAULT, "'to' date in the link is not a date"),
        ({"from": "2025-01-01", "to": "2024-01-01"}, DEFAULT, "'from' date is after its 'to' date"),
        ({"from": ["2024-01-01", "2024-02-01"]}, DEFAULT, "more than once"),
        ({"from": "1999-01-01"}, DEFAULT, "outside the data"),
        ({"countries": "KEN,ZZZ"}, FilterState(DEFAULT.start, DEFAULT.end, ("KEN",)), "not in the data (ZZZ)"),
        ({"countries": "<script>alert(1)</script>"}, DEFAULT, "values that are not country codes"),
        ({"countries": "KEN," * 500}, DEFAULT, "too long"),
        ({"to": "2" * 5000}, DEFAULT, "too long"),
    ],
)
def test_bad_links_fall_back_with_a_notice(params, expected, notice):
    state, notices = parse_query_params(params, BOUNDS)
    assert state == expected
    assert any(notice in n for n in notices), notices


def test_notices_never_echo_hostile_text():
    _, notices = parse_query_params({"countries": "<img src=x onerror=alert(1)>", "from": "<b>x</b>"}, BOUNDS)
    assert notices and not any("<" in n or "onerror" in n for n in notices)


def test_unrelated_params_are_ignored():
    assert parse_query_params({"embed": "true", "utm_source": "x"}, BOUNDS) == (DEFAULT, [])
