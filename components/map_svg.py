"""The map's first paint: the deck's picture (components/map_deck.py) drawn as plain SVG.

Why: the deck needs Streamlit's deck.gl chunk (3 MB) and WebGL, whose shaders a machine
without a GPU compiles slowly; on a 2-core machine the map page took 2.7-2.9x as long as a bare
Streamlit page to show anything. The SVG is drawn by the browser as soon as the page's elements
arrive, under the deck, which covers it once it has drawn (the deck's sea is opaque) and keeps
the hover. Where WebGL is missing, the SVG stays: the map is still readable.

It is the same map: the same Web Mercator projection, centre and zoom as the deck's first view
(map_deck.fit_view), the same sea, land, colours, circles and Port-au-Prince dot. The SVG's
viewBox is as tall as the map and far wider than any screen, centred on the view's centre, and
``preserveAspectRatio="xMidYMid slice"`` keeps it at one SVG unit per CSS pixel: whatever the
element's width, it shows the window that the deck shows.

Nothing from the data becomes markup: the SVG holds numbers formatted here and the module's own
colours, no names or text. It is shown as an image with an empty text alternative: the deck's
text alternative and the legend caption say what the map shows.
"""

from __future__ import annotations

import math
import urllib.parse

import pandas as pd

from components import map_deck

EARTH_CIRCUMFERENCE_M = 40_075_016.686
# Wider than any screen at one unit per pixel, so "slice" never scales the picture.
VIEWBOX_WIDTH = 8000
# Land outlines are written in steps of UNIT zoom-0 units (the world is map_deck.TILE = 512
# units wide), as whole numbers relative to the previous point, which keeps the SVG small
# (it travels in the page's first message). At a typical zoom of 1 to 2 a step is 0.1 to
# 0.2 px; at the deck's largest zoom (5), 1.6 px, finer than the 1:110m outlines themselves.
UNIT = 0.05


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Web Mercator, in deck.gl's zoom-0 units: x from 0 (180° W) to 512 (180° E), y from the
    top (85° N, about) down."""
    x = (longitude + 180) / 360 * map_deck.TILE
    y = (1 - map_deck._mercator(latitude) / math.pi) / 2 * map_deck.TILE
    return x, y


def _ring_path(ring: list) -> str:
    steps, last = [], None
    for longitude, latitude, *_ in ring:
        x, y = project(longitude, latitude)
        point = (round(x / UNIT), round(y / UNIT))
        if last is None:
            steps.append(f"M{point[0]} {point[1]}")
        elif point != last:
            steps.append(f"l{point[0] - last[0]} {point[1] - last[1]}")
        last = point
    return "".join(steps) + "z" if len(steps) >= 3 else ""


def _feature_path(geometry: dict) -> str:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return "".join(_ring_path(ring) for polygon in polygons for ring in polygon)


def outline_paths(world: dict) -> tuple[str, dict[str, str]]:
    """All land as one path, and each country's own path by ISO code. They depend on the
    outlines alone: the page keeps them with the dataset (``Dataset.derived``), not per rerun."""
    by_iso3 = {f["properties"]["iso3"]: _feature_path(f["geometry"]) for f in world["features"]}
    return "".join(by_iso3.values()), by_iso3


def _rgb(color: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color[:3])


def _pixels_per_metre(scale: float, latitude: float) -> float:
    # deck.gl scales a radius in metres by the point's own latitude (Web Mercator stretches
    # towards the poles).
    return scale * map_deck.TILE / EARTH_CIRCUMFERENCE_M / math.cos(math.radians(latitude))


def _circle(
    position, radius_m: float, min_pixels: float, fill: list[int], alpha: int, line: float, scale: float
) -> str:
    x, y = project(*position)
    radius = max(radius_m * _pixels_per_metre(scale, position[1]), min_pixels)
    return (
        f'<circle cx="{x * scale:.1f}" cy="{y * scale:.1f}" r="{radius:.1f}" fill="{_rgb(fill)}" '
        f'fill-opacity="{alpha / 255:.2f}" stroke="#ffffff" stroke-width="{line}"/>'
    )


def contributor_svg(
    table: pd.DataFrame,
    countries: pd.DataFrame,
    outlines: tuple[str, dict[str, str]],
    height: int = map_deck.MAP_HEIGHT,
) -> str:
    """The SVG markup of the deck's first view (map_deck.contributor_deck) for ``table``;
    ``outlines`` is ``outline_paths(world)``."""
    records = map_deck.map_records(table, countries)
    view = map_deck.fit_view(records)
    scale = 2**view.zoom
    land, by_iso3 = outlines
    centre_x, centre_y = project(view.longitude, view.latitude)
    left, top = centre_x * scale - VIEWBOX_WIDTH / 2, centre_y * scale - height / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} {VIEWBOX_WIDTH} {height}"'
        ' preserveAspectRatio="xMidYMid slice">',
        f'<g transform="scale({scale * UNIT:.6f})">',
        # The sea fills the whole picture, as the deck's does on screen.
        f'<rect x="{-map_deck.TILE / UNIT:.0f}" y="{-map_deck.TILE / UNIT:.0f}"'
        f' width="{3 * map_deck.TILE / UNIT:.0f}" height="{3 * map_deck.TILE / UNIT:.0f}"'
        f' fill="{_rgb(map_deck.SEA_COLOR)}"/>',
        f'<path d="{land}" fill="{_rgb(map_deck.LAND_COLOR)}"/>',
    ]
    for record in records:
        if by_iso3.get(record["iso3"]):
            parts.append(
                f'<path d="{by_iso3[record["iso3"]]}" fill="{_rgb(record["color"])}"'
                f' fill-opacity="{map_deck.COUNTRY_ALPHA / 255:.2f}"/>'
            )
    parts.append("</g>")
    # Circles in pixels, as the deck sizes them (radius in metres, with a floor in pixels).
    for record in map_deck.circles(records):
        parts.append(_circle(record["position"], record["radius"], 3, record["color"], map_deck.CIRCLE_ALPHA, 1, scale))
    parts.append(_circle(map_deck.PORT_AU_PRINCE, 90_000, 5, map_deck.HAITI_COLOR, 255, 2, scale))
    parts.append("</svg>")
    return "".join(parts)


def image_tag(svg: str, height: int = map_deck.MAP_HEIGHT) -> str:
    """The SVG as an <img> (Streamlit's st.html keeps images but strips inline SVG): a data URI
    of our own markup, with an empty text alternative, since the deck above it carries the
    map's. The element's box is the map's (CSS in components/elements.py), and the SVG's
    preserveAspectRatio places the picture in it as the deck does."""
    # Percent-encoded rather than base64: the path data is digits, letters and spaces, which
    # stay as they are (base64 would add a third).
    encoded = urllib.parse.quote(svg, safe=" -.,/:=()")
    return f'<img class="hmt-map-svg" alt="" height="{height}" src="data:image/svg+xml,{encoded}">'
