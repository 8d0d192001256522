"""Each country's personnel in Haiti over time, as the ledger computes it: one step each time a
fact moves or sets a country's headcount (arrivals, rotations, departures, reported
headcounts). Numbers only: no wording, no i18n, no Streamlit (the words are added by
``components/chart_personnel.py`` and the page).

A step is what ``ledger.country_status`` says on that day, from the country's rows up to that
day, so a row that supersedes another takes effect from its own date, as it does everywhere
else; the last step of a country at or before a view's end date is the ledger's figure for
that date (a test holds the two together).
"""

from __future__ import annotations

import bisect
import datetime as dt

import pandas as pd

from components import ledger
from components.data import Dataset
from components.url_state import FilterState
from components.views import dict_rows, records

STEP_COLUMNS = [
    "date",
    "iso3",
    "low",
    "high",
    "range",
    "qualifier",
    "confidence",
    "source_ids",
    "status",
    "disputed",
    "unnumbered_departure",
]


def _country_snapshots(rows: list[dict], iso3: str) -> tuple[list[pd.Timestamp], list[ledger.CountryStatus]]:
    """What the ledger says about one country on each day one of its rows takes effect."""
    days, statuses = [], []
    for day in sorted({row["date"] for row in rows}):
        upto = [row for row in rows if row["date"] <= day]  # in the data's order, as the ledger reads them
        days.append(day)
        statuses.append(ledger.country_status(upto, iso3))
    return days, statuses


def snapshots(ds: Dataset) -> dict[str, tuple[list[pd.Timestamp], list[ledger.CountryStatus]]]:
    """iso3 -> (the days its rows take effect, the ledger's status on each): once per dataset
    (read-only), so the ledger as of any day is a lookup (``statuses_at``)."""

    def build():
        by_country: dict[str, list[dict]] = {}
        for row in records(ds, "contributions"):
            by_country.setdefault(row["country"], []).append(row)
        return {iso3: _country_snapshots(rows, iso3) for iso3, rows in sorted(by_country.items())}

    return ds.derived("ledger_snapshots", build)


def statuses_at(ds: Dataset, day, countries=()) -> dict[str, ledger.CountryStatus]:
    """``figures.country_statuses`` for ``day`` and ``countries`` (all when empty), from the
    snapshots: the same statuses (a test says so), without running the ledger again."""
    when, wanted = pd.Timestamp(day), set(countries)
    result = {}
    for iso3, (days, statuses) in snapshots(ds).items():
        position = bisect.bisect_right(days, when) - 1
        if position >= 0 and (not wanted or iso3 in wanted):
            result[iso3] = statuses[position]
    return result


def _country_steps(iso3: str, days, statuses) -> list[dict]:
    """One country's steps: the days its headcount moves, or a fact sets it."""
    steps, previous = [], ledger.ZERO
    for day, status in zip(days, statuses, strict=True):
        if status.in_haiti == previous and status.in_haiti_date != day:
            continue
        previous = status.in_haiti
        steps.append(
            {
                "date": day,
                "iso3": iso3,
                "low": status.in_haiti.low,
                "high": status.in_haiti.high,
                "range": status.in_haiti,
                "qualifier": status.in_haiti.qualifier,
                "confidence": status.in_haiti_confidence,
                "source_ids": status.in_haiti_sources,
                "status": status.status,
                "disputed": status.in_haiti.disputed,
                "unnumbered_departure": status.unnumbered_departure,
            }
        )
    return steps


def all_steps(ds: Dataset) -> list[dict]:
    """Every country's steps, by date then country (read-only; once per dataset)."""

    def build() -> list[dict]:
        steps = [
            step for iso3, (days, statuses) in snapshots(ds).items() for step in _country_steps(iso3, days, statuses)
        ]
        return sorted(steps, key=lambda step: (step["date"], step["iso3"]))

    return ds.derived("personnel_steps", build)


def months(ds: Dataset) -> list[pd.Timestamp]:
    """The time slider's stops: the last day of each month from the first pledge to the newest
    fact, and the newest fact's day itself (the last stop: a view that follows new data)."""
    pledges = ds.contributions.loc[ds.contributions["stage"] == "pledge", "date"]
    first = pledges.min() if not pledges.empty else ds.first_date
    stops = [day for day in pd.date_range(first, ds.as_of, freq="ME") if day < ds.as_of]
    return [*stops, ds.as_of]


def personnel_steps(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """The steps up to the view's end date (the "as of" date), for the chosen countries (all
    when none is chosen), one row per (date, country): ``STEP_COLUMNS``. Steps before the
    view's start stay in: they give the headcount the period starts with."""
    when, wanted = pd.Timestamp(state.end), set(state.countries)
    rows = [step for step in all_steps(ds) if step["date"] <= when and (not wanted or step["iso3"] in wanted)]
    return pd.DataFrame.from_records(rows, columns=STEP_COLUMNS)


def latest_by_country(steps: pd.DataFrame) -> dict[str, ledger.Range]:
    """Each country's headcount after its last step (the ledger's figure at the end date)."""
    return {row["iso3"]: row["range"] for row in dict_rows(steps)}


def ceilings(ds: Dataset, end: dt.date) -> list[dict]:
    """The authorised ceilings of the mission's phases (phases.csv) up to ``end``: phase,
    from, to (the phase's end or ``end``), ceiling, resolutions and sources."""
    when = pd.Timestamp(end)
    result = []
    phases = ds.derived("phases_by_start", lambda: ds.phases.sort_values("start").to_dict("records"))
    for phase in phases:
        if phase["start"] > when:
            continue
        last = phase["end"] if not pd.isna(phase["end"]) and phase["end"] < when else when
        result.append(
            {
                "phase": phase["phase"],
                "start": phase["start"],
                "end": last,
                "ceiling": int(phase["authorised_ceiling"]),
                "resolutions": phase["resolutions"],
                "source_ids": phase["source_ids"],
            }
        )
    return result
