"""The pictures of link previews: each page's default view as a 1200 x 630 PNG, committed in
static/previews/ and served by the app at /previews/<page>.png (components/preview_middleware.py).

    .venv/bin/python deploy/build_previews.py          # after the data or the chart code changed

The images are drawn with the same chart builders as the pages, by plotly's static image export
(kaleido 1.x, which drives a Chromium: Debian's, /usr/bin/chromium, or BROWSER_PATH), from the
plotly.js that the plotly package ships and without MathJax, so nothing is fetched. They are
committed because a Chromium is not everywhere the app runs (Streamlit Community Cloud has
none); static/previews/key.txt holds a hash of the data and of the code that draws them, and
tests/test_previews.py fails when it is not the current one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIDTH, HEIGHT = 1200, 630
FOLDER = ROOT / "static" / "previews"
KEY_FILE = "key.txt"
CODE = [
    "components/charts.py",
    "components/chart_events.py",
    "components/event_points.py",
    "components/chart_money.py",
    "components/chart_style.py",
    "components/map_deck.py",
    "components/metrics.py",
    "deploy/build_previews.py",
]
# Scripts the drawing Chromium loads after plotly.js: the pages' own label placement, and the
# hook that applies it before each image is drawn. They draw the pictures too, so the key reads them.
LABEL_SCRIPTS = [ROOT / "components" / "frontend" / "label_room.js", ROOT / "deploy" / "preview_labels.js"]
CODE += [str(path.relative_to(ROOT)) for path in LABEL_SCRIPTS]


def key(data_dir: pathlib.Path) -> str:
    import plotly

    digest = hashlib.sha256(plotly.__version__.encode())
    # The data files the pictures are drawn from; data/README.md's prose changes no picture.
    drawn_from = sorted(path for path in data_dir.rglob("*") if path.suffix in (".csv", ".geojson"))
    for path in drawn_from + [ROOT / name for name in CODE]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def world_figure(table, countries, world):
    """The contributor map for an image: country outlines as filled shapes (no tiles, no
    topojson to fetch), coloured by stage as on the Map page, and Port-au-Prince."""
    import plotly.graph_objects as go

    from components import map_deck

    status = dict(zip(table["iso3"], table["status"], strict=True))
    traces = [
        dict(
            type="scatter",
            x=[-180, 180, 180, -180, -180],
            y=[-60, -60, 80, 80, -60],
            fill="toself",
            fillcolor="rgb({},{},{})".format(*map_deck.SEA_COLOR),
            line=dict(width=0),
            hoverinfo="skip",
            mode="lines",
        )
    ]
    for feature in world["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        colour = map_deck.STATUS_COLORS.get(status.get(feature["properties"]["iso3"]), map_deck.LAND_COLOR)
        xs, ys = [], []
        for polygon in polygons:
            ring = polygon[0]
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                fill="toself",
                fillcolor="rgb({},{},{})".format(*colour[:3]),
                line=dict(width=0.5, color="white"),
                mode="lines",
                hoverinfo="skip",
            )
        )
    traces.append(
        dict(
            type="scatter",
            x=[map_deck.PORT_AU_PRINCE[0]],
            y=[map_deck.PORT_AU_PRINCE[1]],
            mode="markers",
            marker=dict(
                size=16, color="rgb({},{},{})".format(*map_deck.HAITI_COLOR), line=dict(width=2, color="white")
            ),
        )
    )
    axis = dict(visible=False, range=[-130, 160])
    return go.Figure(
        data=traces,
        layout=dict(
            showlegend=False,
            margin=dict(l=0, r=0, t=60, b=0),
            xaxis=axis,
            yaxis=dict(visible=False, range=[-45, 75], scaleanchor="x"),
            plot_bgcolor="white",
            title=dict(text="Contributing countries, coloured by stage; Haiti in blue"),
        ),
    )


def figures(ds) -> dict[str, object]:
    """Per page's picture (components/previews.IMAGE_SLUGS): the figure of its default view."""
    from components import charts, metrics

    state = _default_state(ds)
    sources = metrics.source_lookup(ds)
    table = metrics.country_table(ds, state)
    events = metrics.filter_events(ds.events, state)
    series = metrics.strength_series(ds, state)
    strength = charts.strength_figure(series, ds.phases, events, sources, state.start, state.end)
    return {
        "overview": strength,
        "timeline": charts.timeline_figure(events, ds.phases, sources, state.start, state.end, series=series),
        "map": world_figure(table, ds.countries, ds.world),
        "pledges": charts.pledges_figure(table),
        "funding": charts.trust_fund_figure(ds.trust_fund, sources, state.start, state.end),
        "sources": strength,
    }


def _default_state(ds):
    from components import previews

    return previews.view_bounds(ds).default_state()


def render_images(figures: dict[str, object], folder: pathlib.Path) -> None:
    import kaleido
    import plotly

    # Debian's Chromium (or $CHROMIUM) through deploy/quiet_chromium.sh: no background traffic.
    os.environ.setdefault("BROWSER_PATH", str(ROOT / "deploy" / "quiet_chromium.sh"))
    plotly_js = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    specs = [
        {
            "fig": image_figure(figure),
            "path": str(folder / f"{slug}.png"),
            "opts": {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 1},
        }
        for slug, figure in figures.items()
    ]
    # One browser for all images; plotly.js and the label scripts from disk, no MathJax: nothing
    # fetched.
    page = kaleido.PageGenerator(plotly=str(plotly_js), mathjax=False, others=[str(path) for path in LABEL_SCRIPTS])
    kaleido.write_fig_from_object_sync(specs, kopts={"page_generator": page})


def image_figure(figure) -> dict:
    """A page's figure as the picture draws it: the picture's size and a font every machine has."""
    figure = figure.to_dict()
    layout = figure.setdefault("layout", {})
    layout.update(width=WIDTH, height=HEIGHT)
    layout["font"] = {**layout.get("font", {}), "family": "Arial, Helvetica, 'Liberation Sans', sans-serif", "size": 16}
    return figure


def build(folder: pathlib.Path, data_dir: pathlib.Path) -> pathlib.Path:
    """Draws the pictures into ``folder`` unless its key.txt is the current key already."""
    current = key(data_dir)
    key_file = folder / KEY_FILE
    if key_file.is_file() and key_file.read_text(encoding="utf-8").strip() == current:
        return folder
    from components.data import load_dataset

    folder.mkdir(parents=True, exist_ok=True)
    render_images(figures(load_dataset(data_dir)), folder)
    key_file.write_text(current + "\n", encoding="utf-8")
    return folder


def main() -> None:
    from components.data import data_dir_from_env

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(FOLDER))
    args = parser.parse_args()
    print(build(pathlib.Path(args.folder), pathlib.Path(data_dir_from_env())))


if __name__ == "__main__":
    main()
