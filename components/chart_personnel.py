"""Personnel in Haiti by country over time: the ledger's steps (``components/personnel_steps.py``)
as stacked step areas, one per country, against the authorised ceilings of the MSS and the GSF,
with the mission-wide headcount reports as points (a disputed report as a whisker from its low
to its high end); and the same steps as a table in words. No Streamlit.

Where sources disagree on a country's headcount, its area is drawn at the high end of the range
and its hover and table row give the range; the caption on the page says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import i18n
from components.amount_words import range_label
from components.chart_axes import SHARE, values_axis
from components.chart_style import date_range, figure, plain, title
from components.i18n import N_, _
from components.labels import readable
from components.plotly_adapter import kept
from components.views import rows as plain_rows
from components.wording import confidence_word, sources_label

PERSONNEL_TITLE = N_("Personnel in Haiti by country, as the ledger counts it, against the authorised size")
PERSONNEL_SHARE_TITLE = N_("Each country's share of the personnel in Haiti, as the ledger counts it")
# Distinct hues, each with at least 3:1 contrast against white (the line; the area is lighter).
COUNTRY_COLORS = ("#1f5fa8", "#177a40", "#b35806", "#6a51a3", "#d73027", "#8c6d31", "#1b7c83", "#c51b7d", "#636363")
CEILING_COLOR = "#555"
REPORT_COLOR = "#222"


def _fill(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.35)"


def _grid(steps: pd.DataFrame, end: pd.Timestamp) -> list[pd.Timestamp]:
    """Every date on which some country's headcount steps, and the end date (so the last
    step runs to the end of the view)."""
    return sorted({*steps["date"].tolist(), end})


def _country_trace(rows: list[dict], grid, name: str, color: str, sources: dict, share: bool) -> dict:
    """One country's stacked step area: its headcount (high end) on every date of the grid,
    none before its first step; the hover gives the step in the ledger's words."""
    y, custom, position, worded = [], [], -1, {}
    disputed = " " + plain(_("(disputed)"))
    for day in grid:
        while position + 1 < len(rows) and rows[position + 1].date <= day:
            position += 1
        if position < 0:
            y.append(None)
            custom.append(["", "", "", "", ""])
            continue
        step = rows[position]
        y.append(step.high)
        if position not in worded:  # each step worded once, however many dates it lasts
            worded[position] = [
                plain(range_label(step.range)),
                i18n.date(step.date),
                confidence_word(step.confidence) if step.confidence else "",
                plain(sources_label(sources, step.source_ids)),
                disputed if step.disputed else "",
            ]
        custom.append(worded[position])
    hover = (
        "<b>"
        + plain(name)
        + "</b><br>"
        + plain(_("{figure} personnel")).format(figure="%{customdata[0]}")
        + "%{customdata[4]}"
        + ("" if not share else " (%{y:.0f} %)")
        + "<br>"
        + plain(_("as of {date}")).format(date="%{customdata[1]}")
        + " · %{customdata[2]}<br>"
        + plain(_("Source:"))
        + " %{customdata[3]}<extra></extra>"
    )
    return dict(
        type="scatter",
        x=kept(grid),
        y=kept(y),
        mode="lines",
        name=plain(name),
        stackgroup="countries",
        stackgaps="infer zero",
        line=dict(color=color, width=1.5, shape="hv"),
        fillcolor=_fill(color),
        customdata=kept(np.array(custom, dtype=object)),
        hovertemplate=hover,
    )


def _ceiling_trace(ceilings: list[dict], sources: dict) -> dict | None:
    """The authorised (or planned) size of each phase, as a dashed line over its dates."""
    x, y, custom = [], [], []
    for phase in ceilings:
        label = [i18n.number(phase["ceiling"]), plain(sources_label(sources, phase["source_ids"]))]
        x += [phase["start"], phase["end"], None]
        y += [phase["ceiling"], phase["ceiling"], None]
        custom += [label, label, ["", ""]]
    if not x:
        return None
    name = plain(_("Authorised or planned size"))
    return dict(
        type="scatter",
        x=kept(x),
        y=kept(y),
        mode="lines",
        name=name,
        line=dict(color=CEILING_COLOR, dash="dash", width=2),
        customdata=kept(np.array(custom, dtype=object)),
        hovertemplate=name + ": <b>%{customdata[0]}</b><br>" + plain(_("Source:")) + " %{customdata[1]}<extra></extra>",
    )


def _reports_trace(reports: pd.DataFrame, sources: dict) -> dict | None:
    """Mission-wide headcount reports as points; a disputed one has a whisker down to its low end."""
    if reports.empty:
        return None
    rows = plain_rows(reports)
    disputed = " " + plain(_("(disputed)"))
    custom = [
        [
            plain(row.label),
            i18n.date(row.date),
            confidence_word(row.confidence),
            plain(sources_label(sources, row.source_ids)),
            disputed if row.disputed else "",
        ]
        for row in rows
    ]
    name = plain(_("Mission-wide headcount (reported)"))
    return dict(
        type="scatter",
        x=kept([row.date for row in rows]),
        y=kept([row.high for row in rows]),
        mode="markers",
        name=name,
        marker=dict(
            size=8,
            color=REPORT_COLOR,
            symbol=["diamond-open" if row.disputed else "diamond" for row in rows],
        ),
        error_y=dict(
            type="data",
            symmetric=False,
            array=[0] * len(rows),
            arrayminus=[row.high - row.low for row in rows],
            visible=True,
            color=REPORT_COLOR,
        ),
        customdata=kept(np.array(custom, dtype=object)),
        hovertemplate="%{customdata[1]}<br><b>"
        + name
        + ": %{customdata[0]}</b>%{customdata[4]}<br>%{customdata[2]} · "
        + plain(_("Source:"))
        + " %{customdata[3]}<extra></extra>",
    )


def _first_shown(steps: pd.DataFrame, ceilings: list[dict], start: pd.Timestamp, share: bool) -> pd.Timestamp:
    """Where the time axis starts: the view's start, or later where nothing is drawn before the
    first step (or, with counts, the first authorised size), so the years before the mission
    take no room."""
    firsts = [*steps["date"].head(1).tolist(), *([] if share else [phase["start"] for phase in ceilings[:1]])]
    return max(start, min(firsts)) if firsts else start


def country_order(steps: pd.DataFrame) -> list[str]:
    """Countries by their largest headcount, largest first (drawn at the bottom of the stack)."""
    # Plain dicts, not DataFrame.groupby: grouping the string column cost more than the chart.
    largest: dict[str, float | None] = {}
    for iso3, high in zip(steps["iso3"].tolist(), steps["high"].tolist(), strict=True):
        known = None if high is None or pd.isna(high) else float(high)
        before = largest.get(iso3)
        largest[iso3] = known if before is None else before if known is None else max(before, known)
    names = sorted(largest)  # ties keep the alphabetical order, as groupby's sorted keys did
    counted = sorted((iso3 for iso3 in names if largest[iso3] is not None), key=lambda iso3: -largest[iso3])
    return counted + [iso3 for iso3 in names if largest[iso3] is None]


def personnel_figure(
    steps: pd.DataFrame,
    ceilings: list[dict],
    reports: pd.DataFrame,
    names: dict[str, str],
    sources: dict[str, dict],
    start,
    end,
    values: str = "absolute",
) -> go.Figure:
    """``steps``: ``personnel_steps.personnel_steps``; ``ceilings``: ``personnel_steps.ceilings``;
    ``reports``: ``worded_tables.strength_series``. ``values``: ``absolute``
    (headcounts, with the ceilings and reports) or ``share`` (each country's share of the total;
    the ceilings and the mission-wide reports are not shares, so they are left out)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    share = values == SHARE
    grid = _grid(steps, end)
    by_country: dict[str, list[dict]] = {}
    for row in plain_rows(steps):
        by_country.setdefault(row.iso3, []).append(row)
    traces = [
        _country_trace(
            by_country[iso3], grid, names.get(iso3, iso3), COUNTRY_COLORS[i % len(COUNTRY_COLORS)], sources, share
        )
        for i, iso3 in enumerate(country_order(steps))
    ]
    if traces and share:
        traces[0]["groupnorm"] = "percent"
    if not share:
        traces += [t for t in (_ceiling_trace(ceilings, sources), _reports_trace(reports, sources)) if t]
    return figure(
        traces,
        height=460,
        title=title(_(PERSONNEL_SHARE_TITLE if share else PERSONNEL_TITLE)),
        xaxis=date_range(_first_shown(steps, ceilings, start, share), end),
        yaxis=values_axis(values, _("personnel")),
    )


STEP_TABLE_COLUMNS = ["date", "country", "personnel", "low", "high", "qualifier", "confidence", "disputed"]


def steps_table(steps: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Every step in words, one row per (date, country): the headcount in the source's words
    (qualifier kept), its two ends, qualifier and confidence in words, and ``source_ids``."""
    table = pd.DataFrame(
        {
            "date": steps["date"],
            "iso3": steps["iso3"],
            "country": [names.get(iso3, iso3) for iso3 in steps["iso3"].tolist()],
            "personnel": [range_label(value) for value in steps["range"].tolist()],
            "low": steps["low"],
            "high": steps["high"],
            "qualifier": steps["qualifier"],
            "confidence": [confidence_word(c) if c else "" for c in steps["confidence"].tolist()],
            "disputed": steps["disputed"],
            "source_ids": steps["source_ids"],
        },
        columns=["date", "iso3", *STEP_TABLE_COLUMNS[1:], "source_ids"],
    )
    return readable(table)  # the qualifier in words
