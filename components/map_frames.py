"""What the time slider plays on the Map: one picture of the contributor map per month, drawn in
the browser as an SVG over the map while it plays (components/frontend/time_player.js). Sent
once, after the reader's first Play: the land and every country's outline in one SVG, in the
view that fits the newest month, and per month only what changes, each country's stage colour
and the circles. No Streamlit.

It is the map's own first paint (components/map_svg.py: same projection, colours, circle sizes
and Port-au-Prince dot) with the view held still, so the circles grow and the colours change in
place. Nothing from the data becomes markup: numbers formatted here and the map's own colours.
"""

from __future__ import annotations

import re

from components import map_deck, map_svg
from components.data import Dataset
from components.figures import figures_of
from components.personnel_steps import months, statuses_at
from components.worded_tables import worded_country_figures


def _month_records(ds: Dataset, day, countries: tuple[str, ...]) -> list[dict]:
    table = worded_country_figures(ds, figures_of(statuses_at(ds, day, countries).values()), day.date())
    return map_deck.map_records(table, ds.countries)


def map_frames(ds: Dataset, countries: tuple[str, ...]) -> dict:
    """``base``: the SVG of land and country outlines (each ``data-iso3``, unfilled) in one
    view; ``frames``: per stop of the slider, ``fills`` (iso3 -> colour) and ``circles`` (SVG
    markup of the circles). Read-only, once per dataset and countries."""

    def build() -> dict:
        per_month = [_month_records(ds, day, countries) for day in months(ds)]
        view = map_deck.fit_view(per_month[-1])
        scale = 2**view.zoom
        width, height = map_svg.VIEWBOX_WIDTH, map_deck.MAP_HEIGHT
        centre_x, centre_y = map_svg.project(view.longitude, view.latitude)
        left, top = centre_x * scale - map_svg.VIEWBOX_WIDTH / 2, centre_y * scale - height / 2
        land, by_iso3 = ds.derived("map_outlines", lambda: map_svg.outline_paths(ds.world))
        shown = sorted(
            iso3
            for iso3 in {record["iso3"] for records in per_month for record in records} & set(by_iso3)
            if re.fullmatch("[A-Z]{3}", iso3)  # it goes into an attribute: a code, never other text
        )
        tile = map_deck.TILE / map_svg.UNIT
        base = "".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} {width} {height}"'
                ' preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">',
                f'<g transform="scale({scale * map_svg.UNIT:.6f})">',
                f'<rect x="{-tile:.0f}" y="{-tile:.0f}" width="{3 * tile:.0f}" height="{3 * tile:.0f}"'
                f' fill="{map_svg._rgb(map_deck.SEA_COLOR)}"/>',
                f'<path d="{land}" fill="{map_svg._rgb(map_deck.LAND_COLOR)}"/>',
                *(
                    f'<path data-iso3="{iso3}" d="{by_iso3[iso3]}" fill="none"'
                    f' fill-opacity="{map_deck.COUNTRY_ALPHA / 255:.2f}"/>'
                    for iso3 in shown
                ),
                '</g><g class="hmt-map-circles"></g></svg>',
            ]
        )
        haiti = map_svg._circle(map_deck.PORT_AU_PRINCE, 90_000, 5, map_deck.HAITI_COLOR, 255, 2, scale)
        frames = [
            {
                "fills": {r["iso3"]: map_svg._rgb(r["color"]) for r in records if r["iso3"] in shown},
                "circles": "".join(
                    map_svg._circle(r["position"], r["radius"], 3, r["color"], map_deck.CIRCLE_ALPHA, 1, scale)
                    for r in map_deck.circles(records)
                )
                + haiti,
            }
            for records in per_month
        ]
        return {"base": base, "frames": frames}

    return ds.derived(f"map_frames:{','.join(countries)}", build)
