"""What the Timeline's figure changes on a phone: the rows named above themselves, and the time
axis started where the mission's events start (``clear_start``: no event mark cut in half by
the edge), with a button back to the full period. ``components/charts.py`` builds the figure and
puts these changes in its ``layout.meta.hmtNarrow``; ``components/frontend/plotly_chart.js``
applies them when the chart is narrower than ``NARROW_PX``.
"""

from __future__ import annotations

import math

import pandas as pd

from components import i18n
from components.chart_style import padded, plain
from components.event_points import MARK_LINE_PX, SHARED_SIZE
from components.i18n import _

NARROW_PX = 560  # a chart narrower than this (a phone) writes each row's name above its row
# Where a phone's axis starts, no event mark may sit across the edge: the largest mark's half
# width with its outline, on the plot area of the narrowest phone drawn (320 px).
MARK_HALF_PX = math.ceil((SHARED_SIZE + MARK_LINE_PX) / 2)
NARROWEST_PLOT_PX = 300


def clear_start(dates: pd.Series, left: pd.Timestamp, right: pd.Timestamp) -> pd.Timestamp:
    """An axis start at ``left`` or before it, for an axis that ends at ``right``: where an
    event's mark (at ``dates``) would be cut by the edge at ``left``, the day a little over half
    a mark before the earliest such event, and so on back, so that every mark is drawn whole or
    not at all."""
    share = MARK_HALF_PX / NARROWEST_PLOT_PX  # of the axis's span, on the narrowest phone
    for _step in range(len(dates) + 1):  # each step passes at least one more event
        half = (right - left) * share
        near = dates[(dates > left - half) & (dates < left + half)]
        if near.empty:
            break
        # The new start is half a mark of the new, longer span before that event (d - L = share * (R - L)),
        # and a day more, so that the check above finds it clear.
        earliest = near.min()
        left = earliest - (right - earliest) * share / (1 - share) - pd.Timedelta(days=1)
    return left


def row_names(rows: list[str]) -> list[dict]:
    """Each category's name above its row, at the left: how a phone shows the rows, so the
    plot keeps the whole width instead of giving a third of it to the names."""
    return [
        dict(
            x=0,
            y=row,
            xref="paper",
            yref="y",
            text=row,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=8,
            font=dict(size=12, color="#333"),
            # On a chip of the page's white: the resolution lines pass under the name, not
            # through its letters.
            bgcolor="rgba(255,255,255,0.9)",
        )
        for row in rows
    ]


def narrow_changes(layout: dict, rows: list[str], dates: pd.Series, start, end, focus) -> dict:
    """What a phone changes (``layout.meta.hmtNarrow``, applied by components/frontend/plotly_chart.js
    below ``NARROW_PX``): the row names above the rows, and, where ``focus`` is a later start
    than the period's, the axis from ``focus`` (or from the nearest day before it that no event's
    mark straddles: ``dates``) with two buttons, named by the first month shown, to switch to the
    full period and back."""
    changes: dict = dict(yaxis=dict(showticklabels=False), annotations=layout["annotations"] + row_names(rows))
    whole = padded(start, end)
    focused = whole if focus is None else [clear_start(dates, padded(pd.Timestamp(focus), end)[0], whole[1]), whole[1]]
    if focused[0] > whole[0]:
        shown = dates[dates >= focused[0]]
        first_shown = shown.min() if not shown.empty else pd.Timestamp(focus)
        changes["xaxis"] = dict(range=focused)
        changes["updatemenus"] = [
            dict(
                type="buttons",
                direction="right",
                showactive=True,
                active=0,
                x=0,
                y=1,
                xanchor="left",
                yanchor="bottom",
                pad=dict(b=layout["margin"]["t"] - 8, l=0, r=0, t=0),
                font=dict(size=12),
                buttons=[
                    dict(
                        label=plain(_("Since {date}").format(date=i18n.date(first_shown, "month"))),
                        method="relayout",
                        args=[{"xaxis.range": [d.isoformat() for d in focused]}],
                    ),
                    dict(
                        label=plain(_("Full period")),
                        method="relayout",
                        args=[{"xaxis.range": [d.isoformat() for d in whole]}],
                    ),
                ],
            )
        ]
        # Room for the buttons above the row title, below the toolbar's strip (a tap on them
        # must not land on the toolbar).
        changes["margin"] = dict(layout["margin"], t=layout["margin"]["t"] + 60)
    return dict(below=NARROW_PX, layout=changes)
