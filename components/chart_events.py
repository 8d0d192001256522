"""The marks the time charts share: mission-phase bands, Security Council resolution lines and
the events as markers, each with its hover text (escaped, wrapped, in the current language).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components import i18n, wording
from components.chart_style import (
    CATEGORY_COLORS,
    CATEGORY_SYMBOLS,
    PHASE_COLORS,
    category_labels,
    date_labels,
    plain,
    wrapped_once,
)
from components.i18n import _
from components.plotly_adapter import kept, objects
from components.source_index import source_lookup
from components.views import naming_a_resolution
from components.views import rows as plain_rows
from components.wording import confidence_word, sources_label

# Labels that the browser places (components/frontend/plotly_chart.js): each is tried in its
# lane and in the lanes above it, in the order the figure lists them, and left out where it
# would still cover another text (its words stay in the Table tab and the text alternative).
FLOATING = "hmt-float"
LABEL_LANES = 2  # lanes of labels above the events
LANE_PX = 19  # the tallest label's height (a phase acronym)


def phase_bands(
    phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, label_y: float = 1.0
) -> tuple[list[dict], list[dict]]:
    """Shapes shading each mission phase that overlaps the period, and its acronym centred
    over its band at ``label_y`` (paper), above the plot, where no line or mark reaches."""
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
                x=x0 + (x1 - x0) / 2,
                y=label_y,
                xref="x",
                yref="paper",
                text=wording.phase_acronym(phase.phase),
                showarrow=False,
                xanchor="center",
                yanchor="bottom",
                font=dict(size=12, color="#333"),
                name=FLOATING,
            )
        )
    return shapes, annotations


RESOLUTION_GAP = 0.05  # resolutions closer than this share of the period share one label


def resolution_marks(
    events: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    label_y: float = 1.0,
    line_axes: tuple[str, ...] = ("y",),
) -> tuple[list[dict], list[dict]]:
    """A dotted line for each Security Council resolution in the period, inside each plot of
    ``line_axes`` (never across a title or the axis labels between them), and a label for each
    group of resolutions adopted close together ("Res. 2751, 2752") at ``label_y`` (paper),
    above the plot: the browser staggers the labels in lanes and leaves out one that has no
    room (``FLOATING``)."""
    # add_vline's own annotation breaks on date axes in plotly, so the line and its label
    # are a shape and an annotation.
    shapes, groups = [], []
    marked = set()
    gap = pd.Timedelta(days=max((end - start).days * RESOLUTION_GAP, 1))
    for event in sorted(plain_rows(naming_a_resolution(events)), key=lambda e: e.date):
        if (event.date, event.resolution) in marked:
            continue  # one line per resolution and date, however many rows mention it
        marked.add((event.date, event.resolution))
        shapes += [
            dict(
                type="line",
                xref="x",
                yref=f"{axis} domain",
                x0=event.date,
                x1=event.date,
                y0=0,
                y1=1,
                line=dict(color="#1f5fa8", width=1, dash="dot"),
            )
            for axis in line_axes
        ]
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
            xanchor="center",
            yanchor="bottom",
            font=dict(size=10, color="#1f5fa8"),
            name=FLOATING,
        )
        for group in groups
    ]
    return shapes, annotations


def event_hover(events: pd.DataFrame, sources: dict[str, dict]) -> np.ndarray:
    """Per event: escaped title (marked if disputed), date label, the escaped line "Source: ...
    (confidence)", summary and confidence word. ``events`` holds each event's title and summary
    in the current language (``wording.localized_events``)."""
    labels: dict[tuple, str] = {}  # rows often share their sources: word each set once
    source_word = _("Source:")

    def sources_text(ids: tuple[str, ...], confidence: str) -> str:
        if (ids, confidence) not in labels:  # escaped, in lines a phone shows
            labels[ids, confidence] = wrapped_once(f"{source_word} {sources_label(sources, ids)} ({confidence})")
        return labels[ids, confidence]

    # Each distinct text wrapped once (wrapped_once): at scale, many events share a title or
    # summary, and the same texts come back on every rerun.
    wrap = wrapped_once
    marked: dict[str, str] = {}  # a disputed title, marked and wrapped once
    titles = [
        (marked.get(title) or marked.setdefault(title, wrap(wording.mark_disputed(title)))) if dispute else wrap(title)
        for title, dispute in zip(events["title"].tolist(), events["dispute_id"].tolist(), strict=True)
    ]
    dates = date_labels(events)
    summaries = [wrap(summary) for summary in events["summary"].tolist()]
    words = {c: confidence_word(c) for c in set(events["confidence"].tolist())}
    confidences = [words[c] for c in events["confidence"].tolist()]
    hover = np.empty((len(events), 5), dtype=object)  # filled column by column: no nested lists
    for column, values in enumerate(
        (
            titles,
            dates,
            [sources_text(ids, c) for ids, c in zip(events["source_ids"].tolist(), confidences, strict=True)],
            summaries,
            confidences,
        )
    ):
        hover[:, column] = objects(values)
    return hover


def event_hover_table(ds) -> pd.DataFrame:
    """``event_hover`` for every event of the dataset, in the current language, indexed as
    ``ds.events``: worked out once per dataset and language
    (``Dataset.derived``), so a filter change only picks rows (it cost a third of the Timeline's
    rerun at 1x)."""
    return ds.derived(
        "event_hover",
        lambda: pd.DataFrame(
            event_hover(wording.localized_events(ds.events), source_lookup(ds)), index=ds.events.index
        ),
    )


def event_hover_template() -> str:
    return "%{customdata[1]}<br><b>%{customdata[0]}</b><br>%{customdata[3]}<br>%{customdata[2]}<extra></extra>"


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
        if count == 1:  # most points: the event's own hover, written here (no call per point)
            title, date, source_line, summary, _confidence = texts[first]
            lines.append((date, f"<b>{title}</b><br>{summary}<br>{source_line}"))
        else:
            lines.append(_shared_point_lines(texts[first : first + named], count, table_tab))
        first += named
    hover = np.empty((len(points), 2), dtype=object)
    for column, values in enumerate(zip(*lines, strict=True) if lines else ((), ())):
        hover[:, column] = objects(list(values))
    return hover


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


POINT_HOVER_TEMPLATE = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"


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
                hovertemplate=POINT_HOVER_TEMPLATE,
                **axes,
            )
        )
    return traces
