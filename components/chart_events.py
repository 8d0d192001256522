"""The marks the time charts share: mission-phase bands, Security Council resolution lines, and
each event's hover text (escaped, wrapped, in the current language), which the Timeline's points
name (``event_points``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components import wording
from components.chart_style import PHASE_COLORS, date_labels, wrapped_once
from components.i18n import _
from components.plotly_adapter import objects
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


# Every event mark's hover is [date line, body], filled in here, so that one event reads the
# same on the Timeline's points and on the headcount chart's markers.
EVENT_HOVER_TEMPLATE = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"


def one_event_lines(hover_row) -> tuple[str, str]:
    """An event's own hover, [date line, body], from its ``event_hover`` row."""
    title, date, source_line, summary, _confidence = hover_row
    return date, f"<b>{title}</b><br>{summary}<br>{source_line}"


def hover_pairs(lines: list[tuple[str, str]]) -> np.ndarray:
    """[date line, body] pairs as plotly's customdata: an object array filled column by column."""
    hover = np.empty((len(lines), 2), dtype=object)
    for column, values in enumerate(zip(*lines, strict=True) if lines else ((), ())):
        hover[:, column] = objects(list(values))
    return hover
