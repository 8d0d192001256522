"""Chart builders reflect the filters and never let data text act as markup."""

import datetime as dt
import json

from components import charts, light_chart, map_deck, metrics
from components.url_state import FilterState

D = dt.date


def test_timeline_points_follow_the_period(ds):
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2))
    events = metrics.filter_events(ds.events, state)
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), state.start, state.end)
    points = sum(len(trace.x) for trace in fig.data)
    assert points == len(events) and points < len(ds.events)
    assert any(a.text == "Res. 2751" for a in fig.layout.annotations)


def test_strength_figure_has_ceiling_and_band(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    fig = charts.strength_figure(metrics.strength_series(ds, state), ds.phases, ds.events.iloc[:0], metrics.source_lookup(ds), state.start, state.end)
    ceiling = next(t for t in fig.data if t.name == "Authorised or planned size")
    assert {2500, 5550} <= {y for y in ceiling.y if y is not None}


def test_hover_text_is_escaped(ds):
    events = ds.events.head(1).assign(title="<a href='javascript:x'>click</a>")
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    assert "<a" not in str(fig.data[0].customdata[0][0])


def test_map_uses_no_tile_server_and_text_tooltips(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN", "JAM"))
    deck = map_deck.contributor_deck(metrics.country_table(ds, state), ds.countries, ds.world)
    spec = json.loads(deck.to_json())
    # pydeck's "no style" marker and no provider: Streamlit then draws no basemap at all.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "cartocdn" not in deck.to_json() and "mapbox://" not in deck.to_json()
    assert "html" not in deck._tooltip
    capitals = next(layer for layer in deck.layers if layer.id == "capitals")
    assert sorted(r["iso3"] for r in capitals.data) == ["JAM", "KEN"]


def every_figure(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    sources = metrics.source_lookup(ds)
    events = metrics.filter_events(ds.events, state)
    return {
        "timeline": charts.timeline_figure(events, ds.phases, sources, state.start, state.end),
        "strength": charts.strength_figure(metrics.strength_series(ds, state), ds.phases, events, sources, state.start, state.end),
        "pledges": charts.pledges_figure(metrics.country_table(ds, state)),
        "donors": charts.funding_by_donor_figure(metrics.donor_table(ds, state)),
        "trust_fund": charts.trust_fund_figure(ds.trust_fund, sources, state.start, state.end),
    }


def test_every_chart_draws_with_the_light_plotly_build(ds):
    # A trace type outside plotly.js "basic" would fall back to the slow full build.
    for name, figure in every_figure(ds).items():
        assert light_chart.unsupported_traces(figure) == [], name
        assert figure.layout.template.layout.plot_bgcolor == "white", f"{name}: Streamlit's placeholder template leaked in"


def test_charts_skip_validation_but_are_valid(ds, monkeypatch):
    # The builders skip plotly's validation (it was most of a rerun's time at scale); built
    # with it, every figure is accepted and gives the same JSON.
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    with_series = lambda: charts.timeline_figure(metrics.filter_events(ds.events, state), ds.phases, metrics.source_lookup(ds), state.start, state.end, series=metrics.strength_series(ds, state))  # noqa: E731
    fast = {name: json.loads(figure.to_json()) for name, figure in {**every_figure(ds), "timeline_series": with_series()}.items()}
    monkeypatch.setattr(charts, "VALIDATE", True)
    for name, figure in {**every_figure(ds), "timeline_series": with_series()}.items():
        assert json.loads(figure.to_json()) == fast[name], name


def test_chart_json_without_title_is_plotlys_own_json(ds):
    # light_chart.untitled_json writes the payload from the figure's own property dicts (no deep
    # copy, no JSON round trip): it must stay byte for byte what plotly's to_json gives.
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN", "JAM"))
    events = metrics.filter_events(ds.events, state)
    figures = {**every_figure(ds), "timeline_series": charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), state.start, state.end, series=metrics.strength_series(ds, state))}
    for name, figure in figures.items():
        assert light_chart.untitled_json(figure) == light_chart.untitled(figure.to_json()), name


def test_vendored_plotly_matches_the_python_package():
    # Figures are built by plotly.py for one plotly.js version; the vendored build must be it.
    assert light_chart.PLOTLY_PATH.is_file()
    assert light_chart.bundled_plotly_version() == light_chart.PLOTLY_VERSION
    with light_chart.PLOTLY_PATH.open(encoding="utf-8") as vendored:
        header = vendored.read(200)
    assert f"plotly.js (basic - minified) v{light_chart.PLOTLY_VERSION}" in header


def test_map_centres_between_haiti_and_the_selected_countries(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN",))
    deck = map_deck.contributor_deck(metrics.country_table(ds, state), ds.countries, ds.world)
    kenya = float(ds.countries.set_index("iso3").loc["KEN", "longitude"])
    assert deck.initial_view_state.longitude == round((map_deck.PORT_AU_PRINCE[0] + kenya) / 2, 2)


def test_donor_bars_never_add_a_restated_total_to_its_parts(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    figure = charts.funding_by_donor_figure(metrics.donor_table(ds, state))
    committed = next(trace for trace in figure.data if trace.name == "Committed")
    by_donor = dict(zip(committed.x, committed.y))
    assert by_donor["United States"] == 315  # US$ million: $300m restated total + $15m, not $815m
    deposited = next(trace for trace in figure.data if trace.name == "Paid into the trust fund")
    assert dict(zip(deposited.x, deposited.y))["Canada"] == 63


def test_pledges_legend_says_rotations_are_not_arrivals(ds):
    figure = charts.pledges_figure(metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8))))
    assert any("rotations not counted" in trace.name for trace in figure.data)
