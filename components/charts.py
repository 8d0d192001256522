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

import functools
import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import i18n, ledger, metrics, plotly_adapter
from components.i18n import N_, _
from components.metrics import confidence_word, rows as plain_rows, sources_label
from components.plotly_adapter import kept, objects

# Every label below is an English message (N_), translated when a figure is built (_()).
CATEGORY_LABELS = {
    "un_security_council": N_("UN Security Council"),
    "diplomatic": N_("Diplomatic"),
    "legal": N_("Legal and courts"),
    "political": N_("Haitian politics"),
    "deployment": N_("Deployment"),
    "security_incident": N_("Security incident"),
    "funding": N_("Funding"),
}


def category_labels() -> dict[str, str]:
    """Event category -> its label in the current language."""
    return {category: _(label) for category, label in CATEGORY_LABELS.items()}
# Every mark colour has at least 3:1 contrast against the plot's white background and the
# phase bands (WCAG 1.4.11, tests/test_contrast.py), and no category is told by colour alone:
# each has its own marker symbol (distinct in greyscale and for colour-blind readers), and a
# disputed event is hollow ("-open") and says "(disputed)" in its hover and table row.
GREEN = "#177a40"
BLUE = "#1f5fa8"
LIGHT_BLUE = "#3d85c6"
CATEGORY_COLORS = {
    "un_security_council": BLUE,
    "diplomatic": "#6a51a3",
    "legal": "#8c6d31",
    "political": "#636363",
    "deployment": GREEN,
    "security_incident": "#d73027",
    "funding": "#b35806",
}
CATEGORY_SYMBOLS = {
    "un_security_council": "circle",
    "diplomatic": "square",
    "legal": "diamond",
    "political": "triangle-up",
    "deployment": "triangle-down",
    "security_incident": "cross",
    "funding": "star",
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
    # Below everything, in the figure's own margin (container coordinates reserve the space),
    # so the legend never covers an axis label, however the labels wrap on a phone.
    legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    # The page's own font (Streamlit serves it), so chart text matches the text around it.
    font=dict(size=13, family='"Source Sans", sans-serif'),
)


HOVER_WIDTH = 48  # characters per hover line: a 390 px phone shows about 55


def plain(text: object) -> str:
    """Escape text so plotly shows it literally instead of reading it as markup."""
    return html.escape(str(text), quote=False)


def _date_label(date: pd.Timestamp, precision: str) -> str:
    return i18n.date(date, "month" if precision == "month" else "day")


SEPARATORS = {"en": ".,", "fr": ",\u00a0", "ht": ",\u00a0"}  # plotly's decimal and thousands marks


def _figure(traces: list[dict], **layout) -> go.Figure:
    """One plotly Figure from plain trace dicts (each with its "type") and layout, its axis
    numbers written as the current language writes them.

    Not validated: plotly's validation copied and checked every hover text and point again on
    every rerun (~80 ms for the timeline at 100x the data), and what the builders pass is fixed
    by this module. ``tests/test_charts.py`` builds every chart again with validation and
    checks that it is valid and gives the same JSON."""
    return plotly_adapter.figure(traces, {**LAYOUT, "separators": SEPARATORS.get(i18n.get_language(), ".,"), **layout})


def _phase_bands(phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[dict], list[dict]]:
    """Shapes and labels shading each mission phase that overlaps the period."""
    shapes, annotations = [], []
    for phase in plain_rows(phases):
        x0 = max(phase.start, start)
        x1 = min(phase.end if not pd.isna(phase.end) else end, end)
        if x0 >= x1:
            continue
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=x0, x1=x1, y0=0, y1=1, fillcolor=PHASE_COLORS.get(phase.phase, "rgba(0,0,0,0.05)"), line=dict(width=0), layer="below"))
        annotations.append(dict(x=x0, y=1, xref="x", yref="paper", text=metrics.phase_acronym(phase.phase), showarrow=False, xanchor="left", yanchor="top", font=dict(size=12, color="#333")))
    return shapes, annotations


RESOLUTION_GAP = 0.05  # resolutions closer than this share of the period share one label


def _resolution_marks(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, label_y: float = 0.0) -> tuple[list[dict], list[dict]]:
    """A dotted line for each Security Council resolution in the period, and a label for each
    group of resolutions adopted close together ("Res. 2751, 2752"), so labels never overlap."""
    # add_vline's own annotation breaks on date axes in plotly, so the line and its label
    # are a shape and an annotation.
    shapes, groups = [], []
    marked = set()
    gap = pd.Timedelta(days=max((end - start).days * RESOLUTION_GAP, 1))
    with_resolution = events.loc[[bool(r) for r in events["resolution"].tolist()], ["date", "resolution"]]  # only what is read
    for event in sorted(plain_rows(with_resolution), key=lambda e: e.date):
        if (event.date, event.resolution) in marked:
            continue  # one line per resolution and date, however many rows mention it
        marked.add((event.date, event.resolution))
        shapes.append(dict(type="line", xref="x", yref="paper", x0=event.date, x1=event.date, y0=0, y1=1, line=dict(color="#1f5fa8", width=1, dash="dot")))
        if groups and event.date - groups[-1][-1][0] < gap:
            groups[-1].append((event.date, event.resolution))
        else:
            groups.append([(event.date, event.resolution)])
    annotations = [
        dict(x=group[0][0], y=label_y, xref="x", yref="paper", text=_("Res. {numbers}").format(numbers=", ".join(dict.fromkeys(r for _, resolutions in group for r in resolutions))), showarrow=False, textangle=-90, xanchor="right", yanchor="bottom", font=dict(size=10, color="#1f5fa8"))
        for group in groups
    ]
    return shapes, annotations


def _date_range(start: pd.Timestamp, end: pd.Timestamp) -> dict:
    return dict(range=[start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)], type="date")


def _title(text: str) -> dict:
    return dict(text=text, font=dict(size=14))


def _event_hover(events: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per event: escaped title (marked if disputed), date label and escaped sources label.
    ``events`` holds each event's title and summary in the current language (``metrics.localized_events``)."""
    labels: dict[tuple[str, ...], str] = {}  # rows often share their sources: label each set once

    def sources_text(ids: tuple[str, ...]) -> str:
        if ids not in labels:
            labels[ids] = plain(sources_label(sources, ids))
        return labels[ids]

    # Each distinct text wrapped once (_wrapped_once): at scale, many events share a title or
    # summary, and the same texts come back on every rerun.
    wrap = _wrapped_once
    marked: dict[str, str] = {}  # a disputed title, marked and wrapped once
    titles = [(marked.get(title) or marked.setdefault(title, wrap(metrics.mark_disputed(title)))) if dispute else wrap(title) for title, dispute in zip(events["title"].tolist(), events["dispute_id"].tolist())]
    dates = _date_labels(events)
    summaries = [wrap(summary) for summary in events["summary"].tolist()]
    words = {c: confidence_word(c) for c in set(events["confidence"].tolist())}
    hover = np.empty((len(events), 5), dtype=object)  # filled column by column: no nested lists
    for column, values in enumerate((titles, dates, [sources_text(ids) for ids in events["source_ids"].tolist()], summaries, [words[c] for c in events["confidence"].tolist()])):
        hover[:, column] = objects(values)
    return hover


def _date_labels(rows: pd.DataFrame) -> list[str]:
    """Each row's date as its precision words it, each distinct date and precision worded once
    (keyed by the date's integer value: a Timestamp or a datetime64 per row cost ten times more)."""
    values = rows["date"].to_numpy()
    keys = values.view("i8").tolist() if values.dtype.kind == "M" else values.tolist()
    labels: dict[tuple, str] = {}
    words = []
    for position, key in enumerate(zip(keys, rows["date_precision"].tolist())):
        if key not in labels:
            labels[key] = _date_label(pd.Timestamp(values[position]), key[1])
        words.append(labels[key])
    return words


def wrapped(text: object, width: int = HOVER_WIDTH) -> str:
    """Escaped text broken into lines of about ``width`` characters, for a hover label that
    fits a phone screen."""
    return "<br>".join(plain(line) for line in textwrap.wrap(str(text), width, break_long_words=True)) or plain(text)


_wrapped_once = functools.lru_cache(maxsize=16384)(wrapped)  # a pure function of the text


def event_hover_template() -> str:
    return "%{customdata[1]}<br><b>%{customdata[0]}</b><br>%{customdata[3]}<br>" + plain(_("Source:")) + " %{customdata[2]} (%{customdata[4]})<extra></extra>"


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
                marker=dict(size=11, color=CATEGORY_COLORS[category], symbol=kept([CATEGORY_SYMBOLS[category] + ("-open" if d else "") for d in disputes[positions]]), line=dict(width=2, color=CATEGORY_COLORS[category])),
                customdata=kept(hover[positions]),
                hovertemplate=event_hover_template(),
                **axes,
            )
        )
    return traces


HEADCOUNT_NAME = N_("Personnel in Haiti (reported)")
CEILING_NAME = N_("Authorised or planned size")


def _strength_traces(series: pd.DataFrame, phases: pd.DataFrame, sources: dict[str, dict], start: pd.Timestamp, end: pd.Timestamp, axes: dict) -> list[dict]:
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
        traces.append(dict(type="scatter", x=ceiling_x, y=ceiling_y, mode="lines", name=ceiling_name, line=dict(color="#555", dash="dash", width=2), text=ceiling_text, hovertemplate=ceiling_name + ": %{text}<extra></extra>", **axes))
    if not series.empty:
        series_rows = plain_rows(series)
        traces.append(dict(type="scatter", x=series["date"], y=series["low"], mode="lines", line=dict(color=GREEN, width=1), name=_("Reported headcount (low end)"), showlegend=False, hoverinfo="skip", **axes))
        disputed = " " + plain(_("(disputed)"))
        custom = [[plain(r.label), i18n.date(r.date), plain(sources_label(sources, r.source_ids)), confidence_word(r.confidence), disputed if r.disputed else ""] for r in series_rows]
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
                hovertemplate="%{customdata[1]}<br><b>" + plain(_("{figure} personnel")).format(figure="%{customdata[0]}") + "</b>%{customdata[4]}<br>%{customdata[3]} · " + plain(_("Source:")) + " %{customdata[2]}<extra></extra>",
                **axes,
            )
        )
    return traces


TIMELINE_TITLE = N_("Events and personnel in Haiti, on one time axis")
EVENTS_ROW = N_("Events by category (hollow marker: disputed)")
STRENGTH_ROW = N_("Personnel in Haiti against the authorised size")
# The two rows of the timeline, as shares of the plot height (events on top).
EVENTS_DOMAIN, STRENGTH_DOMAIN = [0.47, 1.0], [0.0, 0.36]


def timeline_figure(events: pd.DataFrame, phases: pd.DataFrame, sources: dict[str, dict], start, end, series: pd.DataFrame | None = None) -> go.Figure:
    """Events across time, one row per category, over shaded MSS and GSF bands; with
    ``series`` (``metrics.strength_series``), the mission's headcount in a second row below,
    on the same time axis (zooming one zooms both)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    band_shapes, band_labels = _phase_bands(phases, start, end)
    categories = dict(categoryorder="array", categoryarray=list(reversed(category_labels().values())))
    if series is None:
        marks, mark_labels = _resolution_marks(events, start, end)
        return _figure(
            _event_traces(events, sources, {}),
            height=420,
            showlegend=False,
            title=_title(_(EVENTS_ROW)),
            shapes=band_shapes + marks,
            annotations=band_labels + mark_labels,
            xaxis=_date_range(start, end),
            yaxis=categories,
        )
    marks, mark_labels = _resolution_marks(events, start, end, label_y=EVENTS_DOMAIN[0])
    traces = _event_traces(events, sources, dict(xaxis="x", yaxis="y")) + _strength_traces(series, phases, sources, start, end, dict(xaxis="x2", yaxis="y2"))
    # Right-aligned: on a phone the plot area is narrow and starts after the category labels,
    # so a left-aligned row title would run off the right edge; this way it extends left,
    # over the labels' margin, and stays whole.
    row_titles = [
        dict(x=1, y=domain[1], xref="paper", yref="paper", text=plain(_(text)), showarrow=False, xanchor="right", yanchor="bottom", yshift=4, font=dict(size=13, color="#222"))
        for text, domain in ((EVENTS_ROW, EVENTS_DOMAIN), (STRENGTH_ROW, STRENGTH_DOMAIN))
    ]
    return _figure(
        traces,
        height=780,
        title=_title(_(TIMELINE_TITLE)),
        margin=dict(l=10, r=10, t=64, b=10),  # row title below the toolbar's strip
        shapes=band_shapes + marks,
        annotations=band_labels + mark_labels + row_titles,
        xaxis=dict(_date_range(start, end), anchor="y", domain=[0, 1]),
        xaxis2=dict(_date_range(start, end), anchor="y2", matches="x", domain=[0, 1]),
        yaxis=dict(categories, domain=EVENTS_DOMAIN),
        yaxis2=dict(title=dict(text=_("personnel")), rangemode="tozero", domain=STRENGTH_DOMAIN),
    )


def strength_figure(series: pd.DataFrame, phases: pd.DataFrame, events: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Mission headcount over time (a band where reports disagree), the authorised ceiling of
    each phase as a step line, and the period's events as markers on the line."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    traces = _strength_traces(series, phases, sources, start, end, {})
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
                name=_("Events"),
                marker=dict(size=9, symbol=[CATEGORY_SYMBOLS[c] + ("-open" if d else "") for c, d in zip(events["category"], events["dispute_id"])], color=[CATEGORY_COLORS[c] for c in events["category"]], line=dict(width=1, color=[CATEGORY_COLORS[c] for c in events["category"]])),
                customdata=_event_hover(events, sources),
                hovertemplate=event_hover_template(),
            )
        )
    band_shapes, band_labels = _phase_bands(phases, start, end)
    return _figure(
        traces,
        height=400,
        title=_title(_(STRENGTH_ROW)),
        shapes=band_shapes,
        annotations=band_labels,
        xaxis=_date_range(start, end),
        yaxis=dict(title=dict(text=_("personnel")), rangemode="tozero"),
    )


# Bars of a group differ by pattern as well as colour (greyscale, colour-blind readers): the
# first stage (pledged, committed) hatched, the middle one dotted, the last one solid. Each bar
# has an outline in its colour, so even a hatched bar's edge has 3:1 contrast with the page.
BAR_PATTERNS = {"pledged": "/", "committed": "/", "arrived": ".", "disbursed": ".", "in_haiti": "", "deposited": ""}


def bar_marker(color: str, pattern: str) -> dict:
    return dict(color=color, line=dict(color=color, width=1.5), pattern=dict(shape=pattern, solidity=0.45) if pattern else dict(shape=""))


PLEDGES_TITLE = N_("Personnel pledged, arrived and in Haiti (whiskers: disputed range)")


def _in_haiti_hover(row: dict) -> str:
    """ "about 700 (as of 9 December 2025, medium confidence; last reported ...)"."""
    if pd.isna(row["in_haiti_date"]):
        return plain(row["in_haiti"])
    caveat = f"; {row['in_haiti_note']}" if row["in_haiti_note"] else ""
    return wrapped(_("{figure} (as of {date}, {confidence}{caveat})").format(figure=row["in_haiti"], date=i18n.date(row["in_haiti_date"]), confidence=confidence_word(row["in_haiti_confidence"]), caveat=caveat))


def pledges_figure(table: pd.DataFrame) -> go.Figure:
    """Per country that pledged or notified personnel: pledged, arrived (cumulative) and in
    Haiti, with disputed ranges as error bars. Countries with support only, or only
    considering it, are not bars (``metrics.other_contributors`` lists them)."""
    rows = metrics.pledging_countries(table).iloc[::-1]
    traces = []
    bars = [
        (plain(_("Pledged (largest pledge)")), "pledged", LIGHT_BLUE),
        (plain(_("Arrived (new personnel; rotations not counted)")), "arrived", BLUE),
        (plain(_("In Haiti (ledger estimate)")), "in_haiti", GREEN),
    ]
    names = [plain(name) for name in rows["country"]]
    records = rows.to_dict("records")
    for label, key, color in bars:
        high = rows[f"{key}_high"].fillna(0).astype(float)
        low = rows[f"{key}_low"].fillna(0).astype(float)
        custom = [_in_haiti_hover(r) for r in records] if key == "in_haiti" else [plain(r[key]) for r in records]
        traces.append(
            dict(
                type="bar",
                y=names,
                x=high,
                orientation="h",
                name=label,
                marker=bar_marker(color, BAR_PATTERNS[key]),
                error_x=dict(type="data", symmetric=False, array=[0] * len(rows), arrayminus=(high - low).tolist(), visible=True, color="#333"),
                customdata=np.array(custom, dtype=object),
                hovertemplate="%{y}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return _figure(traces, barmode="group", height=max(320, 60 * len(rows) + 140), title=_title(_(PLEDGES_TITLE)), xaxis=dict(rangemode="tozero", title=dict(text=_("personnel"))))


DONOR_BARS = {
    "committed": (N_("Committed"), LIGHT_BLUE),
    "deposited": (N_("Paid into the trust fund"), GREEN),
    "disbursed": (N_("Released or spent"), BLUE),
}
DONORS_TITLE = N_("Money by donor, US$ million, as of the end date (restated totals not double counted)")


def funding_by_donor_figure(donors: pd.DataFrame) -> go.Figure:
    """Per donor (``metrics.donor_table``): committed, paid into the trust fund and released,
    in US$ million, as reported. Restated totals replace, never add to, the earlier figures;
    whiskers show where sources disagree."""
    traces = []
    names = [plain(name) for name in donors["donor_name"]]
    for measure, (label, color) in DONOR_BARS.items():
        label = plain(_(label))
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
                marker=bar_marker(color, BAR_PATTERNS[measure]),
                error_y=dict(type="data", symmetric=False, array=[0] * len(donors), arrayminus=(high - low).tolist(), visible=True, color="#333"),
                customdata=donors[measure].map(lambda v: plain(v or _("none reported"))).to_numpy(),
                hovertemplate="%{x}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return _figure(traces, barmode="group", height=380, title=_title(_(DONORS_TITLE)), yaxis=dict(title=dict(text=_("US$ million")), rangemode="tozero"))


# One label per measure: metrics.measure_labels() (metrics.MEASURE_WORDS, in the current
# language), in that order.
with i18n.language("en"):  # the English labels, for code that wants them by name
    MEASURE_LABELS = metrics.measure_labels()
MEASURE_COLORS = {"tf_received": GREEN, "tf_raised": "#8c6d31", "tf_pledged": LIGHT_BLUE, "tf_balance": "#6a51a3", "need_per_year": "#d73027", "cost_estimate": "#b35806"}
# A symbol and a line style per measure, so that the lines differ without their colours.
MEASURE_SYMBOLS = {"tf_received": "circle", "tf_raised": "square", "tf_pledged": "diamond", "tf_balance": "triangle-up", "need_per_year": "x", "cost_estimate": "cross"}
MEASURE_DASHES = {"tf_received": "solid", "tf_raised": "dash", "tf_pledged": "dot", "tf_balance": "dashdot"}
TRUST_FUND_TITLE = N_("Trust fund totals and cost estimates, US dollars (hollow marker: disputed)")


def money_ticks(values_in_millions) -> dict:
    """Tick values and labels for a log axis in US$ million: every power of ten ("$1m",
    "$10m", "$100m", "$1bn"), and 2 and 5 of each decade, labelled in full, when the data
    spans less than two decades. Never a bare "5" or "2"."""
    values = [float(v) for v in values_in_millions if v and v > 0 and not math.isnan(float(v))]
    if not values:
        return {}
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    steps = (1, 2, 5) if high - low <= 2 else (1,)
    ticks = [step * 10**power for power in range(low, high + 1) for step in steps]
    ticks = [t for t in ticks if min(values) / 2.5 <= t <= max(values) * 2.5] or [10**low, 10**high]
    return dict(tickvals=ticks, ticktext=[i18n.money(t * 1e6) for t in ticks])


def _trust_fund_hover(trust_fund: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per trust_fund.csv row: the amount in the source's words, the date, the sources, a
    disputed mark and the confidence, escaped."""
    amounts: dict[tuple, str] = {}
    labels: dict[tuple[str, ...], str] = {}
    disputed = " " + plain(_("(disputed)"))
    words = {c: confidence_word(c) for c in set(trust_fund["confidence"].tolist())}
    columns: list[list[str]] = [[], _date_labels(trust_fund), [], [], []]
    for row in plain_rows(trust_fund[["amount_usd", "amount_usd_high", "qualifier", "source_ids", "dispute_id", "confidence"]]):
        amount_key = (str(row.amount_usd), str(row.amount_usd_high), row.qualifier)  # str: NaN and NA as keys
        if amount_key not in amounts:
            amounts[amount_key] = plain(metrics.trust_fund_amount(row))
        if row.source_ids not in labels:
            labels[row.source_ids] = plain(sources_label(sources, row.source_ids))
        for column, value in zip(columns[:1] + columns[2:], (amounts[amount_key], labels[row.source_ids], disputed if row.dispute_id else "", words[row.confidence])):
            column.append(value)
    hover = np.empty((len(trust_fund), 5), dtype=object)
    for position, values in enumerate(columns):
        hover[:, position] = objects(values)
    return hover


def trust_fund_figure(trust_fund: pd.DataFrame, sources: dict[str, dict], start, end) -> go.Figure:
    """Trust-fund totals over time against what the mission was estimated to need. Hovers give
    each amount in the source's words ("at least $110m"), its date, confidence and sources."""
    traces = []
    plotted = []
    # Every row's hover at once, each distinct amount, date and source list worded once; then
    # each measure takes its rows by position (a frame per measure copied every column).
    hover = _trust_fund_hover(trust_fund, sources)
    measures, disputes, dates = trust_fund["measure"].to_numpy(), trust_fund["dispute_id"].to_numpy(), trust_fund["date"]
    amounts = trust_fund["amount_usd"].astype(float) / 1e6
    highs = trust_fund["amount_usd_high"].astype(float).fillna(trust_fund["amount_usd"].astype(float)) / 1e6
    for measure, label in metrics.measure_labels().items():
        positions = np.flatnonzero(measures == measure)
        if not len(positions):
            continue
        high = highs.iloc[positions]
        plotted += high.tolist() + amounts.iloc[positions].tolist()
        is_need = measure in ("need_per_year", "cost_estimate")
        traces.append(
            dict(
                type="scatter",
                x=dates.iloc[positions],
                y=high,
                mode="markers" if is_need else "lines+markers",
                name=label,
                marker=dict(size=10, color=MEASURE_COLORS[measure], symbol=kept([MEASURE_SYMBOLS[measure] + ("-open" if d else "") for d in disputes[positions]])),
                line=dict(color=MEASURE_COLORS[measure], dash=MEASURE_DASHES.get(measure, "solid")),
                customdata=kept(hover[positions]),
                hovertemplate="%{customdata[1]}<br>" + plain(label) + ": <b>%{customdata[0]}</b>%{customdata[3]}<br>%{customdata[4]} · " + plain(_("Source:")) + " %{customdata[2]}<extra></extra>",
            )
        )
    return _figure(
        traces,
        height=440,
        title=_title(_(TRUST_FUND_TITLE)),
        xaxis=_date_range(pd.Timestamp(start), pd.Timestamp(end)),
        yaxis=dict(title=dict(text=_("US dollars (log scale)")), type="log", **money_ticks(plotted)),
    )
