"""The value axis a reader chooses: linear or log where values span orders of magnitude
(pledges against arrivals, money), absolute or share of the total where countries are compared.
The choice is part of the view (``scale`` and ``values`` in the link, components/url_state.py);
each chart builder takes it as an argument and asks this module for its axis. No Streamlit.
"""

from __future__ import annotations

import math

from components import i18n
from components.i18n import _
from components.url_state import SCALES, VALUE_MODES

LINEAR, LOG = SCALES
ABSOLUTE, SHARE = VALUE_MODES


def log_ticks(values, label=i18n.number) -> dict:
    """Tick values and labels for a log axis: every power of ten, and 2 and 5 of each decade when
    the data spans less than two decades, each written in full ("1,000", never "1k" or "1e3")."""
    positive = [float(v) for v in values if v is not None and not math.isnan(float(v)) and float(v) > 0]
    if not positive:
        return {}
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    steps = (1, 2, 5) if high - low <= 2 else (1,)
    ticks = [step * 10**power for power in range(low, high + 1) for step in steps]
    ticks = [t for t in ticks if min(positive) / 2.5 <= t <= max(positive) * 2.5] or [10**low, 10**high]
    return dict(tickvals=ticks, ticktext=[label(t) for t in ticks])


def scale_axis(scale: str, axis_title: str, values=(), label=i18n.number) -> dict:
    """A value axis, linear from zero or log with readable ticks (``label`` writes one tick)."""
    if scale == LOG:
        return dict(
            type="log", title=dict(text=_("{axis} (log scale)").format(axis=axis_title)), **log_ticks(values, label)
        )
    return dict(type="linear", rangemode="tozero", title=dict(text=axis_title))


def values_axis(values: str, axis_title: str) -> dict:
    """A value axis for a stacked chart: counts from zero, or the share of the total in per cent."""
    if values == SHARE:
        return dict(range=[0, 100], ticksuffix="%", title=dict(text=_("share of the total (%)")))
    return dict(rangemode="tozero", title=dict(text=axis_title))
