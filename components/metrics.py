"""Filtering and aggregation: plain functions over the dataset's DataFrames.

Disputed figures are carried as ranges. Rows that share a ``dispute_id`` are competing
versions of one fact, so an aggregate keeps both ends: ``Range(low, high)``. A figure is never
silently reduced to one of the versions.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import namedtuple
from dataclasses import dataclass, field

import pandas as pd

from components.data import Dataset
from components.url_state import FilterState

STATUS_LABELS = {"in_haiti": "Personnel in Haiti", "pledged": "Pledged only", "withdrawn": "Withdrawn or suspended"}


@functools.lru_cache(maxsize=64)
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns)


def rows(frame: pd.DataFrame) -> list:
    """The frame's rows as namedtuples. ``DataFrame.itertuples`` on pandas 3 goes column by
    column through the indexer and costs ~1.5 ms per call even on 90 rows; pages call it on
    every rerun, so this plain-list version is on the hot path."""
    row_type = _row_type(tuple(frame.columns))
    return [row_type(*values) for values in zip(*(frame[c].tolist() for c in frame.columns))] if len(frame.columns) else []


# ---------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Range:
    low: int
    high: int

    @property
    def disputed(self) -> bool:
        return self.low != self.high

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Range) -> Range:
        return Range(max(self.low - other.high, 0), max(self.high - other.low, 0))

    def label(self) -> str:
        return f"{self.low:,}" if not self.disputed else f"{self.low:,}–{self.high:,}"


ZERO = Range(0, 0)


def _groups(rows: list[dict]) -> list[list[dict]]:
    """Sets of rows that state one fact: rows sharing a dispute_id form one group."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["dispute_id"] or "row:" + row["entry_id"], []).append(row)
    return list(groups.values())


def _range_of(group: list[dict]) -> Range | None:
    values = [int(row["personnel"]) for row in group if not pd.isna(row["personnel"])]
    return Range(min(values), max(values)) if values else None


# ---------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------
def _in_period(frame: pd.DataFrame, state: FilterState) -> pd.Series:
    return (frame["date"] >= pd.Timestamp(state.start)) & (frame["date"] <= pd.Timestamp(state.end))


def filter_events(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    mask = _in_period(events, state)
    if state.countries:
        wanted = set(state.countries)
        mask &= events["countries"].map(lambda codes: bool(wanted.intersection(codes)))
    return events[mask].sort_values("date", kind="stable")


def filter_by_country(frame: pd.DataFrame, column: str, state: FilterState, *, period: bool = True) -> pd.DataFrame:
    mask = _in_period(frame, state) if period else pd.Series(True, index=frame.index)
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


# ---------------------------------------------------------------------------------------
# Per-country status (the pledge ledger, as of a day)
# ---------------------------------------------------------------------------------------
# Within one day, arrivals and departures are applied before a headcount report, which then
# replaces the running estimate: a reported headcount is better than our own arithmetic.
STEP_ORDER = {"arrival": 0, "withdrawal": 1, "strength": 2}


@dataclass
class CountryStatus:
    iso3: str
    pledged: Range | None = None
    arrived: Range = ZERO
    in_haiti: Range = ZERO
    status: str = "pledged"
    stage_dates: dict[str, pd.Timestamp] = field(default_factory=dict)
    latest_figure_date: pd.Timestamp | None = None
    latest_figure_sources: tuple[str, ...] = ()
    disputed: bool = False
    casualties: int = 0
    entry_ids: tuple[str, ...] = ()


def _estimate_in_haiti(rows: list[dict]) -> tuple[Range, Range]:
    """Running headcount from arrivals, departures and reported strength."""
    steps = []
    for group in _groups([row for row in rows if row["stage"] in STEP_ORDER]):
        amount = _range_of(group)
        if amount is None:
            continue  # e.g. "drawdown announced" with no number: cannot move the estimate
        stage = group[0]["stage"]
        # A disputed movement happened once, on the earliest date given for it; a disputed
        # headcount holds from the latest report in its group.
        dates = [row["date"] for row in group]
        steps.append((max(dates) if stage == "strength" else min(dates), STEP_ORDER[stage], stage, amount))
    in_haiti, arrived = ZERO, ZERO
    for _, _, stage, amount in sorted(steps, key=lambda step: (step[0], step[1])):
        if stage == "arrival":
            in_haiti, arrived = in_haiti + amount, arrived + amount
        elif stage == "withdrawal":
            in_haiti = in_haiti - amount
        else:
            in_haiti = amount
    return in_haiti, arrived


def country_status(rows: list[dict], iso3: str) -> CountryStatus:
    """Everything the ledger says about one country, from its rows (records) up to a day."""
    result = CountryStatus(iso3)
    if not rows:
        return result
    pledges = [r for g in _groups([row for row in rows if row["stage"] in ("pledge", "notification")]) if (r := _range_of(g))]
    if pledges:
        result.pledged = Range(max(p.low for p in pledges), max(p.high for p in pledges))
    result.in_haiti, result.arrived = _estimate_in_haiti(rows)
    for stage in ("pledge", "notification", "arrival"):
        dates = [row["date"] for row in rows if row["stage"] == stage]
        if dates:
            result.stage_dates[stage] = min(dates)
    ended = [row["date"] for row in rows if row["stage"] in ("withdrawal", "suspension")]
    if ended:
        result.stage_dates["withdrawal"] = max(ended)
    numbered = [row for row in rows if not pd.isna(row["personnel"]) and row["stage"] != "casualty"]
    if numbered:
        result.latest_figure_date = max(row["date"] for row in numbered)
        latest = [row for row in numbered if row["date"] == result.latest_figure_date]
        result.latest_figure_sources = tuple(dict.fromkeys(s for row in latest for s in row["source_ids"]))
    result.disputed = any(row["dispute_id"] for row in rows)
    result.casualties = sum(int(row["personnel"]) for row in rows if row["stage"] == "casualty" and not pd.isna(row["personnel"]))
    result.entry_ids = tuple(row["entry_id"] for row in rows)
    if result.in_haiti.high > 0:
        result.status = "in_haiti"
    elif "withdrawal" in result.stage_dates:
        result.status = "withdrawn"
    return result


def country_table(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """One row per country in the ledger, as of the state's end date, for the chosen countries."""
    ledger = up_to(ds.contributions, state.end)
    if state.countries:
        ledger = ledger[ledger["country"].isin(state.countries)]
    names = ds.countries.set_index("iso3")["name"]
    by_country: dict[str, list[dict]] = {}
    for row in ledger.to_dict("records"):
        by_country.setdefault(row["country"], []).append(row)
    records = []
    for iso3, rows in sorted(by_country.items()):
        s = country_status(rows, iso3)
        records.append(
            {
                "iso3": iso3,
                "country": names.get(iso3, iso3),
                "status": s.status,
                "pledged_low": s.pledged.low if s.pledged else None,
                "pledged_high": s.pledged.high if s.pledged else None,
                "pledged": s.pledged.label() if s.pledged else "number not given",
                "arrived_low": s.arrived.low,
                "arrived_high": s.arrived.high,
                "arrived": s.arrived.label(),
                "in_haiti_low": s.in_haiti.low,
                "in_haiti_high": s.in_haiti.high,
                "in_haiti": s.in_haiti.label(),
                "announced": s.stage_dates.get("pledge"),
                "notified": s.stage_dates.get("notification"),
                "first_arrival": s.stage_dates.get("arrival"),
                "withdrawn_or_suspended": s.stage_dates.get("withdrawal"),
                "latest_figure_date": s.latest_figure_date,
                "latest_figure_sources": s.latest_figure_sources,
                "disputed": s.disputed,
                "casualties": s.casualties,
                "entries": len(s.entry_ids),
            }
        )
    table = pd.DataFrame.from_records(records, columns=COUNTRY_TABLE_COLUMNS)
    return table.sort_values(["in_haiti_high", "pledged_high"], ascending=False, na_position="last", kind="stable").reset_index(drop=True)


COUNTRY_TABLE_COLUMNS = [
    "iso3", "country", "status", "pledged_low", "pledged_high", "pledged", "arrived_low", "arrived_high", "arrived",
    "in_haiti_low", "in_haiti_high", "in_haiti", "announced", "notified", "first_arrival", "withdrawn_or_suspended",
    "latest_figure_date", "latest_figure_sources", "disputed", "casualties", "entries",
]


# ---------------------------------------------------------------------------------------
# Mission-wide figures, as of a day
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """A number as of a day, with where it came from."""

    value: Range
    date: pd.Timestamp
    source_ids: tuple[str, ...]
    qualifier: str = "exact"

    @property
    def disputed(self) -> bool:
        return self.value.disputed


def _latest(rows: pd.DataFrame, column: str) -> Figure | None:
    """The latest reported value; if it is disputed, the range of its dispute's rows."""
    rows = rows[rows[column].notna()]
    if rows.empty:
        return None
    latest = rows[rows["date"] == rows["date"].max()]
    dispute_ids = set(latest["dispute_id"]) - {""}
    if dispute_ids:
        latest = rows[rows["dispute_id"].isin(dispute_ids) | rows.index.isin(latest.index)]
    values = latest[column].astype(float)
    qualifiers = set(latest["qualifier"]) - {"exact"}
    return Figure(
        Range(int(values.min()), int(values.max())),
        latest["date"].max(),
        tuple(dict.fromkeys(s for ids in latest["source_ids"] for s in ids)),
        next(iter(qualifiers)) if len(qualifiers) == 1 else ("exact" if not qualifiers else "about"),
    )


def mission_strength(ds: Dataset, day: dt.date) -> Figure | None:
    return _latest(up_to(ds.strength, day), "personnel")


def trust_fund_figure(ds: Dataset, day: dt.date, measures: tuple[str, ...]) -> Figure | None:
    rows = up_to(ds.trust_fund, day)
    return _latest(rows[rows["measure"].isin(measures)], "amount_usd")


QUALIFIER_WORDS = {"exact": "", "about": "about ", "at_least": "at least ", "at_most": "at most "}


def describe(figure: Figure, unit: str = "", disputed_mark: bool = True) -> str:
    word = QUALIFIER_WORDS.get(figure.qualifier, "")
    return f"{word}{figure.value.label()}{unit}" + (" (disputed)" if figure.disputed and disputed_mark else "")


def money(value: float) -> str:
    if value >= 1e9:
        return f"${value / 1e9:,.1f}bn"
    return f"${value / 1e6:,.1f}m"


def money_range(value: Range) -> str:
    return money(value.low) if not value.disputed else f"{money(value.low)}–{money(value.high)}"


@dataclass(frozen=True)
class Overview:
    day: dt.date
    phase: pd.Series | None
    strength: Figure | None
    selected_in_haiti: Range | None
    countries_in_haiti: int
    countries_pledged: int
    pledged_personnel: Range
    tf_received: Figure | None
    tf_pledged: Figure | None
    events_in_period: int


def overview(ds: Dataset, state: FilterState, table: pd.DataFrame | None = None) -> Overview:
    """The headline figures as of the end date; pass ``table`` (``country_table(ds, state)``)
    when the page has already built it."""
    table = country_table(ds, state) if table is None else table
    pledgers = table[table["pledged_high"].notna() | table["announced"].notna() | table["notified"].notna()]
    pledged = Range(int(table["pledged_low"].fillna(0).sum()), int(table["pledged_high"].fillna(0).sum()))
    selected = Range(int(table["in_haiti_low"].sum()), int(table["in_haiti_high"].sum())) if state.countries else None
    return Overview(
        day=state.end,
        phase=phase_on(ds, state.end),
        strength=mission_strength(ds, state.end),
        selected_in_haiti=selected,
        countries_in_haiti=int((table["status"] == "in_haiti").sum()),
        countries_pledged=len(pledgers),
        pledged_personnel=pledged,
        tf_received=trust_fund_figure(ds, state.end, ("tf_received", "tf_raised")),
        tf_pledged=trust_fund_figure(ds, state.end, ("tf_pledged",)),
        events_in_period=len(filter_events(ds.events, state)),
    )


def summary_text(ds: Dataset, state: FilterState, view: Overview | None = None) -> str:
    """A plain-language summary of the current view; also the charts' text alternative."""
    view = view or overview(ds, state)
    names = ds.countries.set_index("iso3")["name"]
    scope = "all countries" if not state.countries else ", ".join(names.get(c, c) for c in state.countries)
    parts = [f"Between {state.start:%-d %B %Y} and {state.end:%-d %B %Y}, the data holds {view.events_in_period} events for {scope}."]
    if view.phase is None:
        parts.append(f"On {state.end:%-d %B %Y} no mission had been authorised yet.")
    else:
        ceiling = int(view.phase["authorised_ceiling"])
        parts.append(f"On {state.end:%-d %B %Y} the mission in force was the {view.phase['name']} ({view.phase['phase'].upper()}), with an authorised or planned size of {ceiling:,}.")
        if view.strength is not None:
            share = view.strength.value.high / ceiling * 100
            parts.append(f"The latest mission-wide headcount, from {view.strength.date:%-d %B %Y}, was {describe(view.strength)} personnel, at most {share:.0f}% of that size.")
    if view.selected_in_haiti is not None:
        parts.append(f"The contribution ledger puts the selected countries at {view.selected_in_haiti.label()} personnel in Haiti" + (" (disputed)." if view.selected_in_haiti.disputed else "."))
    parts.append(f"{view.countries_in_haiti} of the {view.countries_pledged} countries that had pledged personnel had people in Haiti; their pledges add up to {view.pledged_personnel.label()} personnel" + (" (some pledges are disputed)." if view.pledged_personnel.disputed else "."))
    if view.tf_received is not None:
        parts.append(f"The trust fund had received {money_figure(view.tf_received)} by {view.tf_received.date:%-d %B %Y}.")
    return " ".join(parts)


def money_figure(figure: Figure) -> str:
    word = QUALIFIER_WORDS.get(figure.qualifier, "")
    return f"{word}{money_range(figure.value)}" + (" (disputed)" if figure.disputed else "")


def strength_series(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """Mission-wide headcounts in the period, one row per date with low and high ends."""
    rows = ds.strength[_in_period(ds.strength, state)]
    if rows.empty:
        return pd.DataFrame(columns=["date", "low", "high", "report_ids", "source_ids", "disputed"])
    grouped = rows.groupby("date", sort=True)
    return pd.DataFrame(
        {
            "low": grouped["personnel"].min().astype(int),
            "high": grouped["personnel"].max().astype(int),
            "report_ids": grouped["report_id"].agg(lambda ids: ", ".join(ids)),
            "source_ids": grouped["source_ids"].agg(lambda lists: tuple(dict.fromkeys(s for ids in lists for s in ids))),
            "disputed": grouped["dispute_id"].agg(lambda ids: any(ids)),
        }
    ).reset_index()


def source_lookup(ds: Dataset) -> dict[str, dict]:
    """source_id -> its publisher, title, url, published date and kind (read-only)."""
    return ds.derived("source_lookup", lambda: ds.sources.set_index("source_id")[["publisher", "title", "url", "published", "kind"]].to_dict("index"))


def sources_label(ds_sources: dict[str, dict], source_ids: tuple[str, ...], limit: int = 3) -> str:
    names = list(dict.fromkeys(ds_sources[s]["publisher"] for s in source_ids if s in ds_sources))
    more = len(names) - limit
    return "; ".join(names[:limit]) + (f" and {more} more" if more > 0 else "")


# ---------------------------------------------------------------------------------------
# Text alternatives for charts: what each chart shows, in words (cheap enough for every rerun)
# ---------------------------------------------------------------------------------------
def _period(start: dt.date, end: dt.date) -> str:
    return f"between {start:%-d %B %Y} and {end:%-d %B %Y}"


def events_alt(events: pd.DataFrame, category_labels: dict[str, str], state: FilterState) -> str:
    if events.empty:
        return f"No events {_period(state.start, state.end)} for this selection."
    counts = events["category"].value_counts()
    parts = ", ".join(f"{int(counts[c])} {label}" for c, label in category_labels.items() if c in counts)
    disputed = int(events["dispute_id"].map(bool).sum())
    return f"{len(events)} events {_period(state.start, state.end)}: {parts}" + (f"; {disputed} of them disputed." if disputed else ".")


def strength_alt(series: pd.DataFrame, state: FilterState) -> str:
    if series.empty:
        return f"No mission-wide headcount was reported {_period(state.start, state.end)}."
    first, last = series.iloc[0], series.iloc[-1]

    def figure(row) -> str:
        return f"{row['low']:,}" if row["low"] == row["high"] else f"{row['low']:,} to {row['high']:,} (disputed)"

    return (
        f"Mission-wide personnel in Haiti, reported {len(series)} times {_period(state.start, state.end)}: "
        f"{figure(first)} on {first['date']:%-d %B %Y}, {figure(last)} on {last['date']:%-d %B %Y}."
    )


def trust_fund_alt(trust_fund: pd.DataFrame, measure_labels: dict[str, str], state: FilterState) -> str:
    rows = trust_fund[_in_period(trust_fund, state)]
    if rows.empty:
        return f"No trust-fund figures or cost estimates {_period(state.start, state.end)}."
    latest = []
    for measure, label in measure_labels.items():
        figure = _latest(rows[rows["measure"] == measure], "amount_usd")
        if figure is not None:
            latest.append(f"{label.lower()} {money_figure(figure)} on {figure.date:%-d %B %Y}")
    return f"Trust-fund figures and cost estimates {_period(state.start, state.end)}; the latest: " + "; ".join(latest) + "."
