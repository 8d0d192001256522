"""Which rows a view shows: plain functions over the dataset's DataFrames, no wording.

A view is a period, a set of countries and a data version (``FilterState``); these functions
pick its rows (events, ledger rows, rows new since a link) and nothing else (the glossary
terms a page uses: ``components/terms.py``). No i18n, no
Streamlit: the numbers are worked out in ``components/figures.py`` and worded in
``components/wording.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import namedtuple

import numpy as np
import pandas as pd

from components.data import Dataset
from components.url_state import Bounds, FilterState


@functools.lru_cache(maxsize=64)
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns)


def rows(frame: pd.DataFrame) -> list:
    """The frame's rows as namedtuples. ``DataFrame.itertuples`` on pandas 3 goes column by
    column through the indexer and costs ~1.5 ms per call even on 90 rows; pages call it on
    every rerun, so this plain-list version is on the hot path."""
    row_type = _row_type(tuple(frame.columns))
    return (
        [row_type(*values) for values in zip(*(frame[c].tolist() for c in frame.columns), strict=True)]
        if len(frame.columns)
        else []
    )


def as_records(table) -> list[dict]:
    """A table as a list of row dicts: a DataFrame's ``dict_rows``, a list of dicts as it is
    (``worded_tables.country_records``, kept per day, so a view's rows need no DataFrame)."""
    return table if isinstance(table, list) else dict_rows(table)


def dict_rows(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, the same dicts, column by column: on pandas 3 ``to_dict``
    looks up each column's dtype for every row and cost ~1 ms even on a few dozen rows, on
    every rerun of the pages that call it."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


# ---------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------
def in_period(frame: pd.DataFrame, state: FilterState) -> pd.Series:
    return (frame["date"] >= pd.Timestamp(state.start)) & (frame["date"] <= pd.Timestamp(state.end))


def filter_events(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    mask = in_period(events, state)
    if state.countries:
        wanted = set(state.countries)
        mask &= events["countries"].map(lambda codes: bool(wanted.intersection(codes)))
    return events[mask].sort_values("date", kind="stable")


def _events_by_date(ds: Dataset) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The dataset's events sorted by date, and for each country code which of those rows name
    it; once per dataset (sorting the whole frame on every rerun cost more than filtering it)."""

    def build():
        events = ds.events.sort_values("date", kind="stable")
        named: dict[str, list[int]] = {}
        for position, codes in enumerate(events["countries"].tolist()):
            for code in codes:
                named.setdefault(code, []).append(position)
        masks = {}
        for code, positions in named.items():
            masks[code] = np.zeros(len(events), dtype=bool)
            masks[code][positions] = True
        return events, masks

    return ds.derived("events_by_date", build)


def events_in_view(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """``filter_events(ds.events, state)``, the same rows in the same order, from the
    dataset's events sorted once (a stable sort then a filter keeps what a filter then a
    stable sort keeps)."""
    events, mask = events_mask(ds, state)
    return events[mask]


def events_mask(ds: Dataset, state: FilterState) -> tuple[pd.DataFrame, np.ndarray]:
    """The dataset's events sorted by date, and which of them the view shows."""
    events, masks = _events_by_date(ds)
    mask = in_period(events, state).to_numpy()
    if state.countries:
        named = np.zeros(len(events), dtype=bool)
        for code in set(state.countries):
            if code in masks:
                named |= masks[code]
        mask = mask & named
    return events, mask


def naming_a_resolution(events: pd.DataFrame) -> pd.DataFrame:
    """The events' dates and resolutions, only of the rows that name one: the chart's lines and
    the text alternative read these few rows, not a date per row of the view (~130 ms at 100x)."""
    # An object column's astype(bool) is each tuple's truth, taken in C: half a list's cost.
    return events.loc[events["resolution"].astype(bool).to_numpy(), ["date", "resolution"]]


def filter_by_country(frame: pd.DataFrame, column: str, state: FilterState, *, period: bool = True) -> pd.DataFrame:
    mask = in_period(frame, state) if period else pd.Series(True, index=frame.index)
    if state.countries:
        mask &= frame[column].isin(state.countries)
    return frame[mask].sort_values("date", kind="stable")


def up_to(frame: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    return frame[frame["date"] <= pd.Timestamp(day)]


def phase_on(ds: Dataset, day: dt.date) -> pd.Series | None:
    """The mission phase (a row of phases.csv) in force on a day, or None before the MSS."""
    when = pd.Timestamp(day)
    phases = ds.phases.sort_values("start")
    for position, phase in enumerate(rows(phases)):
        if phase.start <= when and (pd.isna(phase.end) or when <= phase.end):
            return phases.iloc[position]
    return None


def records(ds: Dataset, name: str) -> list[dict]:
    """A small fact table as plain dicts, once per dataset (filtering dicts is faster than
    filtering a DataFrame on every rerun)."""
    return ds.derived(f"records:{name}", lambda: getattr(ds, name).to_dict("records"))


# ---------------------------------------------------------------------------------------
# What is new since a link: rows whose ``added`` date is after the link's data version
# ---------------------------------------------------------------------------------------
# Each fact table, the column that says which countries a row is about (None: mission-wide),
# and the id that names a row.
FACT_VIEWS = {
    "events": ("countries", "event_id"),
    "contributions": ("country", "entry_id"),
    "strength": (None, "report_id"),
    "funding": ("donor", "entry_id"),
    "trust_fund": (None, "entry_id"),
}


def data_version(ds: Dataset) -> dt.date:
    """The newest ``added`` date of any fact row: the version a pinned link carries."""
    return ds.data_version.date()


def view_bounds(ds: Dataset) -> Bounds:
    """What a view can range over in ``ds``: its dates, the countries it names (those with
    personnel or money rows, or named by an event), its data version. Once per dataset."""

    def build() -> Bounds:
        codes = (
            set(ds.contributions["country"])
            | set(ds.funding["donor"])
            | {c for codes in ds.events["countries"] for c in codes}
        )
        return Bounds(ds.first_date.date(), ds.as_of.date(), frozenset(codes), version=data_version(ds))

    return ds.derived("view_bounds", build)


def facts_in_view(ds: Dataset, state: FilterState) -> dict[str, pd.DataFrame]:
    """Each fact table's rows that the view covers: in its period and, for rows about
    countries, about one of its countries (mission-wide rows count for every country)."""
    frames = {}
    for name, (country_column, _id) in FACT_VIEWS.items():
        frame = getattr(ds, name)
        if name == "events":
            frames[name] = events_in_view(ds, state)
        elif country_column is None:
            frames[name] = frame[in_period(frame, state)]
        else:
            frames[name] = filter_by_country(frame, country_column, state)
    return frames


def is_new(frame: pd.DataFrame, version: dt.date | None) -> pd.Series:
    """Whether each row entered the dataset after ``version`` (all False without one)."""
    if version is None or "added" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["added"] > pd.Timestamp(version)


def rows_added_since(ds: Dataset, version: dt.date, state: FilterState) -> dict[str, pd.DataFrame]:
    """The fact rows of the view that entered the dataset after ``version``, by table (every
    table is a key, empty when nothing is new)."""
    return {name: frame[is_new(frame, version)] for name, frame in facts_in_view(ds, state).items()}


def count_added_since(ds: Dataset, version: dt.date, state: FilterState) -> int:
    return sum(len(frame) for frame in rows_added_since(ds, version, state).values())


def new_ids(ds: Dataset, version: dt.date | None) -> frozenset[str]:
    """The ids of every fact row added after ``version``, whatever the view (for marking rows
    in tables built from several tables' rows, such as the headcount series)."""
    if version is None:
        return frozenset()
    return frozenset(
        i
        for name, (_c, id_column) in FACT_VIEWS.items()
        for i in getattr(ds, name).loc[lambda f: is_new(f, version), id_column]
    )


def mission_focus(ds: Dataset, state: FilterState, first: dt.date) -> pd.Timestamp | None:
    """Where a phone's timeline starts when the view's start is the data's first date
    (``first``): at the first event on or after the first offer or pledge to the mission, from
    which its events come thick and fast (before it, a few years of sparse context). None when
    the filters chose a start, or when nothing would be left out."""
    if state.start != first or ds.contributions.empty:
        return None
    offered = ds.contributions["date"].min()
    after = ds.events.loc[ds.events["date"] >= offered, "date"]
    focus = after.min() if not after.empty else offered
    return focus if focus > pd.Timestamp(state.start) else None


def on_day(ds: Dataset, name: str, day, build):
    """``build()``, a value that depends on the data and one day only (not on the chosen
    countries), kept with the dataset per day: a country filter change reuses it."""
    return ds.derived(f"{name}@{pd.Timestamp(day).isoformat()}", build)


def on_period(ds: Dataset, name: str, state: FilterState, build):
    """``build()``, a value that depends on the data and the state's period only (the
    trust fund's chart: the country filter does not change it), kept with the dataset per
    period: a country filter change reuses it. Treat it as read-only."""
    return ds.derived(f"{name}@{pd.Timestamp(state.start).isoformat()}/{pd.Timestamp(state.end).isoformat()}", build)
