"""The time slider's stops and frames: a frame is the pledge chart as a link whose ``to`` is
that month shows it, built from ledger snapshots that give the same statuses as the ledger."""

import json

import pandas as pd

from components import charts, figures, metrics, personnel_steps, time_frames
from components.url_state import FilterState
from tests.test_pages import run


def view_to(ds, day, countries=()):
    return FilterState(ds.first_date.date(), pd.Timestamp(day).date(), tuple(countries), pinned_end=True)


def test_the_stops_run_by_month_from_the_first_pledge_to_the_newest_fact(ds):
    stops = time_frames.stops(ds)
    first_pledge = ds.contributions.loc[ds.contributions["stage"] == "pledge", "date"].min()
    assert stops["months"][0][:7] == f"{first_pledge:%Y-%m}"
    assert stops["months"][-1] == ds.as_of.date().isoformat()
    assert stops["months"] == sorted(set(stops["months"])) and len(stops["labels"]) == len(stops["months"])
    assert time_frames.stop_index(stops["months"], ds.as_of) == len(stops["months"]) - 1
    assert time_frames.stop_index(stops["months"], stops["months"][2]) == 2


def test_snapshots_give_the_ledgers_statuses_on_every_stop(ds):
    for day in personnel_steps.months(ds):
        for countries in ((), ("KEN", "JAM")):
            assert personnel_steps.statuses_at(ds, day, countries) == figures.country_statuses(
                ds, view_to(ds, day, countries)
            )


def test_each_frame_is_the_pledge_chart_of_its_month(ds):
    stops = time_frames.stops(ds)["months"]
    built = time_frames.pledges_frames(ds, (), "linear")
    frames = json.loads(built["frames"])
    assert len(frames) == len(stops)
    for position in (0, len(stops) // 2, len(stops) - 1):
        state = view_to(ds, stops[position])
        expected = json.loads(charts.pledges_figure(metrics.country_table(ds, state)).to_json())["data"]
        assert frames[position] == expected, stops[position]
    assert built["xrange"][0] == 0 and built["xrange"][1] > 0
    log = time_frames.pledges_frames(ds, (), "log")
    assert log["xrange"][0] < log["xrange"][1] < 5  # log10 of the largest pledge, plus a margin


def test_the_pledges_page_sends_the_stops_and_no_frames_until_asked():
    at = run("pages/3_Pledges_and_deployments.py", {"to": "2024-06-30"})
    players = [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == "hmt_time_player"
    ]
    assert len(players) == 1 and not at.exception
    player = players[0]
    assert player["payload"] is None and player["target"] == "pledges_chart" and player["kind"] == "chart"
    assert player["months"][player["index"]] == "2024-06-30" and player["labels"][player["index"]] == "June 2024"
    assert set(player["words"]) >= {"play", "pause", "label", "showing"}


def test_the_slider_stops_are_worded_in_each_language(ds):
    from components import i18n

    with i18n.language("fr"):
        assert time_frames.stops(ds)["labels"][0].startswith("juillet") or "20" in time_frames.stops(ds)["labels"][0]
    with i18n.language("ht"):
        labels = time_frames.stops(ds)["labels"]
    assert labels != time_frames.stops(ds)["labels"]


def test_frames_follow_the_country_filter(ds):
    kenya = json.loads(time_frames.pledges_frames(ds, ("KEN",), "linear")["frames"])
    assert all(set(trace["y"]) <= {"Kenya"} for frame in kenya for trace in frame)


def test_each_map_frame_colours_and_sizes_the_countries_of_its_month(ds):
    from components import map_deck, map_frames

    built = map_frames.map_frames(ds, ())
    stops = time_frames.stops(ds)["months"]
    assert len(built["frames"]) == len(stops) and built["base"].startswith("<svg")
    for position in (0, len(stops) - 1):
        records = map_deck.map_records(metrics.country_table(ds, view_to(ds, stops[position])), ds.countries)
        fills = built["frames"][position]["fills"]
        assert set(fills) <= {r["iso3"] for r in records}
        assert all(
            fills[r["iso3"]] == "#{:02x}{:02x}{:02x}".format(*r["color"][:3]) for r in records if r["iso3"] in fills
        )
        # A circle per country with a number to draw (map_deck.circles), and Port-au-Prince's.
        assert built["frames"][position]["circles"].count("<circle") == len(map_deck.circles(records)) + 1
        assert "nan" not in built["frames"][position]["circles"]
    assert "<script" not in built["base"] and "href" not in built["base"]


def test_the_map_page_sends_a_map_player():
    at = run("pages/2_Map.py", {"to": "2024-09-30"})
    players = [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == "hmt_time_player"
    ]
    assert len(players) == 1 and players[0]["kind"] == "map" and players[0]["target"] == "hmt_map"
    assert players[0]["months"][players[0]["index"]] == "2024-09-30" and not at.exception
