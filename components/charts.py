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

from components import chart_phone, i18n
from components.chart_events import (  # noqa: F401  (event_hover_table: for the Timeline page)
    EVENT_HOVER_TEMPLATE,
    LABEL_LANES,
    LANE_PX,
    event_hover,
    event_hover_table,
    hover_pairs,
    one_event_lines,
    phase_bands,
    resolution_marks,
)
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
    padded,
    plain,
    title,
    wrapped,
    wrapped_once,
)
from components.event_points import event_traces
from components.i18n import N_, _
from components.views import rows as plain_rows
from components.wording import confidence_word, sources_label

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
                # A figure given as a range ("970 to about 1,000") is drawn as one: a bar from
                # its low end up to the point at its high end.
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=[0] * len(series_rows),
                    arrayminus=(series["high"] - series["low"]).tolist(),
                    color=GREEN,
                    thickness=2,
                    width=5,
                    visible=bool((series["high"] > series["low"]).any()),
                ),
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
# The timeline's parts in pixels: its height follows the rows drawn.
ROW_PX = 44  # one event category
STRIP_PX = LABEL_LANES * LANE_PX + 4  # the phase and resolution labels above the events
MIDDLE_PX = 84  # the events' date labels and the headcount's row title
STRENGTH_PX = 250
TOP_PX = 64  # the row title above the labels, below the toolbar's strip
BOTTOM_PX = 90  # the headcount's date labels and the legend


def _row_title(text: str, y: float, above: int = 0) -> dict:
    # Right-aligned: on a phone the plot area is narrow, so a left-aligned row title would run
    # off the right edge; this way it extends left, over the labels' margin, and stays whole.
    return dict(
        x=1,
        y=y,
        xref="paper",
        yref="paper",
        text=plain(_(text)),
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        yshift=4 + above,
        font=dict(size=13, color="#222"),
    )


def timeline_figure(
    events: pd.DataFrame,
    phases: pd.DataFrame,
    sources: dict[str, dict],
    start,
    end,
    series: pd.DataFrame | None = None,
    focus=None,
    hover_table: pd.DataFrame | None = None,
    table_tab: bool = True,
) -> go.Figure:
    """Events across time, one row per category that has an event in the view, over shaded MSS
    and GSF bands; with ``series`` (``worded_tables.strength_series``), the mission's headcount
    in a second row below, on the same time axis (zooming one zooms both). The phase and
    resolution labels sit in lanes above the events, where no line or mark reaches; the lines
    stay inside each plot. On a phone the rows are named above themselves and, with ``focus``
    (a date after ``start``: where the mission's events start), the axis starts there, the
    full period one button away. ``hover_table``: ``event_hover_table`` of the dataset the
    events come from, so a filter change only picks their hover texts; ``table_tab``: whether
    the page has a Table tab for the events a shared point's hover does not name."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    drawn = set(events["category"].tolist())
    rows = [label for category, label in category_labels().items() if category in drawn]
    categories = dict(categoryorder="array", categoryarray=list(reversed(rows)), type="category")
    events_px = max(len(rows), 1) * ROW_PX
    strength_px = STRENGTH_PX + MIDDLE_PX if series is not None else 0
    paper_px = STRIP_PX + events_px + strength_px
    events_top = (events_px + strength_px) / paper_px
    events_domain = [strength_px / paper_px, events_top]
    band_shapes, band_labels = phase_bands(phases, start, end, label_y=events_top)
    axes = ("y", "y2") if series is not None else ("y",)
    marks, mark_labels = resolution_marks(events, start, end, label_y=events_top, line_axes=axes)
    annotations = band_labels + mark_labels
    if series is not None:
        annotations.append(_row_title(EVENTS_ROW, events_top, STRIP_PX))
    layout = dict(
        height=paper_px + TOP_PX + BOTTOM_PX + (0 if series is not None else -50),
        showlegend=series is not None,
        title=title(_(TIMELINE_TITLE if series is not None else EVENTS_ROW)),
        margin=dict(l=10, r=10, t=TOP_PX, b=10),  # the row title above the labels' lanes
        shapes=band_shapes + marks,
        xaxis=dict(date_range(start, end), anchor="y", domain=[0, 1]),
        yaxis=dict(categories, domain=events_domain),
        meta=dict(hmtLanes=LABEL_LANES),
    )
    traces = event_traces(events, sources, dict(xaxis="x", yaxis="y"), hover_table, table_tab)
    if series is not None:
        traces += _strength_traces(series, phases, sources, start, end, dict(xaxis="x2", yaxis="y2"))
        strength_domain = [0, STRENGTH_PX / paper_px]
        annotations.append(_row_title(STRENGTH_ROW, strength_domain[1]))
        layout.update(
            # The date labels a little below the axis: the first one clear of the headcount's "0".
            xaxis2=dict(date_range(start, end), anchor="y2", matches="x", domain=[0, 1], ticklabelstandoff=6),
            yaxis2=dict(title=dict(text=_("personnel")), rangemode="tozero", domain=strength_domain),
        )
    layout["annotations"] = annotations
    event_dates = pd.to_datetime(events["date"])
    layout["meta"]["hmtNarrow"] = chart_phone.narrow_changes(layout, rows, event_dates, start, end, focus)
    return figure(traces, **layout)


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
                        for c, d in zip(events["category"], events["dispute_id"], strict=True)
                    ],
                    color=[CATEGORY_COLORS[c] for c in events["category"]],
                    line=dict(width=1, color=[CATEGORY_COLORS[c] for c in events["category"]]),
                ),
                customdata=hover_pairs([one_event_lines(row) for row in event_hover(events, sources).tolist()]),
                hovertemplate=EVENT_HOVER_TEMPLATE,
            )
        )
    band_shapes, band_labels = phase_bands(phases, start, end)
    return figure(
        traces,
        height=400,
        title=title(_(STRENGTH_ROW)),
        shapes=band_shapes,
        annotations=band_labels,
        xaxis=date_range(start, end),
        yaxis=dict(title=dict(text=_("personnel")), rangemode="tozero"),
    )
