"""Chart builders reflect the filters and never let data text act as markup."""

import datetime as dt

from components import charts, map_deck, metrics
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
    state = FilterState(D(2021, 7, 7), D(2026, 3, 21))
    fig = charts.strength_figure(metrics.strength_series(ds, state), ds.phases, ds.events.iloc[:0], metrics.source_lookup(ds), state.start, state.end)
    ceiling = next(t for t in fig.data if t.name == "Authorised or planned size")
    assert {2500, 5550} <= {y for y in ceiling.y if y is not None}


def test_hover_text_is_escaped(ds):
    events = ds.events.head(1).assign(title="<a href='javascript:x'>click</a>")
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    assert "<a" not in str(fig.data[0].customdata[0][0])


def test_map_uses_no_tile_server_and_text_tooltips(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 3, 21), ("KEN", "JAM"))
    deck = map_deck.contributor_deck(metrics.country_table(ds, state), ds.countries, ds.world)
    spec = deck.to_json()
    assert "cartocdn" not in spec and "mapbox://" not in spec and deck.map_style.startswith("data:application/json,")
    assert "html" not in deck._tooltip
    capitals = next(layer for layer in deck.layers if layer.id == "capitals")
    assert sorted(r["iso3"] for r in capitals.data) == ["JAM", "KEN"]
