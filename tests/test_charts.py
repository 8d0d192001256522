"""Chart builders reflect the filters and never let data text act as markup."""

import datetime as dt
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pandas as pd

from components import chart_money, charts, event_points, i18n, light_chart, map_deck, map_svg, metrics, plotly_adapter
from components.url_state import FilterState

D = dt.date


def test_timeline_points_follow_the_period(ds):
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2))
    events = metrics.filter_events(ds.events, state)
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), state.start, state.end)
    points = sum(len(trace.x) for trace in fig.data)
    assert points == len(event_points.event_points(events)[0]) and points < len(ds.events)
    assert any(a.text == "Res. 2751" for a in fig.layout.annotations)


def one_day_events(ds, count: int, disputed_at: int | None = None):
    """``count`` events of one category on one day, each with its own title."""
    first = ds.events[ds.events["dispute_id"] == ""].iloc[[0] * count].reset_index(drop=True)
    first = first.assign(title=[f"Event number {n}" for n in range(count)])
    if disputed_at is not None:
        first.loc[disputed_at, "dispute_id"] = "some-dispute"
    return first


def hovers(fig) -> list[str]:
    return [row[0] + "<br>" + row[1] for trace in fig.data for row in trace.customdata]


def test_events_of_one_day_and_category_share_a_point_that_names_them(ds):
    # Drawn one over another, only the top one could be hovered: the reader never saw the others.
    events = one_day_events(ds, 3, disputed_at=2)
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    assert sum(len(trace.x) for trace in fig.data) == 1
    (text,) = hovers(fig)
    assert ": 3 events" in text
    assert all(f"Event number {n}" in text for n in range(3)) and "Event number 2 (disputed)" in text
    assert text.count("Source:") == 3 and text.count("confidence") == 3
    trace = fig.data[0]
    assert trace.marker.symbol[0].endswith("-open"), "a point holding a disputed event is hollow"
    assert list(trace.marker.size) == [event_points.SHARED_SIZE]


def test_a_shared_point_says_the_date_of_an_event_dated_to_its_month_only(ds):
    events = one_day_events(ds, 2).assign(date=pd.Timestamp("2024-03-01"), date_precision=["day", "month"])
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    (text,) = hovers(fig)
    assert text.startswith("1 March 2024: 2 events") and "Event number 1</b> (March 2024)" in text


def test_a_crowded_point_names_a_few_and_sends_the_reader_to_the_table(ds):
    events = one_day_events(ds, event_points.LISTED_PER_POINT + 4)
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    (text,) = hovers(fig)
    assert text.count("Event number") == event_points.LISTED_PER_POINT
    assert "and 4 more: the Table tab lists every event" in text
    with i18n.language("fr"):
        fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    assert "l’onglet Tableau" in hovers(fig)[0]
    # An embedded chart has no Table tab to send the reader to.
    embedded = charts.timeline_figure(
        events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1), table_tab=False
    )
    assert "and 4 more on this day" in hovers(embedded)[0] and "Table" not in hovers(embedded)[0]


def test_the_hover_table_kept_with_the_dataset_gives_the_same_chart(ds):
    # The Timeline passes each event's hover worked out once per dataset and language; the chart
    # must be the one it draws when it works them out itself, in each language.
    state = FilterState(D(2023, 6, 1), D(2026, 2, 8), ("KEN",))
    sources = metrics.source_lookup(ds)
    for lang in ("en", "fr"):
        with i18n.language(lang):
            events = metrics.localized_events(metrics.events_in_view(ds, state))
            table = charts.event_hover_table(ds)
            kept = charts.timeline_figure(events, ds.phases, sources, state.start, state.end, hover_table=table)
            built = charts.timeline_figure(events, ds.phases, sources, state.start, state.end)
        assert kept.to_json() == built.to_json()
        assert len(table) == len(ds.events)


def test_a_point_of_one_event_keeps_its_summary(ds):
    events = one_day_events(ds, 1)
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    (text,) = hovers(fig)
    assert "<b>Event number 0</b>" in text and "events" not in text.split("<br>")[0]
    assert events["summary"].iloc[0].split()[0] in text
    assert list(fig.data[0].marker.size) == [event_points.SINGLE_SIZE]


def test_strength_figure_has_ceiling_and_band(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    fig = charts.strength_figure(
        metrics.strength_series(ds, state),
        ds.phases,
        ds.events.iloc[:0],
        metrics.source_lookup(ds),
        state.start,
        state.end,
    )
    ceiling = next(t for t in fig.data if t.name == "Authorised or planned size")
    assert {2500, 5550} <= {y for y in ceiling.y if y is not None}


def test_hover_text_is_escaped(ds):
    events = ds.events.head(1).assign(title="<a href='javascript:x'>click</a>")
    fig = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), D(2021, 1, 1), D(2026, 1, 1))
    text = " ".join(str(cell) for cell in fig.data[0].customdata[0])
    assert "<a" not in text and "&lt;a href=" in text


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
        "strength": charts.strength_figure(
            metrics.strength_series(ds, state), ds.phases, events, sources, state.start, state.end
        ),
        "pledges": charts.pledges_figure(metrics.country_table(ds, state)),
        "donors": charts.funding_by_donor_figure(metrics.donor_table(ds, state)),
        "trust_fund": charts.trust_fund_figure(ds.trust_fund, sources, state.start, state.end),
    }


def test_every_chart_draws_with_the_light_plotly_build(ds):
    # A trace type outside plotly.js "basic" would fall back to the slow full build.
    for name, figure in every_figure(ds).items():
        assert light_chart.unsupported_traces(figure) == [], name
        assert figure.layout.template.layout.plot_bgcolor == "white", (
            f"{name}: Streamlit's placeholder template leaked in"
        )


def test_charts_skip_validation_but_are_valid(ds, monkeypatch):
    # The builders skip plotly's validation (it was most of a rerun's time at scale); built
    # with it, every figure is accepted and gives the same JSON.
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))

    def with_series():
        return charts.timeline_figure(
            metrics.filter_events(ds.events, state),
            ds.phases,
            metrics.source_lookup(ds),
            state.start,
            state.end,
            series=metrics.strength_series(ds, state),
        )

    fast = {
        name: json.loads(figure.to_json())
        for name, figure in {**every_figure(ds), "timeline_series": with_series()}.items()
    }
    monkeypatch.setattr(plotly_adapter, "VALIDATE", True)
    for name, figure in {**every_figure(ds), "timeline_series": with_series()}.items():
        assert json.loads(figure.to_json()) == fast[name], name


def test_chart_json_without_title_is_plotlys_own_json(ds):
    # light_chart.untitled_json writes the payload from the figure's own property dicts (no deep
    # copy, no JSON round trip): it must stay byte for byte what plotly's to_json gives.
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN", "JAM"))
    events = metrics.filter_events(ds.events, state)
    figures = {
        **every_figure(ds),
        "timeline_series": charts.timeline_figure(
            events,
            ds.phases,
            metrics.source_lookup(ds),
            state.start,
            state.end,
            series=metrics.strength_series(ds, state),
        ),
    }
    for name, figure in figures.items():
        assert light_chart.untitled_json(figure) == light_chart.untitled(figure.to_json()), name


def test_vendored_plotly_matches_the_python_package():
    # Figures are built by plotly.py for one plotly.js version; the vendored build must be it.
    assert light_chart.PLOTLY_PATH.is_file()
    assert light_chart.bundled_plotly_version() == light_chart.PLOTLY_VERSION
    with light_chart.PLOTLY_PATH.open(encoding="utf-8") as vendored:
        header = vendored.read(300)
    assert f"plotly.js (basic - minified) v{light_chart.PLOTLY_VERSION}" in header
    # Chromium compiles it off the main thread only when the hint is the file's first line.
    assert header.startswith(light_chart.COMPILE_HINT)


def test_map_centres_between_haiti_and_the_selected_countries(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN",))
    deck = map_deck.contributor_deck(metrics.country_table(ds, state), ds.countries, ds.world)
    kenya = float(ds.countries.set_index("iso3").loc["KEN", "longitude"])
    assert deck.initial_view_state.longitude == round((map_deck.PORT_AU_PRINCE[0] + kenya) / 2, 2)


def test_donor_bars_never_add_a_restated_total_to_its_parts(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    figure = charts.funding_by_donor_figure(metrics.donor_table(ds, state))
    committed = next(trace for trace in figure.data if trace.name == "Committed")
    by_donor = dict(zip(committed.y, committed.x, strict=True))  # horizontal bars: donors on y
    assert by_donor["United States"] == 315  # US$ million: $300m restated total + $15m, not $815m
    deposited = next(trace for trace in figure.data if trace.name == "Paid into the trust fund")
    assert dict(zip(deposited.y, deposited.x, strict=True))["Canada"] == 63


def test_every_donor_row_has_a_bar_and_the_others_are_named_under_the_chart(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    donors = metrics.donor_table(ds, state)
    figure = charts.funding_by_donor_figure(donors)
    rows = set(figure.data[0].y)
    for name in rows:  # no blank row: each donor shown has at least one bar above 0
        assert any(x > 0 for trace in figure.data for y, x in zip(trace.y, trace.x, strict=True) if y == name), name
    line = metrics.without_bars(donors, charts.DONOR_BARS, "No bar: {names}.")
    missing = set(donors["donor_name"]) - rows
    assert all(name in line for name in missing) and not any(f" {name}," in line for name in rows)
    # Donor names are categories of a horizontal axis: each on its own row, never side by side.
    assert figure.layout.yaxis.automargin and all(trace.orientation == "h" for trace in figure.data)
    assert len(rows) == len(figure.data[0].y)  # distinct labels


def test_every_bar_carries_its_amount_and_the_axis_ends_past_every_bar(ds):
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    for lang in ("en", "fr"):
        with i18n.language(lang):
            figure = charts.funding_by_donor_figure(metrics.donor_table(ds, state))
        end = figure.layout.xaxis.range[1]
        for trace in figure.data:
            assert all(x < end for x in trace.x if x is not None)
            # A bar too short to see is still read: its amount, as the language writes money.
            assert all(text for x, text in zip(trace.x, trace.text, strict=True) if x)
        texts = " ".join(t for trace in figure.data for t in trace.text)
        assert "1,7\u00a0M\u00a0$US" in texts if lang == "fr" else "$1.7m" in texts  # Babel, never raw
        last_tick = end // figure.layout.xaxis.dtick * figure.layout.xaxis.dtick
        assert all(x <= last_tick for trace in figure.data for x in trace.x if x)  # no bar past the last tick


def test_a_bar_of_nothing_is_not_drawn(ds):
    # plotly draws a 0-length bar as a sliver of its outline at the axis, which reads as a number.
    state = FilterState(D(2021, 7, 7), D(2026, 2, 8))
    figures = [
        charts.pledges_figure(metrics.country_records(ds, state)),
        charts.funding_by_donor_figure(metrics.donor_table(ds, state)),
    ]
    for figure in figures:
        values = [x for trace in figure.data for x in trace.x]
        assert 0 not in values and None in values  # some country or donor lacks some measure


def test_a_donor_with_a_deposit_but_no_dollar_commitment_keeps_the_axis_readable(ds):
    # A measure without a US-dollar figure is NaN in the table, and NaN is truthy: it must not
    # reach the axis's end (a NaN range draws no axis at all).
    donors = metrics.donor_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8))).iloc[[0, 1]].copy()
    first, second = donors.index
    donors.loc[first, ["committed_high", "deposited_high"]] = [1_000_000.0, float("nan")]
    donors.loc[second, ["committed_high", "deposited_high"]] = [float("nan"), 2_000_000.0]
    figure = charts.funding_by_donor_figure(donors)
    end = figure.layout.xaxis.range[1]
    assert end == end and end > 2  # a number (not NaN), past the 2 million drawn
    assert all(x < end for trace in figure.data for x in trace.x if x is not None)


def test_pledges_chart_height_follows_its_rows_and_the_legend_swatch_matches_the_bars(ds):
    few = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN",)))
    many = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8)))
    small, large = charts.pledges_figure(few), charts.pledges_figure(many)
    assert small.layout.height < large.layout.height
    assert large.layout.height == chart_money.bars_height(len(large.data[0].y))
    arrived = next(trace for trace in large.data if trace.name.startswith("Arrived"))
    assert arrived.marker.pattern.shape == "." and arrived.marker.pattern.size <= 6  # dots, not a plus sign
    step = large.layout.xaxis.dtick
    last_tick = large.layout.xaxis.range[1] // step * step
    assert all(x <= last_tick for trace in large.data for x in trace.x if x)  # no bar runs past the last tick


def test_pledges_legend_says_rotations_are_not_arrivals(ds):
    figure = charts.pledges_figure(metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8))))
    assert any("rotations not counted" in trace.name for trace in figure.data)


SVG = "{http://www.w3.org/2000/svg}"


def test_web_mercator_in_deck_units():
    assert map_svg.project(0, 0) == (256, 256)
    assert map_svg.project(-180, 0)[0] == 0 and map_svg.project(180, 0)[0] == 512
    assert map_svg.project(0, 60)[1] < map_svg.project(0, 30)[1] < 256  # north is up, stretched


def test_the_maps_first_paint_is_the_decks_first_view(ds):
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN", "BEN")))
    records = map_deck.map_records(table, ds.countries)
    view = map_deck.contributor_deck(table, ds.countries, ds.world).initial_view_state
    root = ET.fromstring(map_svg.contributor_svg(table, ds.countries, map_svg.outline_paths(ds.world)))
    scale = 2**view.zoom
    # Centred where the deck is, one unit per pixel, whatever the element's width.
    left, top, width, height = map(float, root.get("viewBox").split())
    centre_x, centre_y = map_svg.project(view.longitude, view.latitude)
    assert abs(left + width / 2 - centre_x * scale) < 0.1 and abs(top + height / 2 - centre_y * scale) < 0.1
    assert height == map_deck.MAP_HEIGHT and width >= 4000 and root.get("preserveAspectRatio") == "xMidYMid slice"
    # One circle per contributor, in its stage's colour, then Port-au-Prince's blue dot.
    circles = root.findall(f"{SVG}circle")
    assert [c.get("fill") for c in circles] == ["#{:02x}{:02x}{:02x}".format(*r["color"][:3]) for r in records] + [
        "#1f5fa8"
    ]
    haiti_x, haiti_y = map_svg.project(*map_deck.PORT_AU_PRINCE)
    assert (float(circles[-1].get("cx")), float(circles[-1].get("cy"))) == (
        round(haiti_x * scale, 1),
        round(haiti_y * scale, 1),
    )
    # The land, and each shown country filled in over it.
    paths = root.findall(f"{SVG}g/{SVG}path")
    assert len(paths) == 1 + len(records) and paths[0].get("fill") == "#eeeee6"


def test_a_country_with_no_number_to_draw_has_the_smallest_circle(ds):
    # Circles are sized by the personnel in Haiti, else by all pledges added together (not the
    # largest one); a country with neither keeps its colour and tooltip and gets the smallest
    # circle (a small island state has no outline at this scale: its circle is all that shows),
    # in the deck and the first-paint SVG alike, never r="nan".
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8), ("KEN", "BEN")))
    kenya = table.index[table["iso3"] == "KEN"][0]
    assert map_deck.circle_size(table.loc[kenya].to_dict()) == table.loc[kenya, "in_haiti_high"]
    assert map_deck.circle_size({"in_haiti_high": 0, "pledged_high": 1600.0}) == 1600.0
    assert map_deck.circle_size({"in_haiti_high": 0, "pledged_high": float("nan")}) is None
    assert map_deck.circle_size({"in_haiti_high": float("nan"), "pledged_high": None}) is None
    table.loc[:, "in_haiti_high"] = 0
    table.loc[kenya, "pledged_high"] = float("nan")
    records = map_deck.map_records(table, ds.countries)
    assert {r["iso3"] for r in records} == {"KEN", "BEN"}
    by_iso3 = {r["iso3"]: r["radius"] for r in map_deck.circles(records)}
    assert by_iso3["KEN"] < by_iso3["BEN"]  # the floor, below Benin's pledge
    deck = json.loads(map_deck.contributor_deck(table, ds.countries, ds.world).to_json())
    capitals = next(layer for layer in deck["layers"] if layer["id"] == "capitals")
    assert len(capitals["data"]) == 2
    svg = map_svg.contributor_svg(table, ds.countries, map_svg.outline_paths(ds.world))
    assert "nan" not in svg and len(ET.fromstring(svg).findall(f"{SVG}circle")) == 3  # Kenya, Benin and Haiti
    assert "all its pledges" in map_deck.legend_caption(table, D(2026, 2, 8))


def test_the_maps_first_paint_holds_no_text_from_the_data(ds):
    table = metrics.country_table(ds, FilterState(D(2021, 7, 7), D(2026, 2, 8), ()))
    svg = map_svg.contributor_svg(table, ds.countries, map_svg.outline_paths(ds.world))
    root = ET.fromstring(svg)
    assert all(not (element.text or "").strip() for element in root.iter())
    assert {name for element in root.iter() for name in element.attrib} <= {
        "viewBox",
        "preserveAspectRatio",
        "transform",
        "x",
        "y",
        "width",
        "height",
        "fill",
        "fill-opacity",
        "d",
        "cx",
        "cy",
        "r",
        "stroke",
        "stroke-width",
    }
    tag = map_svg.image_tag(svg)
    assert tag.startswith('<img class="hmt-map-svg" alt="" ')
    assert urllib.parse.unquote(tag.split("svg+xml,", 1)[1].removesuffix('">')) == svg
    assert '"' not in tag.split("src=", 1)[1][1:-2]  # nothing in the URI ends the attribute


def test_every_legend_entry_fits_a_phone_in_every_language(ds):
    # Plotly never wraps a legend entry: the French trust-fund measure "Fonds d'affectation
    # spéciale : total collecté (base non précisée)" ran 20 px past a 390 px chart.
    sources = metrics.source_lookup(ds)
    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            fig = charts.trust_fund_figure(ds.trust_fund, sources, D(2021, 1, 1), D(2026, 12, 31))
            lines = [line for trace in fig.data for line in trace.name.split("<br>")]
        assert lines and max(len(line) for line in lines) <= charts.HOVER_WIDTH, lang
