"""Aggregation as a reader would check it against the sources."""

import datetime as dt

import pandas as pd

from components import metrics
from components.url_state import FilterState

D = dt.date


def kenya(ds, day):
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), day, ("KEN",)))
    return table.iloc[0]


def test_as_of_is_the_latest_fact(ds):
    assert ds.as_of == pd.Timestamp("2026-03-21")
    assert ds.first_date == pd.Timestamp("2021-07-07")


def test_loader_types(ds):
    assert str(ds.events["date"].dtype).startswith("datetime64")
    assert str(ds.contributions["personnel"].dtype) == "Int64"
    assert isinstance(ds.events["countries"].iloc[0], tuple)
    assert ds.phases.set_index("phase").loc["gsf", "authorised_ceiling"] == 5550


def test_first_kenyan_flight_is_shown_as_disputed_range(ds):
    row = kenya(ds, D(2024, 6, 26))
    assert (row["in_haiti_low"], row["in_haiti_high"]) == (200, 400)
    assert row["in_haiti"] == "200–400" and row["disputed"]


def test_reported_headcount_replaces_the_running_estimate(ds):
    assert kenya(ds, D(2025, 2, 10))["in_haiti"] == "744"
    assert kenya(ds, D(2025, 12, 9))["in_haiti"] == "700"


def test_pledges_keep_both_versions(ds):
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 3, 21)))
    by_country = table.set_index("iso3")
    assert by_country.loc["BEN", "pledged"] == "1,500–2,000"
    assert by_country.loc["JAM", "pledged"] == "200–250"
    assert by_country.loc["BRB", "status"] == "withdrawn"
    assert by_country.loc["BEN", "status"] == "pledged"


def test_mission_strength_with_ceiling(ds):
    figure = metrics.mission_strength(ds, D(2025, 9, 22))
    assert figure.value.label() == "989" and figure.date == pd.Timestamp("2025-09-22")
    assert metrics.phase_on(ds, D(2025, 9, 22))["authorised_ceiling"] == 2500
    assert metrics.phase_on(ds, D(2025, 10, 2))["authorised_ceiling"] == 5550
    assert metrics.phase_on(ds, D(2023, 1, 1)) is None
    disputed = metrics.mission_strength(ds, D(2025, 9, 30))
    assert disputed.value.label() == "970–1,000" and disputed.disputed


def test_country_filter_narrows_events(ds):
    everything = metrics.filter_events(ds.events, FilterState(D(2021, 7, 7), D(2026, 3, 21)))
    benin = metrics.filter_events(ds.events, FilterState(D(2021, 7, 7), D(2026, 3, 21), ("BEN",)))
    assert len(everything) == len(ds.events)
    assert 0 < len(benin) < len(everything)
    assert all("BEN" in codes for codes in benin["countries"])


def test_summary_text_follows_filters(ds):
    text = metrics.summary_text(ds, FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",)))
    assert "Kenya" in text and "2 October 2025" in text and "735–800" in text
    assert "Gang Suppression Force" in text
    before = metrics.summary_text(ds, FilterState(D(2021, 7, 7), D(2022, 1, 1)))
    assert "no mission had been authorised yet" in before


def test_every_fact_row_cites_an_http_source(ds):
    urls = ds.sources.set_index("source_id")["url"]
    for name in ("events", "contributions", "strength", "funding", "trust_fund", "phases"):
        for ids in getattr(ds, name)["source_ids"]:
            assert ids and all(urls[s].startswith(("http://", "https://")) for s in ids)


def test_founding_article_facts_are_present(ds):
    events = ds.events.set_index("event_id")
    assert {"T09", "T09b"} <= set(events.index)  # 20 and 21 September, both kept
    assert events.loc["T09", "dispute_id"] == events.loc["T09b", "dispute_id"] != ""
    titles = " ".join(ds.events["title"])
    for fact in ("Biden", "2699", "Cabinet", "Parliament", "unconstitutional", "reciprocal agreement"):
        assert fact in titles, fact
    signing = events.loc["T24"]
    assert signing["date"] == pd.Timestamp("2024-03-01") and "Kindiki" in signing["summary"] and "Alix Richard" in signing["summary"]
    notified = set(events.loc["T22", "countries"])
    assert {"BEN", "TCD", "BGD", "BRB", "BHS"} <= notified
    assert len(ds.events) >= 60


def test_table_rows_carry_their_sources(ds):
    # The helper every table and CSV uses: a row's publishers, its first link, and every URL.
    from components import ui

    sources = metrics.source_lookup(ds)
    events = ds.events.head(3)
    table = ui.with_source_columns(events, sources)
    first = events.iloc[0]
    assert table.iloc[0]["link"] == sources[first["source_ids"][0]]["url"]
    assert sources[first["source_ids"][0]]["publisher"] in table.iloc[0]["sources"]
    assert table["disputed"].tolist() == [bool(d) for d in events["dispute_id"]]
    csv_text = ui._csv_bytes(events, sources).decode("utf-8")
    assert csv_text.splitlines()[0].endswith("source_urls")
    assert sources[first["source_ids"][0]]["url"] in csv_text.splitlines()[1]


def test_rows_match_itertuples(ds):
    fast = metrics.rows(ds.events)
    slow = list(ds.events.itertuples(index=False))
    assert [tuple(r) for r in fast] == [tuple(r) for r in slow]


def test_chart_text_alternatives_say_what_the_charts_show(ds):
    from components import charts

    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",))
    events = metrics.filter_events(ds.events, state)
    text = metrics.events_alt(events, charts.CATEGORY_LABELS, state)
    assert text.startswith(f"{len(events)} events between 1 June 2024 and 2 October 2025") and "Deployment" in text and "disputed" in text
    strength = metrics.strength_alt(metrics.strength_series(ds, state), state)
    assert "Mission-wide personnel in Haiti" in strength and "2025" in strength
    money = metrics.trust_fund_alt(ds.trust_fund, charts.MEASURE_LABELS, state)
    assert "trust fund: received" in money and "$" in money
    empty = FilterState(D(2021, 7, 7), D(2021, 7, 8))
    assert metrics.strength_alt(metrics.strength_series(ds, empty), empty).startswith("No mission-wide headcount")
