"""The dashboard's figures as numbers: what the ledgers add up to for a view, with each
figure's qualifiers, date, confidence and sources. No wording and no i18n here: labels,
sentences, alt text and captions are ``components/wording.py`` and ``components/alt_text.py``,
which word these results (one computation, many words).

Disputed figures are carried as ranges. Rows that share a ``dispute_id`` are competing
versions of one fact, so an aggregate keeps both ends: ``Range(low, high)``. A figure is never
silently reduced to one of the versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from components import ledger
from components.data import Dataset
from components.ledger import ZERO, Range
from components.url_state import FilterState
from components.views import as_records, dict_rows, events_mask, on_day, phase_on, records

STALE_AFTER_DAYS = 120  # a per-country figure older than this, at the view's end date, is flagged


# ---------------------------------------------------------------------------------------
# Mission-wide figures, as of a day
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """A number as of a day, with where it came from and how sure its source is.

    ``value`` keeps each end's qualifier; ``confidence`` is the weakest of the rows behind it;
    ``newer_weaker`` is a later report that the headline rule passed over (see ``headline``)."""

    value: Range
    date: pd.Timestamp
    source_ids: tuple[str, ...]
    confidence: str = "high"
    measure: str = ""
    newer_weaker: Figure | None = None

    @property
    def disputed(self) -> bool:
        return self.value.disputed

    @property
    def qualifier(self) -> str:
        return self.value.qualifier


def _figure_of(records: list[dict], column: str) -> Figure:
    """The latest report among ``records``; if it is disputed, the range of its dispute's rows."""
    newest = max(row["date"] for row in records)
    latest = [row for row in records if row["date"] == newest]
    dispute_ids = {row["dispute_id"] for row in latest} - {""}
    if dispute_ids:
        latest = [row for row in records if row["dispute_id"] in dispute_ids or row["date"] == newest]
    return Figure(
        ledger.range_of(latest, column),
        max(row["date"] for row in latest),
        tuple(dict.fromkeys(s for row in latest for s in row["source_ids"])),
        ledger.weakest(latest),
        latest[-1].get("measure", ""),
    )


def headline(rows: pd.DataFrame | list[dict], column: str) -> Figure | None:
    """Which report becomes a headline: the latest report of high or medium confidence. A
    low-confidence report is the headline only when nothing better exists (and then says so,
    through ``confidence``); a later low-confidence report is kept as ``newer_weaker`` so the
    page can mention it. The rule is documented in data/README.md."""
    records = dict_rows(rows) if isinstance(rows, pd.DataFrame) else rows
    records = [row for row in records if not pd.isna(row[column])]
    if not records:
        return None
    solid = [row for row in records if row["confidence"] != "low"]
    if not solid:
        return _figure_of(records, column)
    best = _figure_of(solid, column)
    newer = [row for row in records if row["date"] > best.date and row["confidence"] == "low"]
    return replace(best, newer_weaker=_figure_of(newer, column)) if newer else best


def mission_strength(ds: Dataset, day: dt.date) -> Figure | None:
    when = pd.Timestamp(day)
    return on_day(
        ds,
        "mission_strength",
        when,
        lambda: headline([row for row in records(ds, "strength") if row["date"] <= when], "personnel"),
    )


def trust_fund_figure(ds: Dataset, day: dt.date, measures: tuple[str, ...]) -> Figure | None:
    when = pd.Timestamp(day)
    return on_day(
        ds,
        f"trust_fund_figure:{','.join(measures)}",
        when,
        lambda: headline(
            [row for row in records(ds, "trust_fund") if row["date"] <= when and row["measure"] in measures],
            "amount_usd",
        ),
    )


# ---------------------------------------------------------------------------------------
# Per country (the pledge ledger, as of a day): see components/ledger.py
# ---------------------------------------------------------------------------------------
# The columns of ``country_figures``: numbers, dates and ids only (the words are added by
# ``wording.country_table``).
COUNTRY_FIGURE_COLUMNS = [
    "iso3",
    "status",
    "pledged_low",
    "pledged_high",
    "largest_pledge_low",
    "largest_pledge_high",
    "pledge_sources",
    "arrived_low",
    "arrived_high",
    "in_haiti_low",
    "in_haiti_high",
    "in_haiti_date",
    "in_haiti_confidence",
    "unnumbered_departure",
    "announced",
    "notified",
    "first_arrival",
    "withdrawn_or_suspended",
    "latest_figure_date",
    "latest_figure_sources",
    "disputed",
    "casualties",
    "entries",
    "pledged_range",
    "largest_pledge_range",
    "arrived_range",
    "rotated_in_range",
    "in_haiti_range",
]


def country_statuses(ds: Dataset, state: FilterState) -> dict[str, ledger.CountryStatus]:
    """iso3 -> what the ledger says about the country as of the state's end date, for the
    chosen countries (every country with a row when none is chosen)."""
    # Every country's status on the end date is worked out once per day and kept with the
    # dataset (a country's status does not depend on which others are chosen), so a country
    # filter change only picks from it.
    wanted = set(state.countries)
    return {iso3: status for iso3, status in _statuses_on(ds, state.end).items() if not wanted or iso3 in wanted}


def _statuses_on(ds: Dataset, day) -> dict[str, ledger.CountryStatus]:
    """iso3 -> the ledger's status on ``day``, for every country with a row by then (read-only)."""
    when = pd.Timestamp(day)

    def build() -> dict[str, ledger.CountryStatus]:
        # The ledger's rows as plain dicts, kept once per dataset: converting the frame on
        # every rerun cost more than the ledger arithmetic itself at 100x the data.
        by_country: dict[str, list[dict]] = {}
        for row in records(ds, "contributions"):
            if row["date"] <= when:
                by_country.setdefault(row["country"], []).append(row)
        return {iso3: ledger.country_status(rows, iso3) for iso3, rows in sorted(by_country.items())}

    return on_day(ds, "country_statuses", when, build)


def _country_record(s: ledger.CountryStatus) -> dict:
    return {
        "iso3": s.iso3,
        "status": s.status,
        "pledged_low": s.pledged.low if s.pledged else None,
        "pledged_high": s.pledged.high if s.pledged else None,
        "largest_pledge_low": s.largest_pledge.low if s.largest_pledge else None,
        "largest_pledge_high": s.largest_pledge.high if s.largest_pledge else None,
        "pledge_sources": s.pledge_sources,
        "arrived_low": s.arrived.low,
        "arrived_high": s.arrived.high,
        "in_haiti_low": s.in_haiti.low,
        "in_haiti_high": s.in_haiti.high,
        "in_haiti_date": s.in_haiti_date,
        "in_haiti_confidence": s.in_haiti_confidence,
        "unnumbered_departure": s.unnumbered_departure,
        "announced": s.stage_dates.get("pledge"),
        "notified": s.stage_dates.get("notification"),
        "first_arrival": s.stage_dates.get("arrival"),
        "withdrawn_or_suspended": s.stage_dates.get("departure"),
        "latest_figure_date": s.in_haiti_date,
        "latest_figure_sources": s.in_haiti_sources,
        "disputed": s.disputed,
        "casualties": s.casualties,
        "entries": len(s.entry_ids),
        # The amounts themselves, qualifiers included, for totals across countries and words.
        "pledged_range": s.pledged,  # all pledges (additional pledges added)
        "largest_pledge_range": s.largest_pledge,
        "arrived_range": s.arrived,
        "rotated_in_range": s.rotated_in,
        "in_haiti_range": s.in_haiti,
    }


def country_figures(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """One row per country in the ledger, as of the state's end date, for the chosen
    countries: numbers (low and high ends, and the ranges with their qualifiers), dates and
    sources; the largest headcounts first."""
    return figures_of(country_statuses(ds, state).values())


def figures_of(statuses) -> pd.DataFrame:
    """``country_figures``' table from ledger statuses (``ledger.CountryStatus``)."""
    rows = [_country_record(status) for status in statuses]
    table = pd.DataFrame.from_records(rows, columns=COUNTRY_FIGURE_COLUMNS)
    order = ["in_haiti_high", "pledged_high"]
    return table.sort_values(order, ascending=False, na_position="last", kind="stable").reset_index(drop=True)


# Statuses drawn as bars on the Pledges chart; the others are listed under it.
CHARTED_STATUSES = ledger.PLEDGING_STATUSES


def pledging_countries(table):
    """The countries that pledged or notified personnel (deployed and withdrawn included): the
    rows of a DataFrame, or of a list of row dicts (``views.as_records``)."""
    if isinstance(table, list):
        return [r for r in table if r["status"] in CHARTED_STATUSES]
    return table[table["status"].isin(CHARTED_STATUSES)]


def has_bar(table: pd.DataFrame, measures) -> pd.Series:
    """Whether each row of ``table`` has something to draw: a number above 0 in one of the
    ``measures`` (their ``<measure>_high`` columns). A chart draws these rows only; the others
    are named under it."""
    return pd.Series([row_has_bar(r, measures) for r in dict_rows(table)], index=table.index, dtype=bool)


def row_has_bar(row: dict, measures) -> bool:
    """``has_bar`` for one row (a dict)."""
    return any(number_or_zero(row[f"{measure}_high"]) > 0 for measure in measures)


def number_or_zero(value) -> float:
    """A cell's number as a float; 0 for a missing one (None, NaN, NA)."""
    return 0.0 if value is None or pd.isna(value) else float(value)


PLEDGE_BARS = ("pledged", "arrived", "in_haiti")


def pledges_differ(table) -> list[dict]:
    """The rows whose pledges in all (``pledged_range``) differ from their largest single pledge
    (``largest_pledge_range``): a later additional pledge added to the first."""
    return [
        r
        for r in as_records(table)
        if r["pledged_range"] is not None
        and r["largest_pledge_range"] is not None
        and r["pledged_range"] != r["largest_pledge_range"]
    ]


def is_stale(in_haiti_date: pd.Timestamp | None, day: dt.date) -> bool:
    """Whether a per-country figure is older than ``STALE_AFTER_DAYS`` at ``day``."""
    return (
        in_haiti_date is not None
        and not pd.isna(in_haiti_date)
        and (pd.Timestamp(day) - in_haiti_date).days > STALE_AFTER_DAYS
    )


@dataclass(frozen=True)
class AboveMissionWide:
    """A country whose ledger estimate is above the mission-wide headcount of the same view:
    the two come from different reports (``country_date`` against ``strength.date``)."""

    iso3: str
    country_value: Range
    country_date: pd.Timestamp
    country_sources: tuple[str, ...]
    strength: Figure


def above_mission_wide(table: pd.DataFrame, strength: Figure | None) -> list[AboveMissionWide]:
    """The countries of ``table`` (``country_figures``) whose estimate in Haiti can be above the
    mission-wide headcount ``strength``: possible only because the two figures come from
    different reports, of different dates, which the page must say."""
    if strength is None:
        return []
    above = []
    for row in as_records(table):
        value = row["in_haiti_range"]
        if row["status"] == "deployed" and value is not None and value.high > strength.value.high:
            above.append(
                AboveMissionWide(
                    row["iso3"], value, row["in_haiti_date"], tuple(row["latest_figure_sources"]), strength
                )
            )
    return above


# ---------------------------------------------------------------------------------------
# The headline figures of a view
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    day: dt.date
    phase: pd.Series | None
    strength: Figure | None
    selected_in_haiti: Range | None
    selected_as_of: pd.Timestamp | None
    countries_in_haiti: int
    countries_pledged: int
    pledged_personnel: Range
    tf_received: Figure | None
    tf_pledged: Figure | None
    events_in_period: int
    # The chosen countries' personnel in Haiti as a Figure: ``selected_in_haiti`` with the latest
    # report's date, the weakest confidence and the sources of each country's latest figure.
    selected: Figure | None = None


def overview(ds: Dataset, state: FilterState, table: pd.DataFrame | None = None) -> Overview:
    """The headline figures as of the end date; pass ``table`` (``country_figures`` or the
    worded ``country_table``) when the page has already built it."""
    rows = as_records(country_figures(ds, state) if table is None else table)
    pledgers = [r for r in rows if r["status"] in ledger.PLEDGING_STATUSES]
    pledged = sum((r["pledged_range"] for r in pledgers if r["pledged_range"] is not None), ZERO)
    deployed = [r for r in rows if r["status"] == "deployed"]
    selected = sum((r["in_haiti_range"] for r in deployed), ZERO) if state.countries else None
    return Overview(
        day=state.end,
        phase=phase_on(ds, state.end),
        strength=mission_strength(ds, state.end),
        selected_in_haiti=selected,
        selected_as_of=max(r["in_haiti_date"] for r in deployed) if state.countries and deployed else None,
        countries_in_haiti=len(deployed),
        countries_pledged=len(pledgers),
        pledged_personnel=pledged,
        tf_received=trust_fund_figure(ds, state.end, ("tf_received", "tf_raised")),
        tf_pledged=trust_fund_figure(ds, state.end, ("tf_pledged",)),
        events_in_period=int(events_mask(ds, state)[1].sum()),
        selected=_selected_figure(deployed, selected),
    )


def _selected_figure(deployed: list[dict], value: Range | None) -> Figure | None:
    if value is None or not deployed:
        return None
    confidences = [r["in_haiti_confidence"] for r in deployed if isinstance(r["in_haiti_confidence"], str)]
    return Figure(
        value,
        max(r["in_haiti_date"] for r in deployed),
        tuple(dict.fromkeys(s for r in deployed for s in r["latest_figure_sources"])),
        min(confidences, key=ledger.CONFIDENCE_RANK.get) if confidences else "low",
    )


# ---------------------------------------------------------------------------------------
# Money by donor, as of the end date: see components/ledger.py for how totals are computed
# ---------------------------------------------------------------------------------------
DONOR_MEASURES = ("committed", "deposited", "disbursed", "frozen", "claimed")


def donor_figures(ds: Dataset, state: FilterState) -> list[ledger.DonorTotals]:
    """Each donor's totals (``ledger.donor_totals``) as of the end date, for the chosen
    countries, in donor order. A contributor's own costs are no donation: a country with only
    those is not a donor."""
    entries = ledger.donation_rows(up_to_day(records(ds, "funding"), state.end))
    wanted = set(state.countries)
    by_donor: dict[str, list[dict]] = {}
    for row in entries:
        if not wanted or row["donor"] in wanted:
            by_donor.setdefault(row["donor"], []).append(row)
    return [ledger.donor_totals(rows, donor) for donor, rows in sorted(by_donor.items())]


def up_to_day(rows: list[dict], day: dt.date) -> list[dict]:
    when = pd.Timestamp(day)
    return [row for row in rows if row["date"] <= when]


# ---------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------
def exportable(table: pd.DataFrame) -> pd.DataFrame:
    """A table without the columns that hold Python objects (for CSV downloads)."""
    return table.drop(columns=[c for c in table.columns if c.endswith("_range")])
