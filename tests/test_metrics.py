"""Aggregation as a reader would check it against the sources. Runs on the fixture dataset
(tests/fixtures/data): real rows chosen to exercise every row meaning, dispute and edge case."""

import datetime as dt

import pandas as pd

from components import i18n, ledger, metrics
from components.url_state import FilterState

D = dt.date
LAST_DAY = D(2026, 2, 8)
EVERYTHING = FilterState(D(2021, 7, 7), LAST_DAY)


def country(ds, iso3, day):
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), day, (iso3,)))
    return table.iloc[0]


def donor(ds, iso3, day=LAST_DAY):
    return metrics.donor_table(ds, FilterState(D(2021, 7, 7), day)).set_index("donor").loc[iso3]


def test_as_of_is_computed_from_the_latest_fact(ds):
    assert ds.as_of == max(ds.strength["date"].max(), ds.contributions["date"].max(), ds.events["date"].max())
    assert ds.first_date == ds.events["date"].min()


def test_loader_types(ds):
    assert str(ds.events["date"].dtype).startswith("datetime64")
    assert str(ds.contributions["personnel"].dtype) == "Int64"
    assert isinstance(ds.events["countries"].iloc[0], tuple)
    assert isinstance(ds.contributions["supersedes"].iloc[0], tuple)
    assert ds.phases.set_index("phase").loc["gsf", "authorised_ceiling"] == 5550


# --- personnel: each row meaning moves the figures its own way ---------------------------
def test_first_kenyan_flight_is_a_disputed_range_with_its_qualifiers(ds):
    row = country(ds, "KEN", D(2024, 6, 26))
    assert (row["in_haiti_low"], row["in_haiti_high"]) == (200, 400)
    assert row["in_haiti"] == "about 200 to 400" and row["disputed"]


def test_a_restated_pledge_is_not_added_to_the_pledge_it_restates(ds):
    assert country(ds, "KEN", D(2024, 10, 1))["pledged"] == "1,000"  # C01 restated by C02: not 2,000


def test_a_later_additional_pledge_is_counted_and_the_largest_single_pledge_kept(ds):
    # Kenya pledged 1,000 (C01, restated by C02), then 600 more on 11 October 2024 (C08).
    before, after = country(ds, "KEN", D(2024, 10, 10)), country(ds, "KEN", D(2024, 10, 11))
    assert (before["pledged_high"], before["largest_pledge"]) == (1000, "")  # no difference, nothing repeated
    assert (after["pledged_high"], after["largest_pledge_high"]) == (1600, 1000)
    assert (after["pledged"], after["largest_pledge"]) == ("1,600", "1,000")
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2024, 10, 11)))
    note = metrics.pledge_measures_note(table)
    assert "Kenya: 1,600 in all, largest single pledge 1,000" in note
    # The Overview's total counts the 600 too: one computation, many words.
    assert metrics.overview(ds, FilterState(D(2021, 7, 7), D(2024, 10, 11), ("KEN",))).pledged_personnel.high == 1600


def test_rotations_change_the_headcount_but_are_not_arrivals(ds):
    kenya = country(ds, "KEN", D(2025, 12, 8))
    assert kenya["arrived"] == "about 400 to 600"  # the two 2024 flights; the December relief is a rotation
    assert kenya["rotated_in"] == "230"  # the report of 230 supersedes the planned 170
    jamaica = country(ds, "JAM", D(2026, 2, 8))
    assert (jamaica["arrived"], jamaica["rotated_in"], jamaica["in_haiti"]) == ("24", "21", "21")


def test_reported_headcount_replaces_the_running_estimate(ds):
    assert country(ds, "KEN", D(2025, 2, 10))["in_haiti"] == "744"
    assert country(ds, "KEN", D(2025, 12, 9))["in_haiti"] == "about 700"


def test_a_later_departure_of_unknown_size_is_said_next_to_the_figure(ds):
    kenya = country(ds, "KEN", D(2026, 2, 8))
    assert kenya["in_haiti"] == "about 700" and kenya["status"] == "deployed"
    assert "departure of unreported size on 6 February 2026" in kenya["in_haiti_note"]
    assert "last reported" not in country(ds, "KEN", D(2025, 12, 10))["in_haiti_note"]


def test_an_old_figure_is_flagged_with_its_date(ds):
    jamaica = country(ds, "JAM", D(2026, 2, 8))
    assert jamaica["in_haiti_note"] == "last reported 16 April 2025"


def test_stages_count_only_what_their_label_says(ds):
    table = metrics.country_table(ds, EVERYTHING).set_index("iso3")
    assert table.loc["BEN", "pledged"] == "about 1,500 to 2,000" and table.loc["BEN", "status"] == "notified"
    assert table.loc["BRB", "status"] == "withdrawn"
    assert table.loc["DOM", "status"] == "support"  # no troops in Haiti
    assert table.loc["SEN", "status"] == "considering"  # only said to be "likely"
    view = metrics.overview(ds, EVERYTHING, table.reset_index())
    assert (view.countries_in_haiti, view.countries_pledged) == (2, 4)  # KEN, JAM of KEN, JAM, BEN, BRB


def test_a_country_with_no_ledger_entries_is_simply_absent(ds):
    assert metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("NOR",))).empty
    assert metrics.filter_events(ds.events, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("NOR",))).empty


def test_an_empty_period_has_no_figures(ds):
    state = FilterState(D(2021, 7, 7), D(2021, 7, 8))
    view = metrics.overview(ds, state)
    assert view.strength is None and view.countries_pledged == 0 and view.tf_received is None
    assert metrics.strength_series(ds, state).empty


# --- money: a restated total replaces the sum, never adds to it ---------------------------
def test_us_commitments_are_one_growing_commitment_not_a_sum_of_reports(ds):
    usa = donor(ds, "USA")
    assert usa["committed"] == "$315m"  # $300m restated total + the separate $15m to the trust fund, not $815m
    assert (usa["deposited"], usa["disbursed"], usa["frozen"]) == ("$6m", "$1.7m", "$13.3m")
    assert usa["claimed"] == "at least $1bn"  # shown, never added


def test_a_cumulative_deposit_total_replaces_the_deposits_before_it(ds):
    assert donor(ds, "CAN")["deposited"] == "$63m"  # not 8.7 + 63
    assert donor(ds, "CAN", D(2024, 5, 1))["deposited"] == "$8.7m"


def test_amounts_without_dollars_are_said_not_converted(ds):
    assert "no US-dollar figure" in donor(ds, "FRA")["not_in_usd"]


def test_qualifiers_survive_arithmetic():
    about = ledger.Range.of(200, "about")
    assert metrics.range_label(about + ledger.Range.of(100)) == "about 300"
    assert metrics.range_label(ledger.Range.of(800, "at_least") + ledger.Range.of(10)) == "at least 810"
    assert metrics.range_label(ledger.Range(970, 1000, "exact", "about")) == "970 to about 1,000"
    assert (
        metrics.range_label(ledger.Range.of(700, "about") - ledger.Range(100, 230, "about", "exact"))
        == "about 470 to 600"
    )
    assert metrics.money(110e6) == "$110m" and metrics.money(1e9) == "$1bn" and metrics.money(85.3e6) == "$85.3m"


# --- headlines -----------------------------------------------------------------------------
def test_a_low_confidence_report_does_not_outrank_a_solid_one(ds):
    figure = metrics.mission_strength(ds, D(2026, 2, 8))
    assert metrics.range_label(figure.value) == "980" and figure.confidence == "high"
    assert figure.newer_weaker is not None and metrics.range_label(figure.newer_weaker.value) == "about 1,000"
    assert "later low-confidence report" in metrics.provenance(figure)


def test_mission_strength_with_ceiling_and_dispute(ds):
    figure = metrics.mission_strength(ds, D(2025, 9, 22))
    assert metrics.range_label(figure.value) == "989" and figure.date == pd.Timestamp("2025-09-22")
    assert metrics.phase_on(ds, D(2025, 9, 22))["authorised_ceiling"] == 2500
    assert metrics.phase_on(ds, D(2025, 10, 2))["authorised_ceiling"] == 5550
    assert metrics.phase_on(ds, D(2023, 1, 1)) is None
    disputed = metrics.mission_strength(ds, D(2025, 9, 30))
    assert metrics.range_label(disputed.value) == "970 to about 1,000" and disputed.disputed


def test_trust_fund_headline_keeps_its_measure_and_qualifier(ds):
    received = metrics.trust_fund_figure(ds, D(2025, 3, 1), ("tf_received", "tf_raised"))
    assert metrics.money_figure(received) == "at least $110m" and received.measure == "tf_received"
    later = metrics.trust_fund_figure(ds, D(2026, 2, 8), ("tf_received", "tf_raised"))
    assert later.measure == "tf_raised" and metrics.MEASURE_WORDS[later.measure] == "total raised (basis not stated)"


def test_country_filter_narrows_events(ds):
    everything = metrics.filter_events(ds.events, EVERYTHING)
    kenya = metrics.filter_events(ds.events, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN",)))
    assert len(everything) == len(ds.events)
    assert 0 < len(kenya) < len(everything)
    assert all("KEN" in codes for codes in kenya["countries"])


def test_views_from_per_dataset_indexes_match_the_plain_filters(ds):
    # events_in_view and strength_series use what is worked out once per dataset (events sorted
    # by date, masks per country, one headcount row per date): the same rows as filtering.
    for state in (
        EVERYTHING,
        FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN", "JAM")),
        FilterState(D(2021, 7, 7), D(2021, 7, 8), ("NOR",)),
    ):
        pd.testing.assert_frame_equal(metrics.events_in_view(ds, state), metrics.filter_events(ds.events, state))
        assert metrics.overview(ds, state).events_in_period == len(metrics.filter_events(ds.events, state))
        for lang in ("en", "fr"):
            with i18n.language(lang):
                rows = ds.strength[
                    (ds.strength["date"] >= pd.Timestamp(state.start))
                    & (ds.strength["date"] <= pd.Timestamp(state.end))
                ]
                series = metrics.strength_series(ds, state)
                assert series["date"].tolist() == sorted(set(rows["date"]))
                assert series["label"].tolist() == [
                    metrics.range_label(ledger.range_of(group.to_dict("records"), "personnel"))
                    for _, group in rows.sort_values("date", kind="stable").groupby("date", sort=True)
                ]


def test_summary_text_follows_filters_and_keeps_qualifiers(ds):
    text = metrics.summary_text(ds, FilterState(D(2024, 6, 1), D(2025, 12, 9), ("KEN",)))
    assert "Kenya" in text and "9 December 2025" in text and "about 700 personnel in Haiti" in text
    assert "Gang Suppression Force" in text and "high confidence" in text
    before = metrics.summary_text(ds, FilterState(D(2021, 7, 7), D(2022, 1, 1)))
    assert "no mission had been authorised yet" in before


def test_the_summary_names_chosen_countries_in_a_sentence_each_language_can_say(ds):
    # French would need an article before a bare country name ("pour le Kenya"), so the names follow a colon.
    kenya = FilterState(D(2024, 6, 1), D(2025, 12, 9), ("KEN",))
    assert " events involving Kenya." in metrics.summary_text(ds, kenya)
    with i18n.language("fr"):
        french = metrics.summary_text(ds, kenya)
    assert " événements ; pays choisis : Kenya." in french and "pour Kenya" not in french
    with i18n.language("fr"):
        assert "pour tous les pays" in metrics.summary_text(ds, FilterState(D(2024, 6, 1), D(2025, 12, 9)))


def test_the_french_count_of_countries_in_haiti_needs_no_verb_to_agree_with_it(ds):
    # One of two countries in Haiti: a verb following the two ("1 avaient") would be wrong French.
    with i18n.language("fr"):
        text = metrics.summary_text(ds, FilterState(D(2023, 1, 1), D(2024, 7, 1), ("KEN", "BEN")))
    assert "Pays ayant promis ou envoyé des effectifs : 2, dont 1 avec du personnel en Haïti" in text
    assert "1 avaient" not in text


def test_table_rows_carry_their_sources(ds):
    # The helper every table and CSV uses: a row's publishers, its first link, and every URL.
    from components import export, labels

    sources = metrics.source_lookup(ds)
    events = ds.events.head(3)
    table = labels.with_source_columns(events, sources)
    first = events.iloc[0]
    assert table.iloc[0]["link"] == sources[first["source_ids"][0]]["url"]
    assert sources[first["source_ids"][0]]["publisher"] in table.iloc[0]["sources"]
    assert table["disputed"].tolist() == [bool(d) for d in events["dispute_id"]]
    csv_text = export.csv_bytes(events, sources).decode("utf-8")
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
    assert text.startswith(f"{len(events)} events between 1 June 2024 and 2 October 2025")
    strength = metrics.strength_alt(metrics.strength_series(ds, state), state)
    assert "Mission-wide personnel in Haiti" in strength and "about 200 to 400 (disputed)" in strength
    money = metrics.trust_fund_alt(ds.trust_fund, charts.MEASURE_LABELS, state)
    assert "trust fund: received" in money and "$" in money
    empty = FilterState(D(2021, 7, 7), D(2021, 7, 8))
    assert metrics.strength_alt(metrics.strength_series(ds, empty), empty).startswith("No mission-wide headcount")


# --- the live data: it validates elsewhere (test_validate); here, it holds the key facts ---
def test_live_data_holds_the_key_facts(live_ds):
    events = live_ds.events.set_index("event_id")
    assert {"T09", "T09b"} <= set(events.index)  # 20 and 21 September, both kept
    assert events.loc["T09", "dispute_id"] == events.loc["T09b", "dispute_id"] != ""
    titles = " ".join(live_ds.events["title"])
    for fact in ("Biden", "2699", "2751", "2793", "Cabinet", "Parliament", "unconstitutional", "reciprocal agreement"):
        assert fact in titles, fact
    signing = events.loc["T24"]
    assert signing["date"] == pd.Timestamp("2024-03-01") and "Kindiki" in signing["summary"]
    assert {"BEN", "TCD", "BGD", "BRB", "BHS"} <= set(events.loc["T22", "countries"])
    phases = live_ds.phases.set_index("phase")
    assert (phases.loc["mss", "authorised_ceiling"], phases.loc["gsf", "authorised_ceiling"]) == (2500, 5550)


def test_live_data_every_fact_row_cites_an_http_source(live_ds):
    urls = live_ds.sources.set_index("source_id")["url"]
    for name in ("events", "contributions", "strength", "funding", "trust_fund", "phases"):
        for ids in getattr(live_ds, name)["source_ids"]:
            assert ids and all(urls[s].startswith(("http://", "https://")) for s in ids)


def test_links_go_to_the_original_publisher_first(tmp_path):
    import shutil

    from components.data import load_dataset
    from tests.conftest import FIXTURE_DATA

    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    path = tmp_path / "data" / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    source_id = lines[1].split(",")[0]
    cells = next(__import__("csv").reader([lines[1]]))
    cells[header.index("canonical_url")] = "https://publisher.example/original"
    import csv as csv_module
    import io

    buffer = io.StringIO()
    csv_module.writer(buffer, lineterminator="").writerow(cells)
    lines[1] = buffer.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lookup = metrics.source_lookup(load_dataset(tmp_path / "data"))
    assert lookup[source_id]["url"] == "https://publisher.example/original"
    assert lookup[source_id]["read_at"] == cells[header.index("url")]


def test_counts_in_the_thousands_are_written_as_numbers_are(ds):
    from components import charts, i18n

    state = FilterState(D(2021, 7, 7), D(2026, 6, 25))
    many = pd.concat([metrics.filter_events(ds.events, state)] * 400, ignore_index=True)
    assert len(many) >= 1000
    with i18n.language("en"):
        assert metrics.events_alt(many, charts.category_labels(), state).startswith(f"{len(many):,} events between")
    with i18n.language("fr"):
        assert metrics.events_alt(many, charts.category_labels(), state).startswith(
            f"{len(many):,}".replace(",", "\u202f") + " événements"
        )
