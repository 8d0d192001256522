"""How every chart looks and how its text is written: labels, colours, symbols, the layout and
template, escaping and wrapping of hover text, date labels, bar patterns and money ticks; and
``figure``, which makes one plotly Figure of plain dicts (``components/plotly_adapter.py``).

Data text goes into hover labels escaped (plotly reads a few HTML tags in labels; text from
the data must never act as markup).
"""

from __future__ import annotations

import functools
import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from components import i18n, plotly_adapter
from components.chart_axes import log_ticks
from components.i18n import N_, _
from components.wording import date_label

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
TEMPLATE = go.layout.Template(
    layout=dict(plot_bgcolor="white", paper_bgcolor="white", xaxis=GRID, yaxis=GRID, hoverlabel=dict(align="left"))
)
LEGEND = dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0)
LAYOUT = dict(
    template=TEMPLATE,
    margin=dict(l=10, r=10, t=40, b=10),
    hovermode="closest",
    # Below everything, in the figure's own margin (container coordinates reserve the space),
    # so the legend never covers an axis label, however the labels wrap on a phone.
    legend=LEGEND,
    # The page's own font (Streamlit serves it), so chart text matches the text around it.
    font=dict(size=13, family='"Source Sans", sans-serif'),
)


HOVER_WIDTH = 48  # characters per hover line: a 390 px phone shows about 55


def plain(text: object) -> str:
    """Escape text so plotly shows it literally instead of reading it as markup."""
    return html.escape(str(text), quote=False)


SEPARATORS = {"en": ".,", "fr": ",\u00a0", "ht": ",\u00a0"}  # plotly's decimal and thousands marks


def legend_name(name: str) -> str:
    """A trace's name broken into lines a 390 px phone's legend shows whole (``HOVER_WIDTH``
    characters: plotly never wraps a legend entry, and a French one ran past the chart's edge).
    The name is already markup-safe (each builder escapes what it passes); only spaces break."""
    if len(name) <= HOVER_WIDTH or "<br>" in name:
        return name
    return "<br>".join(textwrap.wrap(name, HOVER_WIDTH, break_long_words=False))


def figure(traces: list[dict], **layout) -> go.Figure:
    """One plotly Figure from plain trace dicts (each with its "type") and layout, its axis
    numbers written as the current language writes them, and its legend entries broken to fit
    a phone (``legend_name``).

    Not validated: plotly's validation copied and checked every hover text and point again on
    every rerun (~80 ms for the timeline at 100x the data), and what the builders pass is fixed
    by this module. ``tests/test_charts.py`` builds every chart again with validation and
    checks that it is valid and gives the same JSON."""
    # New dicts: a builder's own trace dicts are never rewritten behind its back.
    traces = [{**t, "name": legend_name(t["name"])} if isinstance(t.get("name"), str) else t for t in traces]
    return plotly_adapter.figure(traces, {**LAYOUT, "separators": SEPARATORS.get(i18n.get_language(), ".,"), **layout})


DATE_PAD = 0.03  # share of the period left free at each end: a marker on the first or last day stays whole


def padded(start: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    """The axis range of a period: the period with room on both sides, so that a mark on its
    first or last day is drawn whole, on a phone too (a day at least)."""
    pad = max(pd.Timedelta(days=1), (end - start) * DATE_PAD)
    return [start - pad, end + pad]


def date_range(start: pd.Timestamp, end: pd.Timestamp) -> dict:
    return dict(range=padded(start, end), type="date")


def title(text: str) -> dict:
    return dict(text=text, font=dict(size=14))


def date_labels(rows: pd.DataFrame) -> list[str]:
    """Each row's date as its precision words it, each distinct date and precision worded once
    (keyed by the date's integer value: a Timestamp or a datetime64 per row cost ten times more)."""
    values = rows["date"].to_numpy()
    keys = values.view("i8").tolist() if values.dtype.kind == "M" else values.tolist()
    labels: dict[tuple, str] = {}
    words = []
    for position, key in enumerate(zip(keys, rows["date_precision"].tolist(), strict=True)):
        if key not in labels:
            labels[key] = date_label(pd.Timestamp(values[position]), key[1])
        words.append(labels[key])
    return words


def wrapped(text: object, width: int = HOVER_WIDTH) -> str:
    """Escaped text broken into lines of about ``width`` characters, for a hover label that
    fits a phone screen."""
    return "<br>".join(plain(line) for line in textwrap.wrap(str(text), width, break_long_words=True)) or plain(text)


wrapped_once = functools.lru_cache(maxsize=16384)(wrapped)  # a pure function of the text


# Bars of a group differ by pattern as well as colour (greyscale, colour-blind readers): the
# first stage (pledged, committed) hatched, the middle one dotted, the last one solid. Each bar
# has an outline in its colour, so even a hatched bar's edge has 3:1 contrast with the page.
BAR_PATTERNS = {"pledged": "/", "committed": "/", "arrived": ".", "disbursed": ".", "in_haiti": "", "deposited": ""}


def bar_marker(color: str, pattern: str) -> dict:
    return dict(
        color=color,
        line=dict(color=color, width=1.5),
        # Small dots: at plotly's default size a legend swatch shows one dot cut in four, which
        # reads as a plus sign; at 5 px it shows dots, like the bar.
        pattern=dict(shape=pattern, solidity=0.45, **({"size": 5} if pattern == "." else {}))
        if pattern
        else dict(shape=""),
    )


def money_ticks(values_in_millions) -> dict:
    """Tick values and labels for a log axis in US$ million: every power of ten ("$1m",
    "$10m", "$100m", "$1bn"), and 2 and 5 of each decade, labelled in full, when the data
    spans less than two decades. Never a bare "5" or "2"."""
    return log_ticks(values_in_millions, lambda millions: i18n.money(millions * 1e6))


def linear_axis(end: float, largest_bar: float | None = None) -> dict:
    """A value axis from 0 to ``end`` (room for the bars' labels), ticks at 1, 2, 2.5 or 5 times a
    power of ten, and a labelled tick at or beyond ``largest_bar``: no bar runs past the last
    tick label."""
    end = max(float(end), 1.0)
    step = 10 ** math.floor(math.log10(end / 4))
    step = next(s * step for s in (1, 2, 2.5, 5, 10) if end / (s * step) <= 5)
    if largest_bar is not None:
        end = max(end, math.ceil(float(largest_bar) / step) * step)
    return dict(range=[0, end], tick0=0, dtick=step, autorange=False)


def whiskers(high, low) -> dict:
    """Error bars from each bar's end down to its low end (a disputed range). No end caps: plotly
    draws a whisker for every bar, and a cap would mark undisputed bars too."""
    return dict(
        type="data",
        symmetric=False,
        array=[0] * len(high),
        arrayminus=[h - lo for h, lo in zip(high, low, strict=True)],
        visible=True,
        color="#333",
        thickness=2,
        width=0,
    )


# A bar's text label, read at its end, needs about this share of a phone's plot width per
# character (11 px text, ~6 px a character, a plot ~220 px wide at 390 px with names beside it).
LABEL_SHARE_PER_CHAR, LABEL_SHARE_MAX = 0.028, 0.6


def axis_end_for_labels(bars) -> float:
    """The value axis's end so that every bar's label (``bars``: (value, label) pairs) fits
    after its bar, on a phone too: a bar ends at most where its label still has room."""
    ends = [
        float(value) / max(1.06 - min(len(label) * LABEL_SHARE_PER_CHAR, LABEL_SHARE_MAX), 0.3)
        for value, label in bars
        if value is not None and not pd.isna(value) and float(value) > 0
    ]
    return max(ends, default=1.0)
