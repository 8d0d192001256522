"""The URL contract: round trips, defaults left out, migrations of old links, and bad or
hostile links that fall back with a notice that never echoes them."""

import datetime as dt
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components import url_state
from components.url_state import (
    MIGRATIONS,
    Bounds,
    FilterState,
    is_canonical,
    migrate,
    parse_query_params,
    query_string,
    to_query_params,
)

D = dt.date
BOUNDS = Bounds(D(2021, 7, 7), D(2026, 3, 21), frozenset({"KEN", "JAM", "BHS", "GTM", "HTI"}))
DEFAULT = BOUNDS.default_state()
PINNED = dict(pinned_end=True)


@pytest.mark.parametrize(
    "state",
    [
        DEFAULT,
        FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",), **PINNED),
        FilterState(D(2024, 6, 1), D(2024, 6, 1), ("BHS", "JAM", "KEN"), **PINNED),
        FilterState(D(2021, 7, 7), D(2026, 3, 21), ("GTM", "HTI")),
        FilterState(D(2021, 7, 7), D(2026, 3, 21), ("GTM", "HTI"), **PINNED),
        FilterState(D(2024, 6, 1), D(2026, 3, 21), (), tab="table"),
    ],
)
def test_round_trip(state):
    parsed, notices = parse_query_params(to_query_params(state, BOUNDS), BOUNDS)
    assert parsed == state and notices == []


def test_shared_link_format():
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("JAM", "KEN"), pinned_end=True, tab="table")
    assert query_string(state, BOUNDS) == "from=2024-06-01&to=2025-10-02&countries=JAM,KEN&tab=table"


def test_the_url_carries_only_what_differs_from_the_default():
    assert to_query_params(DEFAULT, BOUNDS) == {}
    assert query_string(DEFAULT.with_countries(["KEN"]), BOUNDS) == "countries=KEN"
    # A view that follows new data has no `to`; its start is written only when it is not the first date.
    assert query_string(FilterState(D(2024, 6, 1), BOUNDS.last), BOUNDS) == "from=2024-06-01"


def test_a_link_without_to_follows_new_data():
    state, notices = parse_query_params({"from": "2024-06-01"}, BOUNDS)
    assert state == FilterState(D(2024, 6, 1), BOUNDS.last) and not state.pinned_end and notices == []
    grown = Bounds(BOUNDS.first, D(2026, 9, 1), BOUNDS.countries)  # the same link after new data
    assert parse_query_params({"from": "2024-06-01"}, grown)[0].end == D(2026, 9, 1)
    assert grown.resolve(state).end == D(2026, 9, 1)  # and a session that follows moves on too


@pytest.mark.parametrize("value", ["latest", "LATEST", " latest "])
def test_to_latest_is_the_same_as_no_to(value):
    assert parse_query_params({"to": value}, BOUNDS) == (DEFAULT, [])


def test_old_links_with_both_dates_stay_pinned():
    # Every link the app wrote before 2026-11-28 carried both dates.
    state, notices = parse_query_params({"from": "2021-07-07", "to": "2026-03-21"}, BOUNDS)
    assert state.pinned_end and state.end == D(2026, 3, 21) and notices == []
    grown = Bounds(BOUNDS.first, D(2026, 9, 1), BOUNDS.countries)
    assert parse_query_params({"from": "2021-07-07", "to": "2026-03-21"}, grown)[0].end == D(2026, 3, 21)
    assert grown.resolve(state).end == D(2026, 3, 21)


def test_pinned_share_link_writes_both_dates():
    assert query_string(DEFAULT, BOUNDS, pinned=True) == "from=2021-07-07&to=2026-03-21"


def test_no_params_gives_everything_without_notice():
    assert parse_query_params({}, BOUNDS) == (DEFAULT, [])


def test_repeated_country_keys_and_lowercase_codes_are_read():
    state, notices = parse_query_params({"countries": ["ken", "JAM,BHS"]}, BOUNDS)
    assert state.countries == ("BHS", "JAM", "KEN") and notices == []


# --- Migrations: each on the real old link it rewrites ---------------------------------------


def test_migrations_are_ordered_and_dated():
    dates = [date for date, _what, _step in MIGRATIONS]
    assert dates == sorted(dates) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    assert [what for _d, what, _s in MIGRATIONS][:2] == [
        "country -> countries",
        "tab labels (Chart, Table) -> tab ids (chart, table)",
    ]


def test_migration_country_to_countries():
    # An early prototype's link.
    old = {"country": "KEN"}
    assert migrate(old) == {"countries": ["KEN"]}
    state, notices = parse_query_params(old, BOUNDS)
    assert state.countries == ("KEN",) and notices == []
    assert parse_query_params({"country": "KEN", "countries": "JAM"}, BOUNDS)[0].countries == (
        "JAM",
    )  # the current name wins


@pytest.mark.parametrize("label, tab_id", [("Table", "table"), ("Chart", "chart")])
def test_migration_tab_labels_to_ids(label, tab_id):
    # A link the app wrote until 2026-11-28 (README's example, with the table open).
    old = {"from": "2024-06-01", "to": "2025-10-02", "countries": "KEN,JAM", "tab": label}
    assert migrate(old)["tab"] == [tab_id]
    state, notices = parse_query_params(old, BOUNDS)
    assert (
        state == FilterState(D(2024, 6, 1), D(2025, 10, 2), ("JAM", "KEN"), pinned_end=True, tab=tab_id)
        and notices == []
    )
    assert not is_canonical(old, state, BOUNDS)  # so the page rewrites it to the new form
    assert query_string(state, BOUNDS).endswith("countries=JAM,KEN" + ("&tab=table" if tab_id == "table" else ""))


# --- Bad and hostile links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected, notice",
    [
        ({"from": "2024-02-30"}, DEFAULT, "'from' date in the link is not a date"),
        ({"to": "yesterday"}, DEFAULT, "'to' date in the link is not a date"),
        ({"from": "2025-01-01", "to": "2024-01-01"}, DEFAULT, "'from' date is after its 'to' date"),
        ({"from": ["2024-01-01", "2024-02-01"]}, DEFAULT, "more than once"),
        ({"from": "1999-01-01"}, DEFAULT, "outside the data"),
        ({"countries": "KEN,ZZZ"}, FilterState(DEFAULT.start, DEFAULT.end, ("KEN",)), "not in the data: ZZZ."),
        ({"countries": "<script>alert(1)</script>"}, DEFAULT, "values that are not country codes"),
        ({"countries": "KEN," * 500}, DEFAULT, "too long"),
        ({"to": "2" * 5000}, DEFAULT, "too long"),
        ({"tab": "map"}, DEFAULT, "'tab' is not one of chart, table"),
        ({"lang": "de"}, DEFAULT, "'lang' is not one of en, fr, ht, so the page is shown in English"),
        ({"lang": ["fr", "ht"]}, DEFAULT, "'lang' is not one of en, fr, ht"),
    ],
)
def test_bad_links_fall_back_with_a_notice(params, expected, notice):
    state, notices = parse_query_params(params, BOUNDS)
    assert state == expected
    assert any(notice in n for n in notices), notices


def test_notices_never_echo_hostile_text():
    _, notices = parse_query_params({"countries": "<img src=x onerror=alert(1)>", "from": "<b>x</b>"}, BOUNDS)
    assert notices and not any("<" in n or "onerror" in n for n in notices)


@pytest.mark.parametrize(
    "params",
    [
        {"[x](https://ev.il)": "y" * 500},  # issue #9: this name became a working link in the notice
        {"**bold**": "x" * 401},
        {"<img src=x onerror=alert(1)>": "1"},
        {"utm_source": "newsletter" * 60, "utm_medium": "email", "fbclid": "IwAR" + "x" * 600},
        {"embed": "true", "embed_options": "light_theme"},
    ],
)
def test_parameters_outside_the_grammar_are_ignored_silently(params):
    assert parse_query_params({"from": "2024-01-01", **params}, BOUNDS) == (FilterState(D(2024, 1, 1), BOUNDS.last), [])
    assert is_canonical({"from": "2024-01-01", **params}, FilterState(D(2024, 1, 1), BOUNDS.last), BOUNDS)


# --- Properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=BOUNDS.first, max_value=BOUNDS.last)


@st.composite
def valid_states(draw):
    start = draw(dates)
    pinned = draw(st.booleans())
    end = draw(st.dates(min_value=start, max_value=BOUNDS.last)) if pinned else BOUNDS.last
    countries = tuple(sorted(draw(st.sets(st.sampled_from(sorted(BOUNDS.countries))))))
    return FilterState(
        start,
        end,
        countries,
        pinned_end=pinned,
        tab=draw(st.sampled_from(list(url_state.TABS))),
        lang=draw(st.sampled_from(["en", "fr", "ht"])),
        scale=draw(st.sampled_from(url_state.SCALES)),
        values=draw(st.sampled_from(url_state.VALUE_MODES)),
    )


@given(valid_states(), st.booleans())
def test_any_valid_state_round_trips(state, pinned_link):
    params = to_query_params(state, BOUNDS, pinned=pinned_link)
    parsed, notices = parse_query_params(params, BOUNDS)
    expected = state if not pinned_link else replace(state, pinned_end=True)
    assert parsed == expected and notices == []
    assert is_canonical(to_query_params(state, BOUNDS), state, BOUNDS)
    # The query string is what the share box and the address bar show: nothing to escape.
    assert re.fullmatch(r"[a-z]+=[0-9A-Za-z,-]+(&[a-z]+=[0-9A-Za-z,-]+)*|", query_string(state, BOUNDS))


MARKUP = set("[]()<>*_`#!|~\\{}$")
keys = st.one_of(st.sampled_from([*url_state.PARAMS, *url_state.LEGACY_PARAMS]), st.text(max_size=30))
values = st.one_of(
    st.text(max_size=60),
    st.text(max_size=600),
    st.sampled_from(["2024-06-01", "latest", "KEN,JAM", "Table", "table", "1999-01-01"]),
)


@given(st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=6))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_params_give_a_valid_state_and_clean_notices(params):
    state, notices = parse_query_params(params, BOUNDS)
    assert BOUNDS.first <= state.start <= state.end <= BOUNDS.last
    assert set(state.countries) <= BOUNDS.countries and list(state.countries) == sorted(set(state.countries))
    assert state.tab in url_state.TABS and state.lang in ("en", "fr", "ht")
    assert state.pinned_end or state.end == BOUNDS.last
    assert len(notices) <= 8
    for notice in notices:
        assert not (set(notice) & MARKUP), notice  # no markup characters, whatever the input held
        assert "http" not in notice


# --- Issue #11: the data version of a pinned link (v), and Streamlit's embed flag ----------------

VERSIONED = Bounds(BOUNDS.first, BOUNDS.last, BOUNDS.countries, version=D(2026, 11, 28))


def test_a_pinned_link_carries_the_data_version_and_a_following_one_does_not():
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",), pinned_end=True)
    assert query_string(state, VERSIONED, pinned=True) == "from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28"
    assert "v=" not in query_string(state, VERSIONED)
    assert "v=" not in query_string(FilterState(D(2024, 6, 1), VERSIONED.last), VERSIONED)


def test_a_link_with_a_data_version_round_trips_and_stays_canonical():
    params = {"from": "2024-06-01", "to": "2025-10-02", "countries": "KEN", "v": "2026-11-24"}
    state, notices = parse_query_params(params, VERSIONED)
    assert notices == [] and state.version == D(2026, 11, 24) and state.pinned_end
    assert is_canonical(params, state, VERSIONED)  # so the page keeps it in the address bar
    assert to_query_params(state, VERSIONED)["v"] == "2026-11-24"
    # A pinned link made from that view is made with today's data version.
    assert to_query_params(state, VERSIONED, pinned=True)["v"] == "2026-11-28"


@pytest.mark.parametrize(
    "value, notice",
    [
        ("yesterday", "data version 'v' is not a date"),
        ("2026-13-01", "data version 'v' is not a date"),
        (["2026-11-24", "2026-11-25"], "'v' more than once"),
        ("2027-01-01", "newer than this data, version 2026-11-28"),
        ("9" * 500, "too long"),
    ],
)
def test_a_bad_data_version_is_ignored_with_a_notice(value, notice):
    state, notices = parse_query_params({"from": "2024-06-01", "v": value}, VERSIONED)
    assert state == FilterState(D(2024, 6, 1), VERSIONED.last) and state.version is None
    assert any(notice in n for n in notices), notices


def test_embed_is_read_but_never_part_of_the_view():
    assert (
        url_state.is_embedded({"embed": "true"})
        and url_state.is_embedded({"embed": ["True"]})
        and url_state.is_embedded({"EMBED": "true"})
    )
    assert (
        not url_state.is_embedded({})
        and not url_state.is_embedded({"embed": "false"})
        and not url_state.is_embedded({"embed": "<b>"})
    )
    params = {"from": "2024-01-01", "embed": "true", "embed_options": ["show_toolbar", "light_theme"]}
    state, notices = parse_query_params(params, VERSIONED)
    assert notices == [] and is_canonical(params, state, VERSIONED)
    assert not set(to_query_params(state, VERSIONED, pinned=True)) & set(url_state.PASS_THROUGH)


@given(valid_states(), st.one_of(st.none(), dates), st.booleans())
def test_any_state_with_a_data_version_round_trips(state, version, pinned_link):
    from dataclasses import replace

    state = replace(state, version=version)
    params = to_query_params(state, VERSIONED, pinned=pinned_link)
    parsed, notices = parse_query_params(params, VERSIONED)
    assert notices == []
    if pinned_link:
        assert parsed == replace(state, pinned_end=True, version=VERSIONED.version)
    else:
        assert parsed == state and is_canonical(params, state, VERSIONED)
    assert re.fullmatch(
        r"[a-z]+=[0-9A-Za-z,-]+(&[a-z]+=[0-9A-Za-z,-]+)*|", query_string(state, VERSIONED, pinned=pinned_link)
    )


# --- Language ------------------------------------------------------------------------------


def test_lang_rides_with_the_view_and_english_is_left_out():
    state = FilterState(D(2024, 6, 1), BOUNDS.last, ("KEN",), lang="fr")
    assert query_string(state, BOUNDS) == "from=2024-06-01&countries=KEN&lang=fr"
    assert query_string(FilterState(D(2024, 6, 1), BOUNDS.last, lang="en"), BOUNDS) == "from=2024-06-01"
    assert parse_query_params({"lang": "HT "}, BOUNDS) == (FilterState(BOUNDS.first, BOUNDS.last, lang="ht"), [])
    assert url_state.has_view_params({"lang": "fr"})


@pytest.mark.parametrize(
    "params, lang",
    [
        ({}, "en"),
        ({"lang": "fr"}, "fr"),
        ({"lang": "ht", "utm_source": "x"}, "ht"),
        ({"lang": "zz"}, "en"),
        ({"lang": "f" * 900}, "en"),
    ],
)
def test_the_language_is_read_before_the_rest_of_the_link(params, lang):
    assert url_state.language_of(params) == lang


def test_notices_are_in_the_links_language():
    from components import i18n

    with i18n.language("fr"):
        _, notices = parse_query_params({"lang": "fr", "countries": "ZZZ"}, BOUNDS)
    assert notices == ["Le lien cite des pays absents des données\u00a0: ZZZ. Ils ont été ignorés."]


def test_lang_and_v_ride_together_and_v_survives_a_language_switch():
    from dataclasses import replace

    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",), pinned_end=True, lang="fr")
    assert (
        query_string(state, VERSIONED, pinned=True)
        == "from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28&lang=fr"
    )
    viewed, notices = parse_query_params(
        {"from": "2024-06-01", "to": "2025-10-02", "v": "2026-11-24", "lang": "fr"}, VERSIONED
    )
    assert notices == [] and viewed.version == D(2026, 11, 24) and viewed.lang == "fr"
    switched = replace(viewed, lang="ht")  # what the sidebar's language switch does
    assert to_query_params(switched, VERSIONED) == {
        "from": "2024-06-01",
        "to": "2025-10-02",
        "v": "2026-11-24",
        "lang": "ht",
    }


# --- Issue #23: the charts' axes (scale, values) ----------------------------------------------


@pytest.mark.parametrize(
    ("params", "scale", "values"),
    [
        ({}, "linear", "absolute"),
        ({"scale": "log"}, "log", "absolute"),
        ({"values": "share"}, "linear", "share"),
        ({"scale": "LOG", "values": "Share"}, "log", "share"),
    ],
)
def test_the_axes_are_read_from_the_link(params, scale, values):
    state, notices = parse_query_params(params, BOUNDS)
    assert (state.scale, state.values, notices) == (scale, values, [])


def test_the_axes_round_trip_and_their_defaults_are_left_out():
    assert to_query_params(DEFAULT, BOUNDS) == {}
    state = replace(DEFAULT, scale="log", values="share")
    assert query_string(state, BOUNDS) == "scale=log&values=share"
    assert parse_query_params(to_query_params(state, BOUNDS), BOUNDS) == (state, [])
    assert is_canonical({"scale": "log", "values": "share"}, state, BOUNDS)
    assert not is_canonical({"scale": "linear"}, DEFAULT, BOUNDS)  # a default written out is rewritten
    pinned = parse_query_params(to_query_params(state, BOUNDS, pinned=True), BOUNDS)[0]
    assert (pinned.scale, pinned.values) == ("log", "share")


@pytest.mark.parametrize(
    ("params", "name"), [({"scale": "cubic"}, "scale"), ({"values": ["share", "share"]}, "values")]
)
def test_a_bad_axis_falls_back_to_the_default_with_a_notice(params, name):
    state, notices = parse_query_params({**params, "countries": "KEN"}, BOUNDS)
    assert (state.scale, state.values, state.countries) == ("linear", "absolute", ("KEN",))
    assert len(notices) == 1 and f"'{name}'" in notices[0] and "cubic" not in notices[0]


def test_old_links_without_axes_still_open_as_they_did():
    state, notices = parse_query_params({"from": "2024-06-01", "country": "KEN", "tab": "Table"}, BOUNDS)
    assert notices == [] and (state.scale, state.values, state.tab, state.countries) == (
        "linear",
        "absolute",
        "table",
        ("KEN",),
    )
