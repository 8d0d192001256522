"""What the time slider plays: one frame per month of the pledge chart's bars, built once per
dataset, language, country filter and scale, and sent to the browser with the page, which
draws them as the slider moves (components/frontend/time_player.js). No Streamlit.

Each frame is the pledge chart (``chart_money.pledges_figure``) as the ledger stood at the end
of that month: the same builder and the same words as the chart drawn for a link whose ``to``
is that day, so a frame and the view it stops on agree.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace

import pandas as pd
from plotly.utils import PlotlyJSONEncoder

from components import i18n
from components.chart_money import pledges_figure
from components.data import Dataset
from components.figures import figures_of
from components.personnel_steps import months, statuses_at
from components.url_state import Bounds, FilterState
from components.worded_tables import worded_country_figures

BAR_ENDS = ("pledged_high", "arrived_high", "in_haiti_high")


def month_labels(stops: list[pd.Timestamp]) -> list[str]:
    """Each stop as the slider shows it: "March 2025"; the last (the newest fact) as its day."""
    return [i18n.date(day, "day" if position == len(stops) - 1 else "month") for position, day in enumerate(stops)]


def _value_range(tables: list[pd.DataFrame], scale: str) -> list[float] | None:
    """One value axis for every frame, so the bars grow instead of the axis shrinking."""
    values = [float(v) for table in tables for column in BAR_ENDS for v in table[column].dropna() if v > 0]
    if not values:
        return None
    if scale == "log":
        return [math.log10(min(values)) - 0.2, math.log10(max(values)) + 0.2]
    return [0, max(values) * 1.08]


def stops(ds: Dataset) -> dict:
    """The slider's stops (ISO dates) and their labels in the current language (read-only,
    once per dataset and language)."""

    def build() -> dict:
        days = months(ds)
        return {"months": [day.date().isoformat() for day in days], "labels": month_labels(days)}

    return ds.derived("slider_stops", build)


def pledges_frames(ds: Dataset, countries: tuple[str, ...], scale: str) -> dict:
    """Per stop of the slider (``stops``), the pledge chart's traces, as JSON; ``xrange``: one
    value axis for all of them. Read-only, once per dataset, language,
    countries and scale."""

    def build() -> dict:
        days = months(ds)
        tables = []
        for day in days:
            table = worded_country_figures(ds, figures_of(statuses_at(ds, day, countries).values()), day.date())
            tables.append(table)
        frames = [pledges_figure(table, scale).to_plotly_json()["data"] for table in tables]
        return {
            "frames": json.dumps(frames, cls=PlotlyJSONEncoder, separators=(",", ":")),
            "xrange": _value_range(tables, scale),
        }

    return ds.derived(f"pledges_frames:{','.join(countries)}:{scale}", build)


def stop_index(days: list[str], end) -> int:
    """The slider's position for a view's end date: the first stop on or after it."""
    day = pd.Timestamp(end).date().isoformat()
    return next((position for position, stop in enumerate(days) if stop >= day), len(days) - 1)


def stopped_view(state: FilterState, bounds: Bounds, month) -> FilterState | None:
    """``state`` as of the month a player stopped on (its end; the start moved back if need
    be), or None when ``month`` is not a date."""
    try:
        end = dt.date.fromisoformat(str(month))
    except ValueError:
        return None
    end = min(max(end, bounds.first), bounds.last)
    return replace(state, start=min(state.start, end), end=end, pinned_end=end != bounds.last)


def sent_stop(triggers) -> str | None:
    """The month in a player's triggers as the browser sent them (JSON: a list of
    ``{"event": ..., "value": ...}``), if one is "stopped"."""
    try:
        payloads = json.loads(triggers) if isinstance(triggers, str) else []
    except ValueError:
        return None
    payloads = payloads if isinstance(payloads, list) else [payloads]
    stops = [p.get("value") for p in payloads if isinstance(p, dict) and p.get("event") == "stopped"]
    return stops[-1] if stops and isinstance(stops[-1], str) else None
