"""The contributor map as a pydeck Deck: country shapes from data/, no tile server, no basemap.

The deck has no basemap at all (``map_provider=None`` keeps pydeck's "no style" marker, which
Streamlit's frontend honours): the sea is one rectangle and the land is the committed Natural
Earth GeoJSON, so the map needs no network. Leaving the basemap out also skips a second WebGL
map engine, the slowest part of the page in a browser without a GPU. For the same reason the
deck uses only two kinds of layer (filled polygons and circles): each kind costs a shader
compilation, which software WebGL does slowly. Country borders and arcs to Haiti were dropped
for that; the colours and circles carry the information.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components import i18n
from components.i18n import N_, _
from components.wording import STATUS_LABELS, confidence_word

PORT_AU_PRINCE = (-72.34, 18.54)  # lon, lat
SEA = {
    "type": "Feature",
    "properties": {"iso3": "", "name": "sea"},
    # The whole Web Mercator world; its edges are straight lines on the map.
    "geometry": {"type": "Polygon", "coordinates": [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]},
}
SEA_COLOR = [219, 231, 240]
LAND_COLOR = [238, 238, 230]
# Each stage's colour has at least 3:1 contrast against the sea and the land, as drawn
# (COUNTRY_ALPHA, CIRCLE_ALPHA: tests/test_contrast.py composites them), and the stage is
# never told by colour alone: the legend caption, the tooltip and the Table tab say it in words.
STATUS_COLORS = {
    "deployed": [23, 122, 64],
    "notified": [170, 51, 119],  # its own colour and word: a notification is a step past a pledge
    "pledged": [179, 88, 6],
    "withdrawn": [99, 99, 99],
    "support": [106, 81, 163],
    "considering": [140, 109, 49],
}
HAITI_COLOR = [31, 95, 168]
COUNTRY_ALPHA = 215
CIRCLE_ALPHA = 235
STATUS_COLOR_WORDS = {  # English messages: translate with _() where shown
    "deployed": N_("green"),
    "notified": N_("pink"),
    "pledged": N_("orange"),
    "withdrawn": N_("grey"),
    "support": N_("purple"),
    "considering": N_("brown"),
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def legend_caption(table: pd.DataFrame, day) -> str:
    """The map's legend in words, listing only the stages shown, each with its count: the
    colours say exactly what the stages say (wording.STATUS_LABELS)."""
    counts = table["status"].value_counts()
    parts = []
    for status, label in STATUS_LABELS.items():
        if status in counts:
            parts.append(f"{_(STATUS_COLOR_WORDS[status])}: {_lower_first(_(label))} ({int(counts[status])})")
    listed = " · ".join(parts)
    return (
        _("As of {date}.").format(date=i18n.date(day))
        + " "
        + listed[:1].upper()
        + listed[1:]
        + ". "
        + circles_sentence()
        + " "
        + _("Hover or tap a country for its figures, their date and confidence.")
    )


def circles_sentence() -> str:
    """What the circles' sizes say (circle_size), for the legend and the map's text alternative."""
    return _(
        "Circles grow with the personnel in Haiti, or, for a country with none there, with all its pledges"
        " added together; a country with neither has the smallest circle, at its capital. The blue dot is"
        " Port-au-Prince."
    )


def _tooltip_text(row: dict) -> str:
    latest = (
        f"{i18n.date(row['in_haiti_date'])} ({confidence_word(row['in_haiti_confidence'])})"
        if not pd.isna(row["in_haiti_date"])
        else _("none")
    )
    lines = [
        f"{row['country']}: {_lower_first(_(STATUS_LABELS[row['status']]))}",
        _("Pledged: {figure}").format(figure=row["pledged"]),
        _("Arrived: {figure}").format(figure=row["arrived"]),
        _("In Haiti: {figure}").format(figure=row["in_haiti"]),
        _("Latest headcount: {date}").format(date=latest),
    ]
    if row["in_haiti_note"]:
        lines.append(_("Note: {note}").format(note=row["in_haiti_note"]))
    if row["disputed"]:
        lines.append(_("Some figures are disputed"))
    return "\n".join(lines)


def map_records(table: pd.DataFrame, countries: pd.DataFrame) -> list[dict]:
    """One record per contributing country: position, color, size and tooltip."""
    places = {
        iso3: (lon, lat)
        for iso3, lon, lat in zip(countries["iso3"], countries["longitude"], countries["latitude"], strict=True)
    }
    records = []
    for row in table.to_dict("records"):
        if row["iso3"] not in places:
            continue
        longitude, latitude = places[row["iso3"]]
        size = circle_size(row)
        records.append(
            {
                "iso3": row["iso3"],
                "position": [float(longitude), float(latitude)],
                "color": STATUS_COLORS[row["status"]] + [CIRCLE_ALPHA],
                # Area, not radius, grows with personnel; a floor keeps small contingents visible.
                "radius": 60_000 + 9_000 * math.sqrt(size or 0),
                "tooltip": _tooltip_text(row),
            }
        )
    return records


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def circle_size(row: dict) -> float | None:
    """What a country's circle is sized by: its personnel in Haiti, or, with none there, its
    pledges in all (``pledged_high``: every pledge added, figures.COUNTRY_FIGURE_COLUMNS);
    None when it has neither a headcount nor a pledged number (the smallest circle, so that every
    contributor, small island states without an outline included, shows). A missing number is
    NaN in the table, and NaN is truthy: an ``or`` chain would size the circle as NaN."""
    in_haiti, pledged = _number(row.get("in_haiti_high")), _number(row.get("pledged_high"))
    if in_haiti:
        return in_haiti
    return pledged


def circles(records: list[dict]) -> list[dict]:
    """The records that have a circle (map_records: ``radius`` None for the others)."""
    return [r for r in records if r["radius"] is not None]


def outline_layers(world: dict, records: list[dict]) -> list[pdk.Layer]:
    by_iso3 = {r["iso3"]: r for r in records}
    contributors = {
        "type": "FeatureCollection",
        "features": [
            {
                **feature,
                "properties": {
                    **feature["properties"],
                    "color": [*by_iso3[feature["properties"]["iso3"]]["color"][:3], COUNTRY_ALPHA],
                    "tooltip": by_iso3[feature["properties"]["iso3"]]["tooltip"],
                },
            }
            for feature in world["features"]
            if feature["properties"]["iso3"] in by_iso3
        ],
    }
    sea_and_land = {
        "type": "FeatureCollection",
        "features": [{**SEA, "properties": {**SEA["properties"], "color": SEA_COLOR}}]
        + [{**feature, "properties": {**feature["properties"], "color": LAND_COLOR}} for feature in world["features"]],
    }
    return [
        pdk.Layer(
            "GeoJsonLayer",
            sea_and_land,
            id="world",
            filled=True,
            stroked=False,
            get_fill_color="properties.color",
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            contributors,
            id="contributors",
            filled=True,
            stroked=False,
            get_fill_color="properties.color",
            pickable=True,
        ),
    ]


def centre_longitude(records: list[dict]) -> float:
    """Midway between the westernmost and easternmost of Haiti and the shown countries, so a
    narrow (phone) screen centres on what was selected rather than on a fixed meridian."""
    longitudes = [PORT_AU_PRINCE[0]] + [r["position"][0] for r in records]
    return round((min(longitudes) + max(longitudes)) / 2, 2)


# The first view must hold Haiti and every shown country on the narrowest screen the page
# is read on: the server cannot know the screen, so the zoom is computed for a phone's map
# (about 350 px wide); a wider screen then shows more around the same centre.
PHONE_MAP_WIDTH = 350
MAP_HEIGHT = 520
TILE = 512  # deck.gl's world is 512 px wide at zoom 0
VIEW_MARGIN_DEGREES = 12  # room for the circles drawn around the outermost capitals


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(latitude, 85.0), -85.0)) / 2))


def fit_view(records: list[dict], width: int = PHONE_MAP_WIDTH, height: int = MAP_HEIGHT) -> pdk.ViewState:
    """A view centred between Haiti and the shown countries, zoomed so that all of them fit in
    a map of ``width`` x ``height`` pixels (Web Mercator, as deck.gl draws it)."""
    longitudes = [PORT_AU_PRINCE[0]] + [r["position"][0] for r in records]
    latitudes = [PORT_AU_PRINCE[1]] + [r["position"][1] for r in records]
    west, east = min(longitudes) - VIEW_MARGIN_DEGREES, max(longitudes) + VIEW_MARGIN_DEGREES
    south, north = min(latitudes) - VIEW_MARGIN_DEGREES, max(latitudes) + VIEW_MARGIN_DEGREES
    zoom_x = math.log2(width * 360 / (TILE * (east - west)))
    zoom_y = math.log2(height * 2 * math.pi / (TILE * (_mercator(north) - _mercator(south))))
    zoom = max(0.0, min(zoom_x, zoom_y, 5.0))
    middle_y = (_mercator(north) + _mercator(south)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(middle_y)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(latitude, 2), longitude=centre_longitude(records), zoom=math.floor(zoom * 100) / 100
    )


def view_bounds(
    view: pdk.ViewState, width: int = PHONE_MAP_WIDTH, height: int = MAP_HEIGHT
) -> tuple[float, float, float, float]:
    """West, south, east and north edges of what ``view`` shows in a ``width`` x ``height`` map."""
    scale = TILE * 2**view.zoom
    half_lon = width / 2 * 360 / scale
    middle_y = _mercator(view.latitude)
    half_y = height / 2 * 2 * math.pi / scale

    def to_lat(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)

    return view.longitude - half_lon, to_lat(middle_y - half_y), view.longitude + half_lon, to_lat(middle_y + half_y)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation. pydeck indents its JSON, which makes Python's json
    module fall back to its pure-Python encoder: ~30 ms for the world's shapes on every rerun
    instead of ~3 ms. Streamlit only reads the JSON, so the output is otherwise the same."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def contributor_deck(table: pd.DataFrame, countries: pd.DataFrame, world: dict) -> pdk.Deck:
    records = map_records(table, countries)
    layers = [
        *outline_layers(world, records),
        pdk.Layer(
            "ScatterplotLayer",
            circles(records),
            id="capitals",
            get_position="position",
            get_fill_color="color",
            get_radius="radius",
            radius_min_pixels=3,
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            [{"position": list(PORT_AU_PRINCE), "tooltip": _("Port-au-Prince, Haiti: where the mission operates")}],
            id="haiti",
            get_position="position",
            get_fill_color=[*HAITI_COLOR, 255],
            get_radius=90_000,
            radius_min_pixels=5,
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=2,
            pickable=True,
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=fit_view(records),
        map_provider=None,  # no basemap: see the module docstring
        # "text", not "html": country names and figures come from the data and must stay text.
        tooltip={"text": "{tooltip}"},
    )
