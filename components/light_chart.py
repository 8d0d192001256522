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

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLOTLY_VERSION = "4.1.1"
PLOTLY_FILE = f"plotly-basic-{PLOTLY_VERSION}.min.js"
PLOTLY_PATH = ROOT / "static" / "vendor" / PLOTLY_FILE
# The browser asks for PLOTLY_FILE?v=<hash of its content>: a URL that never changes what it
# names, which a proxy may cache for a year (deploy/nginx.conf.in); a new build is a new URL.
PLOTLY_URL_FILE = f"{PLOTLY_FILE}?v={hashlib.sha256(PLOTLY_PATH.read_bytes()).hexdigest()[:12]}" if PLOTLY_PATH.is_file() else PLOTLY_FILE
# Trace types compiled into plotly.js "basic"; a figure with any other type would not draw.
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
CONFIG = {"displaylogo": False, "responsive": True}

# isolate_styles=False: plotly.js puts its layout, hover and toolbar styles in the document
# head, which a shadow root would not see.
_component = st.components.v2.component(
    "hmt_plotly_chart",
    js=(pathlib.Path(__file__).parent / "frontend" / "plotly_chart.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def bundled_plotly_version() -> str:
    """The plotly.js version that the installed plotly Python package was built against."""
    import plotly

    with (pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js").open(encoding="utf-8") as bundle:
        header = bundle.read(200)
    return re.search(r"plotly\.js v(\S+)", header).group(1)


def unsupported_traces(figure: go.Figure) -> list[str]:
    return sorted({trace.type for trace in figure.data} - BASIC_TRACE_TYPES)


def plotly_chart(figure: go.Figure, alt: str, key: str) -> None:
    """Draw ``figure``; ``alt`` is its text alternative for screen readers. A fixed ``key``
    keeps the chart in place across reruns, so a filter change redraws it instead of
    mounting a new one."""
    if unsupported_traces(figure) or not st.get_option("server.enableStaticServing"):
        # A trace type the basic build lacks, or a deployment whose config turned static
        # serving off (the vendored file cannot be served): let Streamlit draw the chart with
        # its full plotly.js. Slower, but drawn.
        st.plotly_chart(figure, config=CONFIG, alt=alt, key=key)
        return
    payload = {"figure": figure.to_json(), "alt": alt, "config": CONFIG, "plotly_file": PLOTLY_URL_FILE}
    _component(data=payload, key=key)
