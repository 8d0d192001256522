"""Mission-wide headcounts over time: one record per report date, disputed reports as ranges
(``ledger.range_of``), with the weakest confidence, the reports and their sources. Numbers
only; ``worded_tables.strength_series`` words them."""

from __future__ import annotations

import pandas as pd

from components import ledger
from components.data import Dataset
from components.url_state import FilterState

STRENGTH_FIGURE_COLUMNS = ["date", "low", "high", "range", "confidence", "report_ids", "source_ids", "disputed"]


def strength_figures(ds: Dataset, state: FilterState) -> list[dict]:
    """Mission-wide headcounts in the period, one per date: low and high ends and the range
    with its qualifiers, the weakest confidence, reports and sources."""
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    # One record per date whatever the period, so the records are worked out once per
    # dataset, and a view takes the dates in its period.
    return [record for record in strength_figures_all(ds) if start <= record["date"] <= end]


def strength_figures_all(ds: Dataset) -> list[dict]:
    """Every mission-wide headcount, one record per date (read-only)."""
    return ds.derived("strength_figures", lambda: _strength_records(ds))


def _strength_records(ds: Dataset) -> list[dict]:
    by_date: dict[pd.Timestamp, list[dict]] = {}
    for row in ds.strength.sort_values("date", kind="stable").to_dict("records"):
        by_date.setdefault(row["date"], []).append(row)
    series = []
    for date, group in by_date.items():
        amount = ledger.range_of(group, "personnel")
        series.append(
            {
                "date": date,
                "low": amount.low,
                "high": amount.high,
                "range": amount,
                "confidence": ledger.weakest(group),
                "report_ids": ", ".join(row["report_id"] for row in group),
                "source_ids": tuple(dict.fromkeys(s for row in group for s in row["source_ids"])),
                "disputed": any(row["dispute_id"] for row in group),
            }
        )
    return series
