"""Chart builders: each returns a plotly Figure built from already-filtered frames.

Data text goes into hover labels escaped (plotly reads a few HTML tags in labels; text from
the data must never act as markup). Charts use plotly.graph_objects, not plotly.express,
to keep the page's import and build time small.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.metrics import sources_label

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
LAYOUT = dict(
    # An explicit template: importing streamlit makes its own placeholder template the default,
    # which only Streamlit's built-in plotly element knows how to fill in.
    template="plotly_white",
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


def _phase_bands(fig: go.Figure, phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Shade each mission phase that overlaps the period, labelled at the top."""
    for _, phase in phases.iterrows():
        x0 = max(phase["start"], start)
        x1 = min(phase["end"] if not pd.isna(phase["end"]) else end, end)
        if x0 >= x1:
            continue
        fig.add_shape(type="rect", xref="x", yref="paper", x0=x0, x1=x1, y0=0, y1=1, fillcolor=PHASE_COLORS.get(phase["phase"], "rgba(0,0,0,0.05)"), line_width=0, layer="below")
        fig.add_annotation(x=x0, y=1, xref="x", yref="paper", text=phase["phase"].upper(), showarrow=False, xanchor="left", yanchor="top", font=dict(size=12, color="#333"))


def _resolution_marks(fig: go.Figure, events: pd.DataFrame) -> None:
    # add_vline's own annotation breaks on date axes in plotly, so the line and its label
    # are added as a shape and an annotation.
    for _, event in events[events["resolution"].map(bool)].iterrows():
        label = "Res. " + "/".join(event["resolution"])
        fig.add_shape(type="line", xref="x", yref="paper", x0=event["date"], x1=event["date"], y0=0, y1=1, line=dict(color="#1f5fa8", width=1, dash="dot"))
        fig.add_annotation(x=event["date"], y=0, xref="x", yref="paper", text=label, showarrow=False, textangle=-90, xanchor="right", yanchor="bottom", font=dict(size=10, color="#1f5fa8"))


def _event_hover(events: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    return np.array(
        [
            [
                plain(row.title) + (" (disputed)" if row.dispute_id else ""),
                _date_label(row.date, row.date_precision),
                plain(sources_label(sources, row.source_ids)),
            ]
            for row in events.itertuples()
        ],
        dtype=object,
    ).reshape(-1, 3)


EVENT_HOVER = "%{customdata[1]}<br><b>%{customdata[0]}</b><br>Source: %{customdata[2]}<extra></extra>"


def timeline_figure(events: pd.DataFrame, phases: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Events across time, one row per category, over shaded MSS and GSF bands."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    fig = go.Figure()
    for category, label in CATEGORY_LABELS.items():
        rows = events[events["category"] == category]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=[label] * len(rows),
                mode="markers",
                name=label,
                marker=dict(size=11, color=CATEGORY_COLORS[category], symbol=["circle-open" if d else "circle" for d in rows["dispute_id"]], line=dict(width=2, color=CATEGORY_COLORS[category])),
                customdata=_event_hover(rows, sources),
                hovertemplate=EVENT_HOVER,
            )
        )
    _phase_bands(fig, phases, start, end)
    _resolution_marks(fig, events)
    fig.update_layout(**LAYOUT, height=420, showlegend=False, title=dict(text="Events by category (hollow marker: disputed)", font=dict(size=14)))
    fig.update_xaxes(range=[start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)], type="date")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(CATEGORY_LABELS.values())))
    return fig


def strength_figure(series: pd.DataFrame, phases: pd.DataFrame, events: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Mission headcount over time (a band where reports disagree), the authorised ceiling of
    each phase as a step line, and the period's events as markers on the line."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    fig = go.Figure()
    ceiling_x, ceiling_y = [], []
    for _, phase in phases.sort_values("start").iterrows():
        x0, x1 = max(phase["start"], start), min(phase["end"] if not pd.isna(phase["end"]) else end, end)
        if x0 < x1:
            ceiling_x += [x0, x1, None]
            ceiling_y += [int(phase["authorised_ceiling"])] * 2 + [None]
    if ceiling_x:
        fig.add_trace(go.Scatter(x=ceiling_x, y=ceiling_y, mode="lines", name="Authorised or planned size", line=dict(color="#555", dash="dash", width=2), hovertemplate="Authorised or planned size: %{y:,}<extra></extra>"))
    if not series.empty:
        fig.add_trace(go.Scatter(x=series["date"], y=series["low"], mode="lines", line=dict(color="#1a9850", width=1), name="Reported headcount (low end)", showlegend=False, hoverinfo="skip"))
        labels = [f"{r.low:,}" if r.low == r.high else f"{r.low:,}–{r.high:,} (disputed)" for r in series.itertuples()]
        fig.add_trace(
            go.Scatter(
                x=series["date"],
                y=series["high"],
                mode="lines+markers",
                fill="tonexty",
                fillcolor="rgba(26,152,80,0.25)",
                line=dict(color="#1a9850", width=2),
                marker=dict(size=8),
                name="Personnel in Haiti (reported)",
                customdata=np.array([[label, f"{r.date:%-d %B %Y}", plain(sources_label(sources, r.source_ids))] for label, r in zip(labels, series.itertuples())], dtype=object).reshape(-1, 3),
                hovertemplate="%{customdata[1]}<br><b>%{customdata[0]} personnel</b><br>Source: %{customdata[2]}<extra></extra>",
            )
        )
    if not events.empty:
        if series.empty:
            on_line = np.zeros(len(events))
        else:
            known = series["date"].astype("int64").to_numpy()
            on_line = np.interp(events["date"].astype("int64").to_numpy(), known, series["high"].to_numpy(), left=0, right=series["high"].iloc[-1])
        fig.add_trace(
            go.Scatter(
                x=events["date"],
                y=on_line,
                mode="markers",
                name="Events",
                marker=dict(size=9, symbol="diamond", color=[CATEGORY_COLORS[c] for c in events["category"]], line=dict(width=1, color="white")),
                customdata=_event_hover(events, sources),
                hovertemplate=EVENT_HOVER,
            )
        )
    _phase_bands(fig, phases, start, end)
    fig.update_layout(**LAYOUT, height=400, title=dict(text="Personnel in Haiti against the authorised size", font=dict(size=14)))
    fig.update_xaxes(range=[start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)], type="date")
    fig.update_yaxes(title="personnel", rangemode="tozero")
    return fig


def pledges_figure(table: pd.DataFrame) -> go.Figure:
    """Per country: pledged, arrived (cumulative) and in Haiti, with disputed ranges as error bars."""
    rows = table[table["pledged_high"].notna() | (table["arrived_high"] > 0)].iloc[::-1]
    fig = go.Figure()
    bars = [
        ("Pledged (largest pledge)", "pledged", "#9ecae1"),
        ("Arrived (all arrivals, incl. rotations)", "arrived", "#4292c6"),
        ("In Haiti (ledger estimate)", "in_haiti", "#1a9850"),
    ]
    names = [plain(name) for name in rows["country"]]
    for label, key, color in bars:
        high = rows[f"{key}_high"].fillna(0).astype(float)
        low = rows[f"{key}_low"].fillna(0).astype(float)
        fig.add_trace(
            go.Bar(
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
    fig.update_layout(**LAYOUT, barmode="group", height=max(320, 60 * len(rows) + 120), title=dict(text="Pledged, arrived and in Haiti (whiskers: disputed range)", font=dict(size=14)))
    fig.update_xaxes(title="personnel", rangemode="tozero")
    return fig


FLOW_COLORS = {"pledge": "#9ecae1", "deposit": "#1a9850", "release": "#4292c6", "claimed_cumulative": "#bdbdbd", "in_kind": "#e08214"}
FLOW_LABELS = {"pledge": "Pledged", "deposit": "Paid into the trust fund", "release": "Released (bilateral)", "claimed_cumulative": "Claimed cumulative support", "in_kind": "In kind"}


def funding_by_donor_figure(funding: pd.DataFrame, country_names: pd.Series) -> go.Figure:
    """US-dollar amounts by donor and flow (only rows whose source gives a USD amount)."""
    rows = funding[funding["amount_usd"].notna()]
    fig = go.Figure()
    for flow, label in FLOW_LABELS.items():
        part = rows[rows["flow"] == flow]
        if part.empty:
            continue
        totals = part.groupby("donor")["amount_usd"].sum() / 1e6
        fig.add_trace(go.Bar(x=[plain(country_names.get(d, d)) for d in totals.index], y=totals.to_numpy(dtype=float), name=label, marker_color=FLOW_COLORS[flow], hovertemplate="%{x}<br>" + label + ": $%{y:,.1f}m<extra></extra>"))
    fig.update_layout(**LAYOUT, barmode="group", height=380, title=dict(text="Funding by donor, US$ million (as reported; pledges can overlap)", font=dict(size=14)))
    fig.update_yaxes(title="US$ million", rangemode="tozero")
    return fig


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
    fig = go.Figure()
    for measure, label in MEASURE_LABELS.items():
        rows = trust_fund[trust_fund["measure"] == measure]
        if rows.empty:
            continue
        low = rows["amount_usd"].astype(float) / 1e6
        high = rows["amount_usd_high"].astype(float).fillna(rows["amount_usd"].astype(float)) / 1e6
        custom = np.array([[f"${a:,.1f}m" if a == b else f"${a:,.0f}m–${b:,.0f}m", f"{r.date:%-d %B %Y}", plain(sources_label(sources, r.source_ids)), " (disputed)" if r.dispute_id else ""] for a, b, r in zip(low, high, rows.itertuples())], dtype=object).reshape(-1, 4)
        is_need = measure in ("need_per_year", "cost_estimate")
        fig.add_trace(
            go.Scatter(
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
    fig.update_layout(**LAYOUT, height=420, title=dict(text="Trust fund totals and cost estimates, US$ million (hollow: disputed)", font=dict(size=14)))
    fig.update_xaxes(range=[pd.Timestamp(start) - pd.Timedelta(days=15), pd.Timestamp(end) + pd.Timedelta(days=15)], type="date")
    fig.update_yaxes(title="US$ million", type="log")
    return fig
