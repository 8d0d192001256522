"""Chart builders: each returns a plotly Figure built from already-filtered frames.

Data text goes into hover labels escaped (plotly reads a few HTML tags in labels; text from
the data must never act as markup).

Speed: plotly validates every property it is given, and each ``add_trace``/``add_shape``/
``update_layout`` call validates the figure's lists again. So each builder collects plain
trace, shape and annotation dicts and makes one ``go.Figure`` from them at the end, with a
small template of our own (the named plotly templates cost ~12 ms each to validate). A
filter change rebuilds every chart on the page, so this is on the hot path.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.metrics import rows as plain_rows, sources_label

CATEGORY_LABELS = {
    "un_security_council": "UN Security Council",
    "diplomatic": "Diplomatic",
    "legal": "Legal and courts",
    "political": "Haitian politics",
    "deployment": "Deployment",
    "security_incident": "Security incident",
    "funding": "Funding",
}
CATEGORY_COLORS = {
    "un_security_council": "#1f5fa8",
    "diplomatic": "#6a51a3",
    "legal": "#8c6d31",
    "political": "#636363",
    "deployment": "#1a9850",
    "security_incident": "#d73027",
    "funding": "#e08214",
}
PHASE_COLORS = {"mss": "rgba(31, 95, 168, 0.10)", "gsf": "rgba(26, 152, 80, 0.12)"}
GRID = dict(gridcolor="#e6eaee", linecolor="#c9d0d8", zerolinecolor="#c9d0d8", automargin=True, ticks="")
# An explicit template: importing streamlit makes its own placeholder template the default,
# which only Streamlit's built-in plotly element knows how to fill in.
TEMPLATE = go.layout.Template(layout=dict(plot_bgcolor="white", paper_bgcolor="white", xaxis=GRID, yaxis=GRID, hoverlabel=dict(align="left")))
LAYOUT = dict(
    template=TEMPLATE,
    margin=dict(l=10, r=10, t=40, b=10),
    hovermode="closest",
    legend=dict(orientation="h", yanchor="top", y=-0.2, x=0),
    # The page's own font (Streamlit serves it), so chart text matches the text around it.
    font=dict(size=13, family='"Source Sans", sans-serif'),
)


def plain(text: object) -> str:
    """Escape text so plotly shows it literally instead of reading it as markup."""
    return html.escape(str(text), quote=False)


def _date_label(date: pd.Timestamp, precision: str) -> str:
    return f"{date:%B %Y}" if precision == "month" else f"{date:%-d %B %Y}"


def _figure(traces: list[dict], **layout) -> go.Figure:
    """One validated plotly Figure from plain trace dicts (each with its "type") and layout."""
    return go.Figure(data=traces, layout={**LAYOUT, **layout})


def _phase_bands(phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[dict], list[dict]]:
    """Shapes and labels shading each mission phase that overlaps the period."""
    shapes, annotations = [], []
    for phase in plain_rows(phases):
        x0 = max(phase.start, start)
        x1 = min(phase.end if not pd.isna(phase.end) else end, end)
        if x0 >= x1:
            continue
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=x0, x1=x1, y0=0, y1=1, fillcolor=PHASE_COLORS.get(phase.phase, "rgba(0,0,0,0.05)"), line=dict(width=0), layer="below"))
        annotations.append(dict(x=x0, y=1, xref="x", yref="paper", text=phase.phase.upper(), showarrow=False, xanchor="left", yanchor="top", font=dict(size=12, color="#333")))
    return shapes, annotations


def _resolution_marks(events: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """A dotted line and a label for each Security Council resolution in the period."""
    # add_vline's own annotation breaks on date axes in plotly, so the line and its label
    # are a shape and an annotation.
    shapes, annotations = [], []
    marked = set()
    for event in plain_rows(events[events["resolution"].map(bool)]):
        if (event.date, event.resolution) in marked:
            continue  # one line per resolution and date, however many rows mention it
        marked.add((event.date, event.resolution))
        shapes.append(dict(type="line", xref="x", yref="paper", x0=event.date, x1=event.date, y0=0, y1=1, line=dict(color="#1f5fa8", width=1, dash="dot")))
        annotations.append(dict(x=event.date, y=0, xref="x", yref="paper", text="Res. " + "/".join(event.resolution), showarrow=False, textangle=-90, xanchor="right", yanchor="bottom", font=dict(size=10, color="#1f5fa8")))
    return shapes, annotations


def _date_range(start: pd.Timestamp, end: pd.Timestamp) -> dict:
    return dict(range=[start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)], type="date")


def _title(text: str) -> dict:
    return dict(text=text, font=dict(size=14))


def _event_hover(events: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per event: escaped title (marked if disputed), date label and escaped sources label."""
    labels: dict[tuple[str, ...], str] = {}  # rows often share their sources: label each set once

    def sources_text(ids: tuple[str, ...]) -> str:
        if ids not in labels:
            labels[ids] = plain(sources_label(sources, ids))
        return labels[ids]

    titles = [plain(title) + (" (disputed)" if dispute else "") for title, dispute in zip(events["title"].tolist(), events["dispute_id"].tolist())]
    date_labels: dict[tuple, str] = {}
    dates = [date_labels.get(key) or date_labels.setdefault(key, _date_label(*key)) for key in zip(events["date"].tolist(), events["date_precision"].tolist())]
    return np.array([[title, date, sources_text(ids)] for title, date, ids in zip(titles, dates, events["source_ids"].tolist())], dtype=object).reshape(-1, 3)


EVENT_HOVER = "%{customdata[1]}<br><b>%{customdata[0]}</b><br>Source: %{customdata[2]}<extra></extra>"


def timeline_figure(events: pd.DataFrame, phases: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Events across time, one row per category, over shaded MSS and GSF bands."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    traces = []
    for category, label in CATEGORY_LABELS.items():
        rows = events[events["category"] == category]
        if rows.empty:
            continue
        traces.append(
            dict(
                type="scatter",
                x=rows["date"],
                y=[label] * len(rows),
                mode="markers",
                name=label,
                marker=dict(size=11, color=CATEGORY_COLORS[category], symbol=["circle-open" if d else "circle" for d in rows["dispute_id"]], line=dict(width=2, color=CATEGORY_COLORS[category])),
                customdata=_event_hover(rows, sources),
                hovertemplate=EVENT_HOVER,
            )
        )
    band_shapes, band_labels = _phase_bands(phases, start, end)
    marks, mark_labels = _resolution_marks(events)
    return _figure(
        traces,
        height=420,
        showlegend=False,
        title=_title("Events by category (hollow marker: disputed)"),
        shapes=band_shapes + marks,
        annotations=band_labels + mark_labels,
        xaxis=_date_range(start, end),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(CATEGORY_LABELS.values()))),
    )


def strength_figure(series: pd.DataFrame, phases: pd.DataFrame, events: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Mission headcount over time (a band where reports disagree), the authorised ceiling of
    each phase as a step line, and the period's events as markers on the line."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    traces = []
    ceiling_x, ceiling_y = [], []
    for phase in plain_rows(phases.sort_values("start")):
        x0, x1 = max(phase.start, start), min(phase.end if not pd.isna(phase.end) else end, end)
        if x0 < x1:
            ceiling_x += [x0, x1, None]
            ceiling_y += [int(phase.authorised_ceiling)] * 2 + [None]
    if ceiling_x:
        traces.append(dict(type="scatter", x=ceiling_x, y=ceiling_y, mode="lines", name="Authorised or planned size", line=dict(color="#555", dash="dash", width=2), hovertemplate="Authorised or planned size: %{y:,}<extra></extra>"))
    if not series.empty:
        series_rows = plain_rows(series)
        traces.append(dict(type="scatter", x=series["date"], y=series["low"], mode="lines", line=dict(color="#1a9850", width=1), name="Reported headcount (low end)", showlegend=False, hoverinfo="skip"))
        labels = [f"{r.low:,}" if r.low == r.high else f"{r.low:,}–{r.high:,} (disputed)" for r in series_rows]
        traces.append(
            dict(
                type="scatter",
                x=series["date"],
                y=series["high"],
                mode="lines+markers",
                fill="tonexty",
                fillcolor="rgba(26,152,80,0.25)",
                line=dict(color="#1a9850", width=2),
                marker=dict(size=8),
                name="Personnel in Haiti (reported)",
                customdata=np.array([[label, f"{r.date:%-d %B %Y}", plain(sources_label(sources, r.source_ids))] for label, r in zip(labels, series_rows)], dtype=object).reshape(-1, 3),
                hovertemplate="%{customdata[1]}<br><b>%{customdata[0]} personnel</b><br>Source: %{customdata[2]}<extra></extra>",
            )
        )
    if not events.empty:
        if series.empty:
            on_line = np.zeros(len(events))
        else:
            known = series["date"].astype("int64").to_numpy()
            on_line = np.interp(events["date"].astype("int64").to_numpy(), known, series["high"].to_numpy(), left=0, right=series["high"].iloc[-1])
        traces.append(
            dict(
                type="scatter",
                x=events["date"],
                y=on_line,
                mode="markers",
                name="Events",
                marker=dict(size=9, symbol="diamond", color=[CATEGORY_COLORS[c] for c in events["category"]], line=dict(width=1, color="white")),
                customdata=_event_hover(events, sources),
                hovertemplate=EVENT_HOVER,
            )
        )
    band_shapes, band_labels = _phase_bands(phases, start, end)
    return _figure(
        traces,
        height=400,
        title=_title("Personnel in Haiti against the authorised size"),
        shapes=band_shapes,
        annotations=band_labels,
        xaxis=_date_range(start, end),
        yaxis=dict(title="personnel", rangemode="tozero"),
    )


def pledges_figure(table: pd.DataFrame) -> go.Figure:
    """Per country: pledged, arrived (cumulative) and in Haiti, with disputed ranges as error bars."""
    rows = table[table["pledged_high"].notna() | (table["arrived_high"] > 0)].iloc[::-1]
    traces = []
    bars = [
        ("Pledged (largest pledge)", "pledged", "#9ecae1"),
        ("Arrived (new personnel; rotations not counted)", "arrived", "#4292c6"),
        ("In Haiti (ledger estimate)", "in_haiti", "#1a9850"),
    ]
    names = [plain(name) for name in rows["country"]]
    for label, key, color in bars:
        high = rows[f"{key}_high"].fillna(0).astype(float)
        low = rows[f"{key}_low"].fillna(0).astype(float)
        traces.append(
            dict(
                type="bar",
                y=names,
                x=high,
                orientation="h",
                name=label,
                marker_color=color,
                error_x=dict(type="data", symmetric=False, array=[0] * len(rows), arrayminus=(high - low).tolist(), visible=True, color="#333"),
                customdata=rows[key].map(plain).to_numpy(),
                hovertemplate="%{y}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return _figure(traces, barmode="group", height=max(320, 60 * len(rows) + 120), title=_title("Personnel pledged, arrived and in Haiti (whiskers: disputed range)"), xaxis=dict(rangemode="tozero"))


DONOR_BARS = {
    "committed": ("Committed", "#9ecae1"),
    "deposited": ("Paid into the trust fund", "#1a9850"),
    "disbursed": ("Released or spent", "#4292c6"),
}


def funding_by_donor_figure(donors: pd.DataFrame) -> go.Figure:
    """Per donor (``metrics.donor_table``): committed, paid into the trust fund and released,
    in US$ million, as reported. Restated totals replace, never add to, the earlier figures;
    whiskers show where sources disagree."""
    traces = []
    names = [plain(name) for name in donors["donor_name"]]
    for measure, (label, color) in DONOR_BARS.items():
        high = donors[f"{measure}_high"].astype("Float64").fillna(0).astype(float) / 1e6
        low = donors[f"{measure}_low"].astype("Float64").fillna(0).astype(float) / 1e6
        if not high.any():
            continue
        traces.append(
            dict(
                type="bar",
                x=names,
                y=high.tolist(),
                name=label,
                marker_color=color,
                error_y=dict(type="data", symmetric=False, array=[0] * len(donors), arrayminus=(high - low).tolist(), visible=True, color="#333"),
                customdata=donors[measure].map(lambda v: plain(v or "none reported")).to_numpy(),
                hovertemplate="%{x}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return _figure(traces, barmode="group", height=380, title=_title("Money by donor, US$ million, as of the end date (restated totals not double counted)"), yaxis=dict(title="US$ million", rangemode="tozero"))


MEASURE_LABELS = {
    "tf_received": "Trust fund: received",
    "tf_raised": "Trust fund: raised (basis not stated)",
    "tf_pledged": "Trust fund: pledged",
    "tf_balance": "Trust fund: balance",
    "need_per_year": "Estimated need per year",
    "cost_estimate": "Other cost estimate",
}
MEASURE_COLORS = {"tf_received": "#1a9850", "tf_raised": "#66bd63", "tf_pledged": "#9ecae1", "tf_balance": "#4292c6", "need_per_year": "#d73027", "cost_estimate": "#f46d43"}


def trust_fund_figure(trust_fund: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Trust-fund totals over time against what the mission was estimated to need."""
    traces = []
    for measure, label in MEASURE_LABELS.items():
        rows = trust_fund[trust_fund["measure"] == measure]
        if rows.empty:
            continue
        low = rows["amount_usd"].astype(float) / 1e6
        high = rows["amount_usd_high"].astype(float).fillna(rows["amount_usd"].astype(float)) / 1e6
        custom = np.array([[f"${a:,.1f}m" if a == b else f"${a:,.0f}m–${b:,.0f}m", f"{r.date:%-d %B %Y}", plain(sources_label(sources, r.source_ids)), " (disputed)" if r.dispute_id else ""] for a, b, r in zip(low, high, plain_rows(rows))], dtype=object).reshape(-1, 4)
        is_need = measure in ("need_per_year", "cost_estimate")
        traces.append(
            dict(
                type="scatter",
                x=rows["date"],
                y=high,
                mode="markers" if is_need else "lines+markers",
                name=label,
                marker=dict(size=10, color=MEASURE_COLORS[measure], symbol="x" if is_need else ["circle-open" if d else "circle" for d in rows["dispute_id"]]),
                line=dict(color=MEASURE_COLORS[measure]),
                customdata=custom,
                hovertemplate="%{customdata[1]}<br>" + label + ": <b>%{customdata[0]}</b>%{customdata[3]}<br>Source: %{customdata[2]}<extra></extra>",
            )
        )
    return _figure(
        traces,
        height=420,
        title=_title("Trust fund totals and cost estimates, US$ million (hollow: disputed)"),
        xaxis=_date_range(pd.Timestamp(start), pd.Timestamp(end)),
        yaxis=dict(title="US$ million", type="log", dtick="D2"),  # D2: label only 1, 2 and 5 of each decade
    )
