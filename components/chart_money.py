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
    LIGHT_BLUE,
    bar_marker,
    date_labels,
    date_range,
    figure,
    money_ticks,
    plain,
    title,
    wrapped,
)
from components.i18n import N_, _
from components.plotly_adapter import kept, objects
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


def pledges_figure(table: pd.DataFrame, scale: str = LINEAR) -> go.Figure:
    """Per country that pledged or notified personnel: pledged, arrived (cumulative) and in
    Haiti, with disputed ranges as error bars. Countries with support only, or only
    considering it, are not bars (``worded_tables.other_contributors`` lists them)."""
    rows = figures.pledging_countries(table).iloc[::-1]
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
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=[0] * len(rows),
                    arrayminus=(high - low).tolist(),
                    visible=True,
                    color="#333",
                ),
                customdata=np.array(custom, dtype=object),
                hovertemplate="%{y}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return figure(
        traces,
        barmode="group",
        height=max(320, 60 * len(rows) + 140),
        title=title(_(PLEDGES_TITLE)),
        xaxis=_value_axis(scale, _("personnel"), [t["x"] for t in traces]),
    )


DONOR_BARS = {
    "committed": (N_("Committed"), LIGHT_BLUE),
    "deposited": (N_("Paid into the trust fund"), GREEN),
    "disbursed": (N_("Released or spent"), BLUE),
}
DONORS_TITLE = N_("Money by donor, US$ million, as of the end date (restated totals not double counted)")


def funding_by_donor_figure(donors: pd.DataFrame, scale: str = LINEAR) -> go.Figure:
    """Per donor (``worded_tables.donor_table``): committed, paid into the trust fund and released,
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
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=[0] * len(donors),
                    arrayminus=(high - low).tolist(),
                    visible=True,
                    color="#333",
                ),
                customdata=donors[measure].map(lambda v: plain(v or _("none reported"))).to_numpy(),
                hovertemplate="%{x}<br>" + label + ": <b>%{customdata}</b><extra></extra>",
            )
        )
    return figure(
        traces,
        barmode="group",
        height=380,
        title=title(_(DONORS_TITLE)),
        yaxis=_value_axis(scale, _("US$ million"), [t["y"] for t in traces], _million),
    )


# The reader's choice of a linear or log value axis (``scale`` in the link): components/chart_axes.py.
def _million(value: float) -> str:
    return i18n.money(value * 1e6)


def _value_axis(scale: str, axis_title: str, columns, label=i18n.number) -> dict:
    """The value axis for ``scale``, its log ticks fitted to the bars' values (``columns``)."""
    return scale_axis(scale, axis_title, [v for column in columns for v in column], label)


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
