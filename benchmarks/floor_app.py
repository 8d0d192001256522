"""The least a chart page can be: the bare page's line and one plotly chart, drawn as the
dashboard draws its charts (components/light_chart.py: a Streamlit component and the vendored
plotly.js "basic"). ``python -m benchmarks`` times it against the bare page, with a small chart
and with the Timeline page's own chart (``?figure=timeline``, the dashboard's largest, for the
view the benchmark opens): a chart page cannot be faster than this, whatever else it shows.

It is served from benchmarks/, where ``static`` is a link to the app's own static/ folder (the
vendored plotly.js), with static serving on, as the app's .streamlit/config.toml sets it.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402
import streamlit as st  # noqa: E402

from components import charts, light_chart, metrics, ui, url_state  # noqa: E402
from components.data import data_dir_from_env, load_dataset  # noqa: E402

st.write("hi")
if st.query_params.get("figure") == "timeline":
    ds = st.cache_resource(load_dataset)(str(data_dir_from_env()))
    # The view in the link, read as the dashboard reads it (its bounds as components/view_sync.py sets them).
    params = {key: st.query_params.get_all(key) for key in st.query_params if key != "figure"}
    state, _ = url_state.parse_query_params(params, ui.view_bounds(ds))
    events = metrics.localized_events(metrics.filter_events(ds.events, state))
    figure = charts.timeline_figure(
        events, ds.phases, metrics.source_lookup(ds), state.start, state.end, series=metrics.strength_series(ds, state)
    )
else:
    figure = go.Figure(
        go.Scatter(x=["2024-06-25", "2025-02-06", "2025-10-02"], y=[400, 744, 991], mode="lines+markers")
    ).update_layout(height=300)
light_chart.plotly_chart(figure, alt="A chart.", key="floor")
