"""The timeline's layout: rows only for what is drawn, labels above the plot and lines inside
it, ranges drawn as ranges, a phone's own layout, and plotly's words in the reader's language."""

import datetime as dt

import pandas as pd

from components import chart_locale, chart_phone, charts, i18n, metrics, views
from components.chart_events import FLOATING
from components.url_state import FilterState

D = dt.date
EVERYTHING = FilterState(D(2021, 7, 7), D(2026, 2, 8))


def timeline(ds, state=EVERYTHING, series=True, focus=None):
    events = metrics.filter_events(ds.events, state)
    return charts.timeline_figure(
        events,
        ds.phases,
        metrics.source_lookup(ds),
        state.start,
        state.end,
        series=metrics.strength_series(ds, state) if series else None,
        focus=focus,
    )


def test_a_category_has_a_row_only_when_it_has_an_event(ds):
    one_day = FilterState(D(2023, 10, 2), D(2023, 10, 2))
    events = metrics.filter_events(ds.events, one_day)
    figure = timeline(ds, one_day)
    assert list(figure.layout.yaxis.categoryarray) == [charts.category_labels()["un_security_council"]]
    assert set(events["category"]) == {"un_security_council"}
    assert "Diplomatic" not in list(figure.layout.yaxis.categoryarray)
    # and the chart is as tall as its rows
    assert figure.layout.height < timeline(ds).layout.height


def test_labels_sit_above_the_events_and_lines_stay_inside_each_plot(ds):
    figure = timeline(ds)
    top = figure.layout.yaxis.domain[1]
    floating = [a for a in figure.layout.annotations if a.name == FLOATING]
    assert {a.text for a in floating} >= {"MSS", "GSF", "Res. 2699", "Res. 2751", "Res. 2793"}
    assert all(a.y == top and a.yanchor == "bottom" for a in floating)
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    assert {s.yref for s in lines} == {"y domain", "y2 domain"} and all((s.y0, s.y1) == (0, 1) for s in lines)


def test_the_first_and_last_events_are_drawn_whole(ds):
    figure = timeline(ds)
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    span = pd.Timestamp(EVERYTHING.end) - pd.Timestamp(EVERYTHING.start)
    assert pd.Timestamp(EVERYTHING.start) - low >= span * 0.03 and high - pd.Timestamp(EVERYTHING.end) >= span * 0.03


def test_a_headcount_given_as_a_range_is_drawn_as_one(ds):
    series = metrics.strength_series(ds, EVERYTHING)
    ranged = series[series["high"] > series["low"]]
    assert not ranged.empty
    line = next(t for t in timeline(ds).data if t.name == charts.HEADCOUNT_NAME)
    assert line.error_y.visible and not line.error_y.symmetric
    for position in ranged.index:
        assert line.error_y.arrayminus[position] == series.loc[position, "high"] - series.loc[position, "low"]


def test_a_phone_names_the_rows_above_them_and_starts_with_the_mission(ds):
    bounds_first = EVERYTHING.start
    focus = views.mission_focus(ds, EVERYTHING, bounds_first)
    offered = ds.contributions["date"].min()
    assert focus == ds.events.loc[ds.events["date"] >= offered, "date"].min() and focus > pd.Timestamp(EVERYTHING.start)
    assert views.mission_focus(ds, FilterState(D(2022, 1, 1), EVERYTHING.end), bounds_first) is None
    narrow = timeline(ds, focus=focus).layout.meta["hmtNarrow"]
    assert narrow["below"] == chart_phone.NARROW_PX and narrow["layout"]["yaxis"] == {"showticklabels": False}
    rows = [a["text"] for a in narrow["layout"]["annotations"] if a.get("yref") == "y"]
    drawn = set(metrics.filter_events(ds.events, EVERYTHING)["category"])
    assert rows == [label for category, label in charts.category_labels().items() if category in drawn]
    assert (
        pd.Timestamp(narrow["layout"]["xaxis"]["range"][0])
        < focus
        < pd.Timestamp(narrow["layout"]["xaxis"]["range"][1])
    )
    labels = [b["label"] for b in narrow["layout"]["updatemenus"][0]["buttons"]]
    assert labels == ["Since July 2023", "Full period"]
    assert "updatemenus" not in timeline(ds).layout.meta["hmtNarrow"]["layout"]  # no focus: nothing to switch


def test_plotly_speaks_the_readers_language():
    with i18n.language("fr"):
        config = chart_locale.plotly_config({"displaylogo": False})
    fr = config["locales"]["fr"]
    assert config["locale"] == "fr" and config["displaylogo"] is False
    assert fr["dictionary"]["Autoscale"] == "Échelle automatique"
    assert fr["format"]["shortMonths"][6] == "juil." and fr["format"]["days"][0] == "dimanche"
    with i18n.language("ht"):
        ht = chart_locale.plotly_config({})["locales"]["ht"]
    assert ht["format"]["months"][6] == "jiyè" and ht["dictionary"]["Zoom in"] == "Grandi"
    with i18n.language("en"):
        assert chart_locale.plotly_config({"a": 1}) == {"a": 1}


def test_the_text_alternative_names_every_resolution_the_chart_draws(ds):
    events = metrics.filter_events(ds.events, EVERYTHING)
    text = metrics.events_alt(events, charts.category_labels(), EVERYTHING)
    assert text.endswith(
        "Security Council resolutions (dotted lines): 2699 (2 October 2023), 2751 (30 September 2024), "
        "2793 (30 September 2025)."
    )
    no_resolution = events[[not r for r in events["resolution"]]]
    assert "resolutions" not in metrics.events_alt(no_resolution, charts.category_labels(), EVERYTHING)


def test_a_phone_axis_starts_on_a_day_no_event_mark_straddles():
    # Events close before the mission's start (the lead-up of late 2022) sat across the phone
    # axis's left edge, drawn cut in half; the axis now starts before them, on a clear day.
    end = pd.Timestamp("2026-06-25")
    dates = pd.Series(pd.to_datetime(["2022-10-07", "2022-12-21", "2023-01-10", "2023-01-24", "2023-02-10", end]))
    first_guess, right = charts.padded(pd.Timestamp("2023-02-10"), end)
    left = chart_phone.clear_start(dates, first_guess, right)
    half_mark = (right - left) * chart_phone.MARK_HALF_PX / chart_phone.NARROWEST_PLOT_PX
    assert left < first_guess
    assert all(abs(day - left) >= half_mark for day in dates)
    nothing_near = pd.Series(pd.to_datetime(["2023-03-01", end]))  # more than half a mark from the start
    assert chart_phone.clear_start(nothing_near, first_guess, right) == first_guess  # kept
