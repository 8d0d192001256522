"""Link previews for the self-hosted stack: a picture of each page's default view, and the
page's title, description and image tags, which nginx writes into Streamlit's index.html.

    .venv/bin/python deploy/build_previews.py [--root .run/previews]    # prints the folder

Crawlers (WhatsApp, Signal, Slack, X, LinkedIn, a CMS) read the page without running its
scripts, and Streamlit's index.html is the same for every page: title "Streamlit", no
description, no image. So the stack serves, for each page's path, a <title>, a meta
description, Open Graph and Twitter card tags, the chart of the page's default view as a
1200 x 630 PNG under /previews/, and a robots.txt (deploy/nginx.conf.in).

The images are drawn with the same chart builders as the pages, by plotly's static image export
(kaleido 1.x, which drives a Chromium: Debian's, /usr/bin/chromium, or BROWSER_PATH), from the
plotly.js that the plotly package ships and without MathJax, so nothing is fetched. The folder's
name holds a hash of the data and of the code that draws them: built once per change (about
10 s), reused by every later start.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SITE = "Haiti Mission Tracker"
WIDTH, HEIGHT = 1200, 630
# URL path (as nginx sees $uri, the app at the server's root) -> page slug.
PAGES = {
    "/": "overview",
    "/Timeline": "timeline",
    "/Map": "map",
    "/Pledges_and_deployments": "pledges",
    "/Funding": "funding",
    "/Sources_and_method": "sources",
}
CODE = ["components/charts.py", "components/map_deck.py", "components/metrics.py", "deploy/build_previews.py"]


def key(data_dir: pathlib.Path) -> str:
    import plotly

    digest = hashlib.sha256(plotly.__version__.encode())
    for path in sorted(data_dir.rglob("*")) + [ROOT / name for name in CODE]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"previews-{digest.hexdigest()[:12]}"


def shorten(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters, cut at a sentence or word end (previews show ~200)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > limit * 0.5:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


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


def views(ds) -> dict[str, tuple[str, str, object]]:
    """Per page slug: its title, a one-line description of its default view, and its figure."""
    from components import charts, map_deck, metrics

    state = _default_state(ds)
    sources = metrics.source_lookup(ds)
    table = metrics.country_table(ds, state)
    overview = metrics.overview(ds, state, table)
    summary = metrics.summary_text(ds, state, overview)
    events = metrics.filter_events(ds.events, state)
    series = metrics.strength_series(ds, state)
    trust_fund = ds.trust_fund
    strength = charts.strength_figure(series, ds.phases, events, sources, state.start, state.end)
    return {
        "overview": ("Haiti Mission Tracker: the Kenya-led mission in Haiti, in figures", summary, strength),
        "timeline": (
            "Timeline",
            metrics.events_alt(events, charts.CATEGORY_LABELS, state) + " " + metrics.strength_alt(series, state),
            charts.timeline_figure(events, ds.phases, sources, state.start, state.end, series=series),
        ),
        "map": (
            "Contributing countries",
            map_deck.legend_caption(table, state.end),
            world_figure(table, ds.countries, ds.world),
        ),
        "pledges": (
            "Pledges and deployments",
            "Personnel pledged, arrived and in Haiti, per contributing country, each figure with its source. "
            + summary,
            charts.pledges_figure(table),
        ),
        "funding": (
            "Funding",
            metrics.trust_fund_alt(trust_fund, charts.MEASURE_LABELS, state),
            charts.trust_fund_figure(trust_fund, sources, state.start, state.end),
        ),
        "sources": (
            "Sources and method",
            "Every source behind the dashboard's figures, every dispute between sources, and the glossary of terms. "
            + summary,
            strength,
        ),
    }


def _default_state(ds):
    from components import ui

    return ui.view_bounds(ds).default_state()


def render_images(figures: dict[str, object], folder: pathlib.Path) -> None:
    import kaleido
    import plotly

    # Debian's Chromium (or $CHROMIUM) through deploy/quiet_chromium.sh: no background traffic.
    os.environ.setdefault("BROWSER_PATH", str(ROOT / "deploy" / "quiet_chromium.sh"))
    plotly_js = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    specs = []
    for slug, figure in figures.items():
        figure = figure.to_dict()
        layout = figure.setdefault("layout", {})
        layout.update(width=WIDTH, height=HEIGHT)
        layout["font"] = {
            **layout.get("font", {}),
            "family": "Arial, Helvetica, 'Liberation Sans', sans-serif",
            "size": 16,
        }
        specs.append(
            {
                "fig": figure,
                "path": str(folder / f"{slug}.png"),
                "opts": {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 1},
            }
        )
    # One browser for all images; plotly.js from disk and no MathJax: nothing fetched.
    kaleido.write_fig_from_object_sync(specs, kopts={"plotlyjs": str(plotly_js), "mathjax": False})


def head_tags(slug: str, title: str, description: str, path: str = "/") -> str:
    """The tags that replace Streamlit's <title>: HTML-escaped, and with "$" written as an
    entity, since nginx would read it as a variable. deploy/render_nginx.py writes the
    configured public origin in place of $hmt_origin; $hmt_view_query is nginx's: the request's
    query when it is made of URL-safe characters only, else empty (never the request's Host or
    path: ``path`` is the page's own)."""

    def attr(text: str) -> str:
        return html.escape(text, quote=True).replace("$", "&#36;").replace("\\", "&#92;")

    full = title if title.startswith(SITE) else f"{title} · {SITE}"
    image = f"$hmt_origin/previews/{slug}.png"
    tags = [
        f"<title>{attr(full)}</title>",
        f'<meta name="description" content="{attr(description)}">',
        '<meta property="og:type" content="website">',
        f'<meta property="og:site_name" content="{SITE}">',
        f'<meta property="og:title" content="{attr(full)}">',
        f'<meta property="og:description" content="{attr(description)}">',
        f'<meta property="og:url" content="$hmt_origin{attr(path)}$hmt_view_query">',
        f'<meta property="og:image" content="{image}">',
        f'<meta property="og:image:width" content="{WIDTH}">',
        f'<meta property="og:image:height" content="{HEIGHT}">',
        f'<meta property="og:image:alt" content="{attr(description)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{attr(full)}">',
        f'<meta name="twitter:description" content="{attr(description)}">',
        f'<meta name="twitter:image" content="{image}">',
    ]
    return "".join(tags)


def build(root: pathlib.Path, data_dir: pathlib.Path) -> pathlib.Path:
    folder = root / key(data_dir)
    if (folder / "heads.json").is_file():
        return folder
    from components.data import load_dataset

    ds = load_dataset(data_dir)
    pages = views(ds)
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    render_images({slug: figure for slug, (_, _, figure) in pages.items()}, tmp)
    heads = {path: head_tags(slug, pages[slug][0], shorten(pages[slug][1]), path) for path, slug in PAGES.items()}
    (tmp / "heads.json").write_text(json.dumps(heads, indent=1, ensure_ascii=False), encoding="utf-8")
    for path in tmp.iterdir():
        path.chmod(0o644)
    tmp.chmod(0o755)
    tmp.rename(folder)
    return folder


def main() -> None:
    from components.data import data_dir_from_env

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT / ".run" / "previews"))
    args = parser.parse_args()
    print(build(pathlib.Path(args.root), pathlib.Path(data_dir_from_env())))


if __name__ == "__main__":
    main()
