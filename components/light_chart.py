"""Plotly figures drawn with plotly.js "basic" through a Streamlit custom component (v2).

Why not ``st.plotly_chart``: Streamlit's plotly element bundles the full plotly.js (4.7 MB),
which a browser must download, parse and run before the first chart appears; on a 2-core
machine that alone made a chart page 2.6x slower than a bare Streamlit page. Our charts use
only scatter and bar traces, which the 1.2 MB "basic" build of the same plotly.js version
covers. The figure is still built in Python with plotly, so tests inspect real figures.

The build is vendored in ``static/vendor/`` (MIT licence beside it), served by Streamlit's
static file serving (``server.enableStaticServing`` in ``.streamlit/config.toml``), and
refreshed by ``scripts/vendor_plotly_basic.py``.
"""

from __future__ import annotations

import hashlib
import pathlib
import re

import plotly.graph_objects as go
import streamlit as st

from components.chart_locale import PNG_BUTTON, plotly_config
from components.i18n import N_, _
from components.plotly_adapter import untitled, untitled_json  # noqa: F401  (plotly's internals: fenced there)

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLOTLY_VERSION = "4.1.1"
PLOTLY_FILE = f"plotly-basic-{PLOTLY_VERSION}.min.js"
PLOTLY_PATH = ROOT / "static" / "vendor" / PLOTLY_FILE
# The vendored file's first line: V8's explicit compile hint. Chromium then compiles all of
# plotly.js eagerly while it streams the file in, on a background thread, instead of lazily on
# the main thread during the first drawing. Measured on a chart page (2 cores, no GPU): the
# main thread's work from plotly.js arriving to the chart drawn fell from about 275 to 155 ms
# (script evaluation 98 -> 15 ms). Other browsers read it as a comment.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"
# The browser asks for PLOTLY_FILE?v=<hash of its content>: a URL that never changes what it
# names, which a proxy may cache for a year (deploy/nginx.conf.in); a new build is a new URL.
PLOTLY_URL_FILE = (
    f"{PLOTLY_FILE}?v={hashlib.sha256(PLOTLY_PATH.read_bytes()).hexdigest()[:12]}"
    if PLOTLY_PATH.is_file()
    else PLOTLY_FILE
)
# Trace types compiled into plotly.js "basic"; a figure with any other type would not draw.
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
# The toolbar: no plotly logo and no button that sends the chart to Plotly's cloud or an
# editor ("Share chart...": the dashboard has its own share link). The PNG button stays; the
# frontend (plotly_chart.js) replaces it by one that puts the title, filters, date and
# sources on the image.
CLOUD_BUTTONS = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio", "downloadJson")
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": [*CLOUD_BUTTONS, "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# isolate_styles=False: plotly.js puts its layout, hover and toolbar styles in the document
# head, which a shadow root would not see.
FRONTEND = pathlib.Path(__file__).parent / "frontend"
# label_room.js first: its functions place the floating labels here and in the link previews
# (deploy/build_previews.py), so both read one file.
_component = st.components.v2.component(
    "hmt_plotly_chart",
    js="\n".join((FRONTEND / name).read_text(encoding="utf-8") for name in ("label_room.js", "plotly_chart.js")),
    isolate_styles=False,
)


def bundled_plotly_version() -> str:
    """The plotly.js version that the installed plotly Python package was built against."""
    import plotly

    with (pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js").open(encoding="utf-8") as bundle:
        header = bundle.read(200)
    return re.search(r"plotly\.js v(\S+)", header).group(1)


def plotly_url() -> str:
    """Where the browser fetches plotly.js: Streamlit serves ``static/`` at
    ``<base>/app/static/``, where ``<base>`` is the server's ``server.baseUrlPath`` (set when
    the app runs under a path prefix, behind a reverse proxy). An absolute path, so it does not
    depend on the page the browser is on."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(part for part in (base, "app", "static", "vendor", PLOTLY_URL_FILE) if part)


def unsupported_traces(figure: go.Figure) -> list[str]:
    return sorted({trace.type for trace in figure.data} - BASIC_TRACE_TYPES)


LOADING = N_("Loading chart…")
TABLE_HINT = N_("Every value is in the Table tab.")
# Said in place of the chart when plotly.js cannot be loaded ({error}: the browser's reason).
NOT_DRAWN = N_(
    "This chart could not be drawn: the charting library did not load ({error}). The Table tab above has the same data."
)


def plotly_chart(figure: go.Figure, alt: str, key: str, export: dict | None = None, table_hint: bool = True) -> None:
    """Draw ``figure``; ``alt`` is its text alternative for screen readers. A fixed ``key``
    keeps the chart in place across reruns, so a filter change redraws it instead of
    mounting a new one.

    With ``export`` (``metrics.chart_export``: title, subtitle, footer lines, file name), the
    page shows the title as text right above the chart (it wraps on a phone; components/ui.py),
    the chart is a figure named by it, and the plot is drawn without its own title; the PNG
    download puts all of ``export`` on the image. The element has the figure's height
    (``layout.height``) from the moment Streamlit lays it out, before its script or plotly.js
    has loaded, and says "Loading chart…" until plotly.js has drawn it: nothing below the
    chart moves when it appears. ``table_hint``: the text alternative ends by pointing to the
    page's Table tab (an embedded page has none)."""
    if unsupported_traces(figure) or not st.get_option("server.enableStaticServing"):
        # A trace type the basic build lacks, or a deployment whose config turned static
        # serving off (the vendored file cannot be served): let Streamlit draw the chart with
        # its full plotly.js. Slower, but drawn.
        if export:
            figure = go.Figure(figure).update_layout(title=None)
        st.plotly_chart(figure, config=plotly_config(CONFIG), alt=alt, key=key)
        return
    spec = untitled_json(figure) if export else figure.to_json()
    payload = {
        "figure": spec,
        "alt": f"{alt} {_(TABLE_HINT)}" if table_hint else alt,
        "title": export["title"] if export else "",
        "height": figure.layout.height,
        "loading": _(LOADING),
        "words": {"not_drawn": _(NOT_DRAWN)},
        "config": plotly_config(CONFIG),  # the toolbar's tooltips and the month names in the reader's language
        "png_title": _(PNG_BUTTON),
        "plotly_url": plotly_url(),
        "export": export,
    }
    height = figure.layout.height
    _component(data=payload, key=key, height=int(height) if height else "content")
