"""Bar and money charts: personnel pledged, arrived and in Haiti per country; money by donor;
trust-fund totals against estimated needs. Each builder takes already-computed tables
(``components/figures.py``, worded by ``components/worded_tables.py``) and returns a plotly
Figure; the look is ``components/chart_style.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import figures, i18n, wording
from components.chart_axes import LINEAR, scale_axis
from components.chart_style import (
    BAR_PATTERNS,
    BLUE,
    GREEN,
    LAYOUT,
    LEGEND,
    LIGHT_BLUE,
    axis_end_for_labels,
    bar_marker,
    date_labels,
    date_range,
    figure,
    linear_axis,
    money_ticks,
    plain,
    title,
    whiskers,
    wrapped,
)
from components.i18n import N_, _
from components.plotly_adapter import kept, objects
from components.views import as_records, dict_rows
from components.views import rows as plain_rows
from components.worded_tables import trust_fund_amount
from components.wording import confidence_word, sources_label

PLEDGES_TITLE = N_("Personnel pledged, arrived and in Haiti (whiskers: disputed range)")


def _in_haiti_hover(row: dict) -> str:
    """ "about 700 (as of 9 December 2025, medium confidence; last reported ...)"."""
    if pd.isna(row["in_haiti_date"]):
        return plain(row["in_haiti"])
    caveat = f"; {row['in_haiti_note']}" if row["in_haiti_note"] else ""
    return wrapped(
        _("{figure} (as of {date}, {confidence}{caveat})").format(
            figure=row["in_haiti"],
            date=i18n.date(row["in_haiti_date"]),
            confidence=confidence_word(row["in_haiti_confidence"]),
            caveat=caveat,
        )
    )


PLEDGE_BAR_NAMES = {
    "pledged": N_("Pledged (all pledges)"),
    "arrived": N_("Arrived (new personnel; rotations not counted)"),
    "in_haiti": N_("In Haiti (ledger estimate)"),
}
PLEDGE_COLORS = {"pledged": LIGHT_BLUE, "arrived": BLUE, "in_haiti": GREEN}
# Heights in CSS pixels: a row per country (three bars and a gap), and what surrounds the rows
# (the axis, its title and the legend below). The chart is as tall as what it draws.
BAR_ROW_PX, BAR_FRAME_PX = 62, 130


def bars_height(rows: int) -> int:
    """A horizontal bar chart's height for ``rows`` categories of three bars each."""
    return BAR_ROW_PX * max(rows, 1) + BAR_FRAME_PX


def drawn(values: list[float]) -> list[float | None]:
    """A bar's value, or None where there is nothing to draw: plotly draws a bar of 0 as a sliver
    of its outline at the axis, which reads as a small number."""
    return [v if v > 0 else None for v in values]


def _pledge_hover(row: dict, key: str) -> str:
    if key == "in_haiti":
        return _in_haiti_hover(row)
    if key == "pledged" and row["largest_pledge"]:
        words = _("{all} in all (largest single pledge: {largest})")
        return plain(words.format(all=row["pledged"], largest=row["largest_pledge"]))
    return plain(row[key])


def pledges_figure(table: pd.DataFrame, scale: str = LINEAR) -> go.Figure:
    """Per country that pledged or notified personnel and has a number to draw: all its pledges,
    arrived (cumulative) and in Haiti, each bar labelled with its figure, with disputed ranges
    as whiskers. Countries with nothing to draw are named under the chart
    (``worded_tables.without_bars``), as are countries with support only
    (``worded_tables.other_contributors``)."""
    # Plain lists over the rows' dicts: a dozen rows, where each pandas step cost more than the
    # arithmetic (this runs on every filter change of the Pledges page).
    records = [
        r
        for r in as_records(table)
        if r["status"] in figures.CHARTED_STATUSES and figures.row_has_bar(r, figures.PLEDGE_BARS)
    ][::-1]
    traces = []
    names = [plain(r["country"]) for r in records]
    for key in figures.PLEDGE_BARS:
        label = plain(_(PLEDGE_BAR_NAMES[key]))
        high = [figures.number_or_zero(r[f"{key}_high"]) for r in records]
        low = [figures.number_or_zero(r[f"{key}_low"]) for r in records]
        traces.append(
            dict(
                type="bar",
                y=names,
                x=drawn(high),
                orientation="h",
                name=label,
                marker=bar_marker(PLEDGE_COLORS[key], BAR_PATTERNS[key]),
                error_x=whiskers(high, low),
                # The figure in words at the bar's end: a bar of a few people is still seen and read.
                text=[plain(r[key]) if v > 0 else "" for r, v in zip(records, high, strict=True)],
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=11),
                customdata=np.array([_pledge_hover(r, key) for r in records], dtype=object),
                hovertemplate="%{y}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    bars = [
        (r[f"{k}_high"], plain(r[k]))
        for r in records
        for k in figures.PLEDGE_BARS
        if figures.number_or_zero(r[f"{k}_high"]) > 0
    ]
    largest, max_bar = axis_end_for_labels(bars), max((float(v) for v, _label in bars), default=1)
    return figure(
        traces,
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        height=bars_height(len(records)),
        title=title(_(PLEDGES_TITLE)),
        xaxis=_value_axis(scale, _("personnel"), [t["x"] for t in traces], linear=linear_axis(largest, max_bar)),
        margin=dict(LAYOUT["margin"], r=24),  # the last tick label is whole
        yaxis=dict(automargin=True),
        legend=dict(LEGEND, traceorder="normal"),
    )


# One name per measure: the legend's, the tables' headers (labels.COLUMN_LABELS) and the
# caption's (wording.MONEY_BASIS) are all wording.DONOR_MEASURE_NAMES.
DONOR_BARS = {
    measure: (wording.DONOR_MEASURE_NAMES[measure], color)
    for measure, color in (("committed", LIGHT_BLUE), ("deposited", GREEN), ("disbursed", BLUE))
}
DONORS_TITLE = N_("Money by donor, US$ million, as of the end date (restated totals not double counted)")


def funding_by_donor_figure(donors: pd.DataFrame, scale: str = LINEAR) -> go.Figure:
    """Per donor with an amount to draw (``worded_tables.donor_table``): committed, paid into the
    trust fund and released, in US$ million, as reported, as horizontal bars (a donor's name
    stays whole on one line, in any language). Each bar carries its amount, so a bar too short
    to see is still read. Restated totals replace, never add to, the earlier figures; whiskers
    show where sources disagree. Donors with nothing to draw are named under the chart
    (``worded_tables.without_bars``)."""
    measures = [m for m in DONOR_BARS if donors[f"{m}_high"].astype("Float64").fillna(0).gt(0).any()]
    rows = donors[figures.has_bar(donors, measures)].iloc[::-1] if measures else donors.iloc[0:0]
    names = [plain(name) for name in rows["donor_name"]]
    traces = []
    for measure in measures:
        label, color = DONOR_BARS[measure]
        label = plain(_(label))
        high = rows[f"{measure}_high"].astype("Float64").fillna(0).astype(float) / 1e6
        low = rows[f"{measure}_low"].astype("Float64").fillna(0).astype(float) / 1e6
        traces.append(
            dict(
                type="bar",
                y=names,
                x=drawn(high.tolist()),
                orientation="h",
                name=label,
                marker=bar_marker(color, BAR_PATTERNS[measure]),
                error_x=whiskers(high, low),
                text=[plain(v) for v in rows[measure]],
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=11),
                customdata=rows[measure].map(lambda v: plain(v or _("none reported"))).to_numpy(),
                hovertemplate="%{y}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    # A measure the donor has no US-dollar figure for is NaN here (truthy): number_or_zero keeps it off the axis.
    bars = [
        (r[f"{m}_high"] / 1e6, r[m])
        for r in dict_rows(rows)
        for m in measures
        if figures.number_or_zero(r[f"{m}_high"]) > 0
    ]
    largest, max_bar = axis_end_for_labels(bars), max((float(v) for v, _label in bars), default=1)
    return figure(
        traces,
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        height=bars_height(len(rows)),
        title=title(_(DONORS_TITLE)),
        xaxis=_value_axis(scale, _("US$ million"), [t["x"] for t in traces], _million, linear_axis(largest, max_bar)),
        yaxis=dict(automargin=True),
        margin=dict(LAYOUT["margin"], r=24),
    )


# The reader's choice of a linear or log value axis (``scale`` in the link): components/chart_axes.py.
def _million(value: float) -> str:
    return i18n.money(value * 1e6)


def _value_axis(scale: str, axis_title: str, columns, label=i18n.number, linear: dict | None = None) -> dict:
    """The value axis for ``scale``: on a log scale its ticks fitted to the bars' values
    (``columns``); on a linear one ``linear`` (chart_style.linear_axis: room for the bars'
    labels, no bar past the last tick label)."""
    if scale == LINEAR and linear is not None:
        return dict(title=dict(text=axis_title), tickformat=",", **linear)
    return scale_axis(scale, axis_title, [v for column in columns for v in column if v is not None], label)


# One label per measure: wording.measure_labels() (wording.MEASURE_WORDS, in the current
# language), in that order.
with i18n.language("en"):  # the English labels, for code that wants them by name
    MEASURE_LABELS = wording.measure_labels()
MEASURE_COLORS = {
    "tf_received": GREEN,
    "tf_raised": "#8c6d31",
    "tf_pledged": LIGHT_BLUE,
    "tf_balance": "#6a51a3",
    "need_per_year": "#d73027",
    "cost_estimate": "#b35806",
}
# A symbol and a line style per measure, so that the lines differ without their colours.
MEASURE_SYMBOLS = {
    "tf_received": "circle",
    "tf_raised": "square",
    "tf_pledged": "diamond",
    "tf_balance": "triangle-up",
    "need_per_year": "x",
    "cost_estimate": "cross",
}
MEASURE_DASHES = {"tf_received": "solid", "tf_raised": "dash", "tf_pledged": "dot", "tf_balance": "dashdot"}
TRUST_FUND_TITLE = N_("Trust fund totals and cost estimates, US dollars (hollow marker: disputed)")


def _trust_fund_hover(trust_fund: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per trust_fund.csv row: the amount in the source's words, the date, the sources, a
    disputed mark and the confidence, escaped."""
    amounts: dict[tuple, str] = {}
    labels: dict[tuple[str, ...], str] = {}
    disputed = " " + plain(_("(disputed)"))
    words = {c: confidence_word(c) for c in set(trust_fund["confidence"].tolist())}
    columns: list[list[str]] = [[], date_labels(trust_fund), [], [], []]
    for row in plain_rows(
        trust_fund[["amount_usd", "amount_usd_high", "qualifier", "source_ids", "dispute_id", "confidence"]]
    ):
        amount_key = (str(row.amount_usd), str(row.amount_usd_high), row.qualifier)  # str: NaN and NA as keys
        if amount_key not in amounts:
            amounts[amount_key] = plain(trust_fund_amount(row))
        if row.source_ids not in labels:
            labels[row.source_ids] = plain(sources_label(sources, row.source_ids))
        for column, value in zip(
            columns[:1] + columns[2:],
            (amounts[amount_key], labels[row.source_ids], disputed if row.dispute_id else "", words[row.confidence]),
            strict=True,
        ):
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
    measures, disputes, dates = (
        trust_fund["measure"].to_numpy(),
        trust_fund["dispute_id"].to_numpy(),
        trust_fund["date"],
    )
    amounts = trust_fund["amount_usd"].astype(float) / 1e6
    highs = trust_fund["amount_usd_high"].astype(float).fillna(trust_fund["amount_usd"].astype(float)) / 1e6
    for measure, label in wording.measure_labels().items():
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
                marker=dict(
                    size=10,
                    color=MEASURE_COLORS[measure],
                    symbol=kept([MEASURE_SYMBOLS[measure] + ("-open" if d else "") for d in disputes[positions]]),
                ),
                line=dict(color=MEASURE_COLORS[measure], dash=MEASURE_DASHES.get(measure, "solid")),
                customdata=kept(hover[positions]),
                hovertemplate="%{customdata[1]}<br>"
                + plain(label)
                + ": <b>%{customdata[0]}</b>%{customdata[3]}<br>%{customdata[4]} · "
                + plain(_("Source:"))
                + " %{customdata[2]}<extra></extra>",
            )
        )
    return figure(
        traces,
        height=440,
        title=title(_(TRUST_FUND_TITLE)),
        xaxis=date_range(pd.Timestamp(start), pd.Timestamp(end)),
        yaxis=dict(title=dict(text=_("US dollars (log scale)")), type="log", **money_ticks(plotted)),
    )
