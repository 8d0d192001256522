"""What the ledgers add up to, computed from what each row *is*.

Personnel (``contributions.csv``): a pledge or a formal notification states a country's total
offer, so its pledge is the largest one (never a sum), and an ``additional_pledge`` ("600 more")
adds to it; arrivals add up; a rotation in and its
rotation out change the headcount, not the arrivals; a departure lowers the headcount; a
reported headcount replaces the running estimate. Money (``funding.csv``): commitments and
deposits add up, but a ``commitment_total`` or ``deposit_total`` restates the running total and
replaces it, so a restated total is never added to its parts; a donor's ``claimed_total`` is
shown, never added; a contributor's ``own_cost`` (what it spent on its own deployment) is no
donation and is left out of every donor total. A row named in another row's ``supersedes`` is left out from that row's
date on. Rows that share a ``dispute_id`` are one fact with several versions: they count once,
as a range.

Every quantity is a ``Range`` (components/amounts.py): a low and a high end, each with the
source's qualifier ("about", "at least", "at most"), so that a figure keeps its wording
wherever it is shown. Numbers only: no wording and no i18n here (the words for statuses and
totals are components/wording.py). No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.amounts import ZERO, Range

CONFIDENCE_RANK = {"high": 2, "medium": 1, "low": 0}


# ---------------------------------------------------------------------------------------
# Rows as facts
# ---------------------------------------------------------------------------------------
def has_number(value) -> bool:
    """Whether a typed cell holds a number (not None, NaN or NA). The one test of "this row
    gives a number" that the totals and the validator's rules share."""
    return value is not None and not pd.isna(value)


def live_rows(rows: list[dict], id_column: str) -> list[dict]:
    """Rows not superseded by a later row among ``rows`` (rows already cut at the view's day)."""
    superseded = {old for row in rows for old in (row.get("supersedes") or ())}
    return [row for row in rows if row[id_column] not in superseded]


def fact_groups(rows: list[dict], id_column: str) -> list[list[dict]]:
    """Sets of rows that state one fact: rows sharing a dispute_id form one group."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["dispute_id"] or "row:" + row[id_column], []).append(row)
    return list(groups.values())


def range_of(group: list[dict], column: str) -> Range | None:
    """The versions of one fact as a range, each end keeping its own qualifier."""
    values = [(float(row[column]), row.get("qualifier") or "exact") for row in group if has_number(row[column])]
    if not values:
        return None
    low = min(values, key=lambda v: (v[0], v[1] != "at_least"))
    high = max(values, key=lambda v: (v[0], v[1] == "at_least"))
    return Range(round(low[0]), round(high[0]), low[1], high[1])


def weakest(group: list[dict]) -> str:
    return min((row["confidence"] for row in group), key=CONFIDENCE_RANK.get)


# ---------------------------------------------------------------------------------------
# Personnel: one country's ledger as of a day
# ---------------------------------------------------------------------------------------
HEADCOUNT_STEPS = {"arrival": 0, "rotation_in": 0, "rotation_out": 1, "departure": 1, "strength": 2}
# Within one day, movements are applied before a headcount report, which then replaces the
# running estimate: a reported headcount is better than our own arithmetic.

STATUSES = ("deployed", "withdrawn", "notified", "pledged", "support", "considering")
# Statuses that count as "a country that pledged personnel".
PLEDGING_STATUSES = ("deployed", "withdrawn", "notified", "pledged")


@dataclass
class CountryStatus:
    iso3: str
    status: str = "considering"
    pledged: Range | None = None  # all pledges: the largest total pledge plus additional pledges
    largest_pledge: Range | None = None  # the largest single pledge (a total or an additional one)
    pledge_sources: tuple[str, ...] = ()  # the sources of the pledges counted in ``pledged``
    arrived: Range = ZERO
    rotated_in: Range = ZERO
    in_haiti: Range = ZERO
    in_haiti_date: pd.Timestamp | None = None  # the latest row that set or moved the headcount
    in_haiti_confidence: str | None = None
    in_haiti_sources: tuple[str, ...] = ()
    unnumbered_departure: pd.Timestamp | None = None  # a departure after that, of unknown size
    stage_dates: dict[str, pd.Timestamp] = field(default_factory=dict)
    disputed: bool = False
    casualties: int = 0
    entry_ids: tuple[str, ...] = ()


def group_date(group: list[dict], stage: str) -> pd.Timestamp:
    """When one fact (a group of rows sharing a dispute_id) took effect. A disputed movement
    happened once, on the earliest date given for it; a disputed headcount holds from the
    latest report in its group."""
    dates = [row["date"] for row in group]
    return max(dates) if stage == "strength" else min(dates)


def headcount_steps(rows: list[dict]) -> list[tuple[pd.Timestamp, int, str, Range | None, list[dict]]]:
    """The facts that move or set a country's headcount, in the order the ledger applies them:
    (date, order within the day, stage, amount or None, the fact's rows). ``rows``: live rows."""
    steps = []
    for group in fact_groups([row for row in rows if row["stage"] in HEADCOUNT_STEPS], "entry_id"):
        stage = group[0]["stage"]
        steps.append((group_date(group, stage), HEADCOUNT_STEPS[stage], stage, range_of(group, "personnel"), group))
    return sorted(steps, key=lambda step: (step[0], step[1]))


def apply_step(in_haiti: Range, stage: str, amount: Range) -> Range:
    """The headcount after one numbered step."""
    if stage in ("arrival", "rotation_in"):
        return in_haiti + amount
    if stage in ("rotation_out", "departure"):
        return in_haiti - amount
    return amount


def _headcount(rows: list[dict], result: CountryStatus) -> None:
    in_haiti, arrived, rotated = ZERO, ZERO, ZERO
    for when, _order, stage, amount, group in headcount_steps(rows):
        if amount is None:
            if stage in ("departure", "rotation_out") and in_haiti.high > 0:
                result.unnumbered_departure = when  # cannot move the estimate, but must be said
            continue
        if stage == "arrival":
            arrived = arrived + amount
        elif stage == "rotation_in":
            rotated = rotated + amount
        in_haiti = apply_step(in_haiti, stage, amount)
        result.in_haiti_date = when
        result.in_haiti_confidence = weakest(group)
        result.in_haiti_sources = tuple(dict.fromkeys(s for row in group for s in row["source_ids"]))
        result.unnumbered_departure = None  # a later figure takes the earlier departure into account
    result.in_haiti, result.arrived, result.rotated_in = in_haiti, arrived, rotated


def _status(result: CountryStatus, stages: set[str]) -> str:
    if result.in_haiti.high > 0:
        return "deployed"
    if stages & {"departure", "suspension", "rotation_out"} or result.arrived.high > 0:
        return "withdrawn"
    for stage, status in (("notification", "notified"), ("pledge", "pledged"), ("support", "support")):
        if stage in stages or (stage == "pledge" and "additional_pledge" in stages):
            return status
    return "considering"


OFFER_STAGES = ("pledge", "notification")  # each states the country's whole offer
ADDED_STAGES = ("additional_pledge",)  # "600 more": adds to the offer


def _pledge_facts(rows: list[dict], stages: tuple[str, ...]) -> list[tuple[Range, tuple[str, ...]]]:
    """Each numbered pledge fact among ``rows`` of ``stages``: its amount and its sources."""
    offers = [row for row in rows if row["stage"] in stages]
    return [(r, _sources(g)) for g in fact_groups(offers, "entry_id") if (r := range_of(g, "personnel"))]


def _largest(pledges: list[Range]) -> Range | None:
    if not pledges:
        return None
    largest = max(pledges, key=lambda p: p.high)
    most_low = max(pledges, key=lambda p: p.low)
    return Range(most_low.low, largest.high, most_low.low_qualifier, largest.high_qualifier)


def largest_pledge(rows: list[dict]) -> Range | None:
    """A country's largest single pledge: the largest of its pledges, notifications and
    additional pledges, each taken alone; None if none gives a number."""
    return _largest([r for r, _ in _pledge_facts(rows, OFFER_STAGES + ADDED_STAGES)])


def all_pledges(rows: list[dict]) -> tuple[Range | None, tuple[str, ...]]:
    """A country's pledges in all: its largest total pledge or notification (restatements of one
    offer are never added up) plus every additional pledge; None if none gives a number. With
    the sources of the pledges counted."""
    offers = _pledge_facts(rows, OFFER_STAGES)
    added = _pledge_facts(rows, ADDED_STAGES)
    total = _largest([r for r, _ in offers])
    if total is None and not added:
        return None, ()
    # The sources of the offers that reach the total's high end, and of every additional pledge.
    counted = [ids for r, ids in offers if total is not None and r.high == total.high] + [ids for _, ids in added]
    return sum((r for r, _ in added), total or ZERO), tuple(dict.fromkeys(s for ids in counted for s in ids))


def country_status(rows: list[dict], iso3: str) -> CountryStatus:
    """Everything the ledger says about one country, from its rows up to a day."""
    result = CountryStatus(iso3)
    if not rows:
        return result
    rows = live_rows(rows, "entry_id")
    result.pledged, result.pledge_sources = all_pledges(rows)
    result.largest_pledge = largest_pledge(rows)
    _headcount(rows, result)
    for stage in ("offer", "pledge", "notification", "arrival"):
        dates = [row["date"] for row in rows if row["stage"] == stage]
        if dates:
            result.stage_dates[stage] = min(dates)
    ended = [row["date"] for row in rows if row["stage"] in ("departure", "suspension")]
    if ended:
        result.stage_dates["departure"] = max(ended)
    result.disputed = any(row["dispute_id"] for row in rows)
    casualties = [row["personnel"] for row in rows if row["stage"] == "casualty" and has_number(row["personnel"])]
    result.casualties = sum(int(number) for number in casualties)
    result.entry_ids = tuple(row["entry_id"] for row in rows)
    result.status = _status(result, {row["stage"] for row in rows})
    return result


# ---------------------------------------------------------------------------------------
# Money: one donor's ledger as of a day
# ---------------------------------------------------------------------------------------
_RUNNING = {
    "commitment": ("committed", False),
    "commitment_total": ("committed", True),
    "deposit": ("deposited", False),
    "deposit_total": ("deposited", True),
    "disbursement": ("disbursed", False),
    "freeze": ("frozen", False),
}


# Money rows that are not a donation: a contributing country's spending on its own deployment
# (to be reimbursed, or not). Listed with the rows, never in a donor's totals.
NOT_DONATIONS = ("own_cost",)


def donation_rows(rows: list[dict]) -> list[dict]:
    """The money rows that are donations (every flow but ``NOT_DONATIONS``)."""
    return [row for row in rows if row["flow"] not in NOT_DONATIONS]


@dataclass
class DonorTotals:
    donor: str
    committed: Range | None = None
    deposited: Range | None = None
    disbursed: Range | None = None
    frozen: Range | None = None
    claimed: Range | None = None
    in_kind: tuple[str, ...] = ()
    not_in_usd: dict[str, int] = field(default_factory=dict)  # measure -> rows with no US$ figure
    disputed: bool = False
    entry_ids: tuple[str, ...] = ()
    # Where each running total was last moved: measure -> (date, source ids).
    last_moved: dict[str, tuple[pd.Timestamp, tuple[str, ...]]] = field(default_factory=dict)
    # The part of ``committed`` given to the UN trust fund (rows whose channel is trust_fund),
    # to be read beside ``deposited``: a commitment to the fund is not a deposit.
    trust_fund_committed: Range | None = None
    # Every live row's sources, and the latest live row's date: where the totals come from.
    source_ids: tuple[str, ...] = ()
    latest_date: pd.Timestamp | None = None


def money_facts(rows: list[dict]) -> list[list[dict]]:
    """A donor's live money facts (a group of rows sharing a dispute_id is one fact), in the
    order the ledger applies them: by the earliest date of each fact."""
    return sorted(fact_groups(live_rows(rows, "entry_id"), "entry_id"), key=lambda g: min(row["date"] for row in g))


def running_step(flow: str) -> tuple[str, bool] | None:
    """(the running total a flow moves, whether it restates that total) or None."""
    return _RUNNING.get(flow)


def moved(current: Range | None, amount: Range, restates: bool) -> Range:
    """A running total after one fact: a restated total replaces it, anything else adds."""
    return amount if restates or current is None else current + amount


def _sources(group: list[dict]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for row in group for s in row["source_ids"]))


def donor_totals(rows: list[dict], donor: str) -> DonorTotals:
    """A donor's totals in US dollars (only amounts the sources give in US dollars)."""
    result = DonorTotals(donor)
    rows = donation_rows(rows)
    for group in money_facts(rows):
        flow = group[0]["flow"]
        if flow == "in_kind":
            # A dispute's versions are one delivery: its items are listed once, unless the
            # versions name different items.
            result.in_kind += tuple(dict.fromkeys(row["items"] for row in group if row["items"]))
            continue
        amount = range_of(group, "amount_usd")
        if flow == "claimed_total":
            result.claimed = amount or result.claimed
            continue
        step = running_step(flow)
        if step is None:
            continue  # a cut: shown in the table; its size is never subtracted from a guess
        measure, restates = step
        if amount is None:
            if any(has_number(row["amount"]) for row in group):
                result.not_in_usd[measure] = result.not_in_usd.get(measure, 0) + 1
            continue
        setattr(result, measure, moved(getattr(result, measure), amount, restates))
        result.last_moved[measure] = (max(row["date"] for row in group), _sources(group))
        if measure == "committed" and group[0].get("channel") == "trust_fund":
            result.trust_fund_committed = moved(result.trust_fund_committed, amount, restates)
            result.last_moved["trust_fund_committed"] = result.last_moved[measure]
    live = live_rows(rows, "entry_id")
    result.disputed = any(row["dispute_id"] for row in live)
    result.entry_ids = tuple(row["entry_id"] for row in live)
    result.source_ids = _sources(live)
    result.latest_date = max((row["date"] for row in live), default=None)
    return result
