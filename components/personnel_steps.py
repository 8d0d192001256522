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

import datetime as dt

import pandas as pd

from components import ledger
from components.data import Dataset
from components.url_state import FilterState
from components.views import records

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


def _country_steps(rows: list[dict], iso3: str) -> list[dict]:
    """One country's steps: the ledger's headcount on each day one of its rows takes effect,
    kept when the headcount moves or a fact sets it on that day."""
    rows = sorted(rows, key=lambda row: row["date"])
    steps, previous = [], ledger.ZERO
    for day in dict.fromkeys(row["date"] for row in rows):
        upto = rows[: next((i for i, row in enumerate(rows) if row["date"] > day), len(rows))]
        status = ledger.country_status(upto, iso3)
        set_today = status.in_haiti_date == day
        if status.in_haiti == previous and not set_today:
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
        by_country: dict[str, list[dict]] = {}
        for row in records(ds, "contributions"):
            by_country.setdefault(row["country"], []).append(row)
        steps = [step for iso3, rows in by_country.items() for step in _country_steps(rows, iso3)]
        return sorted(steps, key=lambda step: (step["date"], step["iso3"]))

    return ds.derived("personnel_steps", build)


def personnel_steps(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """The steps up to the view's end date (the "as of" date), for the chosen countries (all
    when none is chosen), one row per (date, country): ``STEP_COLUMNS``. Steps before the
    view's start stay in: they give the headcount the period starts with."""
    when, wanted = pd.Timestamp(state.end), set(state.countries)
    rows = [step for step in all_steps(ds) if step["date"] <= when and (not wanted or step["iso3"] in wanted)]
    return pd.DataFrame.from_records(rows, columns=STEP_COLUMNS)


def latest_by_country(steps: pd.DataFrame) -> dict[str, ledger.Range]:
    """Each country's headcount after its last step (the ledger's figure at the end date)."""
    return {row["iso3"]: row["range"] for row in steps.to_dict("records")}


def ceilings(ds: Dataset, end: dt.date) -> list[dict]:
    """The authorised ceilings of the mission's phases (phases.csv) up to ``end``: phase,
    from, to (the phase's end or ``end``), ceiling, resolutions and sources."""
    when = pd.Timestamp(end)
    result = []
    for phase in ds.phases.sort_values("start").to_dict("records"):
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
