"""The Timeline's events as points: one per category and day, whose hover names the events it
holds (their hover texts: ``chart_events.event_hover``). Plain numpy and plotly dicts, no
Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components import i18n
from components.chart_events import EVENT_HOVER_TEMPLATE, event_hover, hover_pairs, one_event_lines
from components.chart_style import CATEGORY_COLORS, CATEGORY_SYMBOLS, category_labels, plain
from components.plotly_adapter import kept

# Events of one category on one day share a point (their coordinates are the same): one
# marker, a little larger, whose hover names the first few; the Table tab lists them all.
# Drawn one above another, all but the top one could not be hovered, and at scale the chart
# carried every event's texts (hundreds of MB at 100x the data).
LISTED_PER_POINT = 3
SINGLE_SIZE, SHARED_SIZE = 11, 15
MARK_LINE_PX = 2  # each mark's outline, in its colour


def event_points(events: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The points of the events chart, one per category and day, in order of day (category,
    date, how many events each holds, how many its hover names, whether any is disputed), and
    the positions in ``events`` of the events each names, point after point: at most
    ``LISTED_PER_POINT`` each, in the order of ``events``. Plain numpy: a pandas groupby cost
    more than the rest of the chart at 1x."""
    columns = ["category", "date", "count", "named", "disputed"]
    if events.empty:
        return pd.DataFrame(columns=columns), np.array([], dtype=int)
    dates = events["date"].to_numpy()
    day = dates.view("i8")
    kind = pd.factorize(events["category"].to_numpy())[0]
    order = np.lexsort((kind, day))  # by day, then category; stable, so each point keeps the events' order
    starts = np.flatnonzero(np.r_[True, (np.diff(day[order]) != 0) | (np.diff(kind[order]) != 0)])
    counts = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, counts)  # each event's place in its point
    disputed = (events["dispute_id"] != "").to_numpy()[order]
    firsts = order[starts]
    points = pd.DataFrame(
        dict(
            zip(
                columns,
                (
                    events["category"].to_numpy()[firsts],
                    dates[firsts],
                    counts,
                    np.minimum(counts, LISTED_PER_POINT),
                    np.add.reduceat(disputed, starts) > 0,
                ),
                strict=True,
            )
        )
    )
    return points, order[rank < LISTED_PER_POINT]


def point_hover(
    events: pd.DataFrame,
    points: pd.DataFrame,
    listed: np.ndarray,
    sources: dict[str, dict],
    table=None,
    table_tab: bool = True,
) -> np.ndarray:
    """Per point, its hover: [date line, body]. A point of one event says what the event's own
    hover always said (title, summary, sources, confidence); a shared point says how many events
    it holds and names each listed one (``listed``: ``event_points``) with its sources and
    confidence. ``table``: the events' ``event_hover_table``, if the page has it; ``table_tab``:
    whether the page has a Table tab to send the reader to for the events a point does not name
    (an embedded chart has none)."""
    if not len(listed):
        texts = []
    elif table is None:
        texts = event_hover(events.iloc[listed], sources).tolist()
    else:
        texts = table.loc[events.index[listed]].to_numpy().tolist()
    lines, first = [], 0
    for count, named in zip(points["count"].tolist(), points["named"].tolist(), strict=True):
        if count == 1:  # most points: the event's own hover
            lines.append(one_event_lines(texts[first]))
        else:
            lines.append(_shared_point_lines(texts[first : first + named], count, table_tab))
        first += named
    return hover_pairs(lines)


def _shared_point_lines(events: list, count: int, table_tab: bool = True) -> tuple[str, str]:
    """A shared point's date line and body from the hover texts of the events it names
    (``event_hover`` rows: title, date, source line, summary, confidence) and the number of
    events it holds."""
    heading = i18n.ngettext("{date}: {n} event", "{date}: {n} events", count)
    date = events[0][1]
    # An event dated to its month only sits on the month's first day: its own date is said.
    body = [f"<b>{e[0]}</b>{'' if e[1] == date else f' ({e[1]})'}<br>{e[2]}" for e in events]
    if count > len(events):
        more = count - len(events)
        rest = (
            i18n.ngettext(
                "and {n} more: the Table tab lists every event", "and {n} more: the Table tab lists every event", more
            )
            if table_tab
            else i18n.ngettext("and {n} more on this day", "and {n} more on this day", more)
        )
        body.append(plain(rest.format(n=i18n.number(more))))
    return plain(heading.format(date=date, n=i18n.number(count))), "<br>".join(body)


def event_traces(
    events: pd.DataFrame, sources: dict[str, dict], axes: dict, hover_table=None, table_tab: bool = True
) -> list[dict]:
    """One trace per category in the view, one point per day with events (``event_points``).
    ``hover_table``: ``event_hover_table`` of the dataset ``events`` come from (else each
    named event's hover is worked out here); ``table_tab``: as for ``point_hover``."""
    traces = []
    points, listed = event_points(events)
    # Hovers for every point at once, then each category takes its points by position:
    # cheaper than a frame per category (each copied every column).
    hover = point_hover(events, points, listed, sources, hover_table, table_tab)
    categories, disputes, counts = (points[c].to_numpy() for c in ("category", "disputed", "count"))
    for category, label in category_labels().items():
        positions = np.flatnonzero(categories == category)
        if not len(positions):
            continue
        traces.append(
            dict(
                type="scatter",
                x=points["date"].iloc[positions],
                y=kept([label] * len(positions)),
                mode="markers",
                name=label,
                showlegend=False,
                marker=dict(
                    size=np.where(counts[positions] == 1, SINGLE_SIZE, SHARED_SIZE),
                    color=CATEGORY_COLORS[category],
                    symbol=kept([CATEGORY_SYMBOLS[category] + ("-open" if d else "") for d in disputes[positions]]),
                    line=dict(width=MARK_LINE_PX, color=CATEGORY_COLORS[category]),
                ),
                customdata=kept(hover[positions]),
                hovertemplate=EVENT_HOVER_TEMPLATE,
                **axes,
            )
        )
    return traces
