"""Chart builders: each returns a plotly Figure built from already-filtered frames. The time
charts (the timeline, the headcount) are here; the bar and money charts are
``components/chart_money.py`` and the look they share ``components/chart_style.py``; this
module also gives their names, so ``charts.pledges_figure`` and the like keep working.

Data text goes into hover labels escaped (plotly reads a few HTML tags in labels; text from
the data must never act as markup).

Speed: plotly validates every property it is given, and each ``add_trace``/``add_shape``/
``update_layout`` call validates the figure's lists again. So each builder collects plain
trace, shape and annotation dicts and makes one ``go.Figure`` from them at the end, with a
small template of our own (the named plotly templates cost ~12 ms each to validate). A
filter change rebuilds every chart on the page, so this is on the hot path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import i18n, metrics
from components.chart_money import (  # noqa: F401  (the pages' one name for every chart)
    DONOR_BARS,
    DONORS_TITLE,
    MEASURE_COLORS,
    MEASURE_DASHES,
    MEASURE_LABELS,
    MEASURE_SYMBOLS,
    PLEDGES_TITLE,
    TRUST_FUND_TITLE,
    funding_by_donor_figure,
    pledges_figure,
    trust_fund_figure,
)
from components.chart_style import (  # noqa: F401
    BAR_PATTERNS,
    BLUE,
    CATEGORY_COLORS,
    CATEGORY_LABELS,
    CATEGORY_SYMBOLS,
    GREEN,
    HOVER_WIDTH,
    LAYOUT,
    LIGHT_BLUE,
    PHASE_COLORS,
    SEPARATORS,
    TEMPLATE,
    bar_marker,
    category_labels,
    date_labels,
    date_range,
    figure,
    money_ticks,
    plain,
    title,
    wrapped,
    wrapped_once,
)
from components.i18n import N_, _
from components.metrics import confidence_word, rows as plain_rows, sources_label
from components.plotly_adapter import kept, objects


def _phase_bands(phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[dict], list[dict]]:
    """Shapes and labels shading each mission phase that overlaps the period."""
    shapes, annotations = [], []
    for phase in plain_rows(phases):
        x0 = max(phase.start, start)
        x1 = min(phase.end if not pd.isna(phase.end) else end, end)
        if x0 >= x1:
            continue
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=x0,
                x1=x1,
                y0=0,
                y1=1,
                fillcolor=PHASE_COLORS.get(phase.phase, "rgba(0,0,0,0.05)"),
                line=dict(width=0),
                layer="below",
            )
        )
        annotations.append(
            dict(
                x=x0,
                y=1,
                xref="x",
                yref="paper",
                text=metrics.phase_acronym(phase.phase),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(size=12, color="#333"),
            )
        )
    return shapes, annotations


RESOLUTION_GAP = 0.05  # resolutions closer than this share of the period share one label


def _resolution_marks(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, label_y: float = 0.0
) -> tuple[list[dict], list[dict]]:
    """A dotted line for each Security Council resolution in the period, and a label for each
    group of resolutions adopted close together ("Res. 2751, 2752"), so labels never overlap."""
    # add_vline's own annotation breaks on date axes in plotly, so the line and its label
    # are a shape and an annotation.
    shapes, groups = [], []
    marked = set()
    gap = pd.Timedelta(days=max((end - start).days * RESOLUTION_GAP, 1))
    with_resolution = events.loc[
        [bool(r) for r in events["resolution"].tolist()], ["date", "resolution"]
    ]  # only what is read
    for event in sorted(plain_rows(with_resolution), key=lambda e: e.date):
        if (event.date, event.resolution) in marked:
            continue  # one line per resolution and date, however many rows mention it
        marked.add((event.date, event.resolution))
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=event.date,
                x1=event.date,
                y0=0,
                y1=1,
                line=dict(color="#1f5fa8", width=1, dash="dot"),
            )
        )
        if groups and event.date - groups[-1][-1][0] < gap:
            groups[-1].append((event.date, event.resolution))
        else:
            groups.append([(event.date, event.resolution)])
    annotations = [
        dict(
            x=group[0][0],
            y=label_y,
            xref="x",
            yref="paper",
            text=_("Res. {numbers}").format(
                numbers=", ".join(dict.fromkeys(r for _, resolutions in group for r in resolutions))
            ),
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=10, color="#1f5fa8"),
        )
        for group in groups
    ]
    return shapes, annotations


def _event_hover(events: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per event: escaped title (marked if disputed), date label and escaped sources label.
    ``events`` holds each event's title and summary in the current language (``metrics.localized_events``)."""
    labels: dict[tuple[str, ...], str] = {}  # rows often share their sources: label each set once

    def sources_text(ids: tuple[str, ...]) -> str:
        if ids not in labels:
            labels[ids] = plain(sources_label(sources, ids))
        return labels[ids]

    # Each distinct text wrapped once (wrapped_once): at scale, many events share a title or
    # summary, and the same texts come back on every rerun.
    wrap = wrapped_once
    marked: dict[str, str] = {}  # a disputed title, marked and wrapped once
    titles = [
        (marked.get(title) or marked.setdefault(title, wrap(metrics.mark_disputed(title)))) if dispute else wrap(title)
        for title, dispute in zip(events["title"].tolist(), events["dispute_id"].tolist())
    ]
    dates = date_labels(events)
    summaries = [wrap(summary) for summary in events["summary"].tolist()]
    words = {c: confidence_word(c) for c in set(events["confidence"].tolist())}
    hover = np.empty((len(events), 5), dtype=object)  # filled column by column: no nested lists
    for column, values in enumerate(
        (
            titles,
            dates,
            [sources_text(ids) for ids in events["source_ids"].tolist()],
            summaries,
            [words[c] for c in events["confidence"].tolist()],
        )
    ):
        hover[:, column] = objects(values)
    return hover


def event_hover_template() -> str:
    return (
        "%{customdata[1]}<br><b>%{customdata[0]}</b><br>%{customdata[3]}<br>"
        + plain(_("Source:"))
        + " %{customdata[2]} (%{customdata[4]})<extra></extra>"
    )


def _event_traces(events: pd.DataFrame, sources: dict[str, dict], axes: dict) -> list[dict]:
    traces = []
    # Hovers for every event at once, then each category takes its rows by position: cheaper
    # than a frame per category (each copied every column).
    hover = _event_hover(events, sources)
    categories, disputes, dates = events["category"].to_numpy(), events["dispute_id"].to_numpy(), events["date"]
    for category, label in category_labels().items():
        positions = np.flatnonzero(categories == category)
        if not len(positions):
            continue
        traces.append(
            dict(
                type="scatter",
                x=dates.iloc[positions],
                y=kept([label] * len(positions)),
                mode="markers",
                name=label,
                showlegend=False,
                marker=dict(
                    size=11,
                    color=CATEGORY_COLORS[category],
                    symbol=kept([CATEGORY_SYMBOLS[category] + ("-open" if d else "") for d in disputes[positions]]),
                    line=dict(width=2, color=CATEGORY_COLORS[category]),
                ),
                customdata=kept(hover[positions]),
                hovertemplate=event_hover_template(),
                **axes,
            )
        )
    return traces


HEADCOUNT_NAME = N_("Personnel in Haiti (reported)")
CEILING_NAME = N_("Authorised or planned size")


def _strength_traces(
    series: pd.DataFrame,
    phases: pd.DataFrame,
    sources: dict[str, dict],
    start: pd.Timestamp,
    end: pd.Timestamp,
    axes: dict,
) -> list[dict]:
    """The authorised size of each phase as a step line, and the reported headcounts (a band
    where reports disagree); each hover gives the figure in the source's words, its date,
    its confidence and its sources."""
    traces = []
    ceiling_x, ceiling_y = [], []
    for phase in plain_rows(phases.sort_values("start")):
        x0, x1 = max(phase.start, start), min(phase.end if not pd.isna(phase.end) else end, end)
        if x0 < x1:
            ceiling_x += [x0, x1, None]
            ceiling_y += [int(phase.authorised_ceiling)] * 2 + [None]
    if ceiling_x:
        ceiling_name = plain(_(CEILING_NAME))
        ceiling_text = [i18n.number(y) if y is not None else None for y in ceiling_y]
        traces.append(
            dict(
                type="scatter",
                x=ceiling_x,
                y=ceiling_y,
                mode="lines",
                name=ceiling_name,
                line=dict(color="#555", dash="dash", width=2),
                text=ceiling_text,
                hovertemplate=ceiling_name + ": %{text}<extra></extra>",
                **axes,
            )
        )
    if not series.empty:
        series_rows = plain_rows(series)
        traces.append(
            dict(
                type="scatter",
                x=series["date"],
                y=series["low"],
                mode="lines",
                line=dict(color=GREEN, width=1),
                name=_("Reported headcount (low end)"),
                showlegend=False,
                hoverinfo="skip",
                **axes,
            )
        )
        disputed = " " + plain(_("(disputed)"))
        custom = [
            [
                plain(r.label),
                i18n.date(r.date),
                plain(sources_label(sources, r.source_ids)),
                confidence_word(r.confidence),
                disputed if r.disputed else "",
            ]
            for r in series_rows
        ]
        traces.append(
            dict(
                type="scatter",
                x=series["date"],
                y=series["high"],
                mode="lines+markers",
                fill="tonexty",
                fillcolor="rgba(26,152,80,0.25)",
                line=dict(color=GREEN, width=2),
                marker=dict(size=8, symbol=["circle-open" if r.disputed else "circle" for r in series_rows]),
                name=plain(_(HEADCOUNT_NAME)),
                customdata=np.array(custom, dtype=object).reshape(-1, 5),
                hovertemplate="%{customdata[1]}<br><b>"
                + plain(_("{figure} personnel")).format(figure="%{customdata[0]}")
                + "</b>%{customdata[4]}<br>%{customdata[3]} · "
                + plain(_("Source:"))
                + " %{customdata[2]}<extra></extra>",
                **axes,
            )
        )
    return traces


TIMELINE_TITLE = N_("Events and personnel in Haiti, on one time axis")
EVENTS_ROW = N_("Events by category (hollow marker: disputed)")
STRENGTH_ROW = N_("Personnel in Haiti against the authorised size")
# The two rows of the timeline, as shares of the plot height (events on top).
EVENTS_DOMAIN, STRENGTH_DOMAIN = [0.47, 1.0], [0.0, 0.36]


def timeline_figure(
    events: pd.DataFrame, phases: pd.DataFrame, sources: dict[str, dict], start, end, series: pd.DataFrame | None = None
) -> go.Figure:
    """Events across time, one row per category, over shaded MSS and GSF bands; with
    ``series`` (``metrics.strength_series``), the mission's headcount in a second row below,
    on the same time axis (zooming one zooms both)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    band_shapes, band_labels = _phase_bands(phases, start, end)
    categories = dict(categoryorder="array", categoryarray=list(reversed(category_labels().values())))
    if series is None:
        marks, mark_labels = _resolution_marks(events, start, end)
        return figure(
            _event_traces(events, sources, {}),
            height=420,
            showlegend=False,
            title=title(_(EVENTS_ROW)),
            shapes=band_shapes + marks,
            annotations=band_labels + mark_labels,
            xaxis=date_range(start, end),
            yaxis=categories,
        )
    marks, mark_labels = _resolution_marks(events, start, end, label_y=EVENTS_DOMAIN[0])
    traces = _event_traces(events, sources, dict(xaxis="x", yaxis="y")) + _strength_traces(
        series, phases, sources, start, end, dict(xaxis="x2", yaxis="y2")
    )
    # Right-aligned: on a phone the plot area is narrow and starts after the category labels,
    # so a left-aligned row title would run off the right edge; this way it extends left,
    # over the labels' margin, and stays whole.
    row_titles = [
        dict(
            x=1,
            y=domain[1],
            xref="paper",
            yref="paper",
            text=plain(_(text)),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            yshift=4,
            font=dict(size=13, color="#222"),
        )
        for text, domain in ((EVENTS_ROW, EVENTS_DOMAIN), (STRENGTH_ROW, STRENGTH_DOMAIN))
    ]
    return figure(
        traces,
        height=780,
        title=title(_(TIMELINE_TITLE)),
        margin=dict(l=10, r=10, t=64, b=10),  # row title below the toolbar's strip
        shapes=band_shapes + marks,
        annotations=band_labels + mark_labels + row_titles,
        xaxis=dict(date_range(start, end), anchor="y", domain=[0, 1]),
        xaxis2=dict(date_range(start, end), anchor="y2", matches="x", domain=[0, 1]),
        yaxis=dict(categories, domain=EVENTS_DOMAIN),
        yaxis2=dict(title=dict(text=_("personnel")), rangemode="tozero", domain=STRENGTH_DOMAIN),
    )


def strength_figure(
    series: pd.DataFrame, phases: pd.DataFrame, events: pd.DataFrame, sources: dict[str, dict], start, end
) -> go.Figure:
    """Mission headcount over time (a band where reports disagree), the authorised ceiling of
    each phase as a step line, and the period's events as markers on the line."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    traces = _strength_traces(series, phases, sources, start, end, {})
    if not events.empty:
        if series.empty:
            on_line = np.zeros(len(events))
        else:
            known = series["date"].astype("int64").to_numpy()
            on_line = np.interp(
                events["date"].astype("int64").to_numpy(),
                known,
                series["high"].to_numpy(),
                left=0,
                right=series["high"].iloc[-1],
            )
        traces.append(
            dict(
                type="scatter",
                x=events["date"],
                y=on_line,
                mode="markers",
                name=_("Events"),
                marker=dict(
                    size=9,
                    symbol=[
                        CATEGORY_SYMBOLS[c] + ("-open" if d else "")
                        for c, d in zip(events["category"], events["dispute_id"])
                    ],
                    color=[CATEGORY_COLORS[c] for c in events["category"]],
                    line=dict(width=1, color=[CATEGORY_COLORS[c] for c in events["category"]]),
                ),
                customdata=_event_hover(events, sources),
                hovertemplate=event_hover_template(),
            )
        )
    band_shapes, band_labels = _phase_bands(phases, start, end)
    return figure(
        traces,
        height=400,
        title=title(_(STRENGTH_ROW)),
        shapes=band_shapes,
        annotations=band_labels,
        xaxis=date_range(start, end),
        yaxis=dict(title=dict(text=_("personnel")), rangemode="tozero"),
    )
