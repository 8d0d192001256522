"""Filtering and aggregation: plain functions over the dataset's DataFrames.

Disputed figures are carried as ranges. Rows that share a ``dispute_id`` are competing
versions of one fact, so an aggregate keeps both ends: ``Range(low, high)``. A figure is never
silently reduced to one of the versions.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, namedtuple
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from components import i18n, ledger
from components.data import Dataset
from components.i18n import N_, _, ngettext
from components.ledger import QUALIFIER_WORDS, STATUS_LABELS, ZERO, Range, money
from components.url_state import FilterState

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
    events, mask = _events_mask(ds, state)
    return events[mask]


def _events_mask(ds: Dataset, state: FilterState) -> tuple[pd.DataFrame, np.ndarray]:
    """The dataset's events sorted by date, and which of them the view shows."""
    events, masks = _events_by_date(ds)
    mask = _in_period(events, state).to_numpy()
    if state.countries:
        named = np.zeros(len(events), dtype=bool)
        for code in set(state.countries):
            if code in masks:
                named |= masks[code]
        mask = mask & named
    return events, mask


def localized_events(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with ``title`` and ``summary`` in the current language (the ``title_fr`` ...
    columns); where a text is not translated yet, the English one, marked "(in English)"."""
    lang = i18n.get_language()
    if lang == i18n.DEFAULT_LANGUAGE or f"title_{lang}" not in events.columns:
        return events
    mark = _("(in English)")
    localized = {}
    for column in ("title", "summary"):
        translated = events[f"{column}_{lang}"].fillna("")
        localized[column] = [text if text else f"{english} {mark}" for text, english in zip(translated.tolist(), events[column].tolist())]
    return events.assign(**localized)


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
# Per-country status (the pledge ledger, as of a day): see components/ledger.py
# ---------------------------------------------------------------------------------------
STALE_AFTER_DAYS = 120  # a per-country figure older than this, at the view's end date, is flagged


def country_table(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """One row per country in the ledger, as of the state's end date, for the chosen countries."""
    # The ledger's rows as plain dicts, kept once per dataset: converting the frame on every
    # rerun cost more than the ledger arithmetic itself at 100x the data.
    when, wanted = pd.Timestamp(state.end), set(state.countries)
    names = country_names(ds)
    by_country: dict[str, list[dict]] = {}
    for row in _records(ds, "contributions"):
        if row["date"] <= when and (not wanted or row["country"] in wanted):
            by_country.setdefault(row["country"], []).append(row)
    records = []
    for iso3, rows in sorted(by_country.items()):
        s = ledger.country_status(rows, iso3)
        records.append(
            {
                "iso3": iso3,
                "country": names.get(iso3, iso3),
                "status": s.status,
                "pledged_low": s.pledged.low if s.pledged else None,
                "pledged_high": s.pledged.high if s.pledged else None,
                "pledged": s.pledged.label() if s.pledged else _("number not given"),
                "arrived_low": s.arrived.low,
                "arrived_high": s.arrived.high,
                "arrived": s.arrived.label(),
                "rotated_in": s.rotated_in.label(),
                "in_haiti_low": s.in_haiti.low,
                "in_haiti_high": s.in_haiti.high,
                "in_haiti": s.in_haiti.label(),
                "in_haiti_date": s.in_haiti_date,
                "in_haiti_confidence": s.in_haiti_confidence,
                "in_haiti_note": figure_caveat(s, state.end),
                "announced": s.stage_dates.get("pledge"),
                "notified": s.stage_dates.get("notification"),
                "first_arrival": s.stage_dates.get("arrival"),
                "withdrawn_or_suspended": s.stage_dates.get("departure"),
                "latest_figure_date": s.in_haiti_date,
                "latest_figure_sources": s.in_haiti_sources,
                "disputed": s.disputed,
                "casualties": s.casualties,
                "entries": len(s.entry_ids),
                # The amounts themselves, qualifiers included, for totals across countries.
                "pledged_range": s.pledged,
                "in_haiti_range": s.in_haiti,
            }
        )
    table = pd.DataFrame.from_records(records, columns=COUNTRY_TABLE_COLUMNS)
    return table.sort_values(["in_haiti_high", "pledged_high"], ascending=False, na_position="last", kind="stable").reset_index(drop=True)


COUNTRY_TABLE_COLUMNS = [
    "iso3", "country", "status", "pledged_low", "pledged_high", "pledged", "arrived_low", "arrived_high", "arrived", "rotated_in",
    "in_haiti_low", "in_haiti_high", "in_haiti", "in_haiti_date", "in_haiti_confidence", "in_haiti_note",
    "announced", "notified", "first_arrival", "withdrawn_or_suspended",
    "latest_figure_date", "latest_figure_sources", "disputed", "casualties", "entries", "pledged_range", "in_haiti_range",
]


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
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    records = [row for row in records if not pd.isna(row[column])]
    if not records:
        return None
    solid = [row for row in records if row["confidence"] != "low"]
    if not solid:
        return _figure_of(records, column)
    best = _figure_of(solid, column)
    newer = [row for row in records if row["date"] > best.date and row["confidence"] == "low"]
    return replace(best, newer_weaker=_figure_of(newer, column)) if newer else best


def _records(ds: Dataset, name: str) -> list[dict]:
    """A small fact table as plain dicts, once per dataset (filtering dicts is faster than
    filtering a DataFrame on every rerun)."""
    return ds.derived(f"records:{name}", lambda: getattr(ds, name).to_dict("records"))


def mission_strength(ds: Dataset, day: dt.date) -> Figure | None:
    when = pd.Timestamp(day)
    return headline([row for row in _records(ds, "strength") if row["date"] <= when], "personnel")


def trust_fund_figure(ds: Dataset, day: dt.date, measures: tuple[str, ...]) -> Figure | None:
    when = pd.Timestamp(day)
    return headline([row for row in _records(ds, "trust_fund") if row["date"] <= when and row["measure"] in measures], "amount_usd")


CONFIDENCE_WORDS = {"high": N_("high confidence"), "medium": N_("medium confidence"), "low": N_("low confidence")}


def confidence_word(confidence: str) -> str:
    """ "high confidence", in the current language."""
    return _(CONFIDENCE_WORDS[confidence]) if confidence in CONFIDENCE_WORDS else ""


def country_names(ds: Dataset) -> dict[str, str]:
    """iso3 -> the country's name in the current language."""
    return i18n.country_names(ds.derived("country_names", lambda: ds.countries.set_index("iso3")["name"].to_dict()))


def mark_disputed(text: str) -> str:
    """ "970 to 1,000 (disputed)"."""
    return _("{figure} (disputed)").format(figure=text)


def describe(figure: Figure, unit: str = "", disputed_mark: bool = True) -> str:
    """ "about 1,000", "970 to about 1,000 (disputed)": the figure with its qualifiers."""
    text = f"{figure.value.label()}{unit}"
    return mark_disputed(text) if figure.disputed and disputed_mark else text


def money_range(value: Range) -> str:
    return ledger.money_label(value)


def money_figure(figure: Figure) -> str:
    text = ledger.money_label(figure.value)
    return mark_disputed(text) if figure.disputed else text


def provenance(figure: Figure) -> str:
    """ "reported 8 December 2025, high confidence" plus any later, weaker report."""
    text = _("reported {date}, {confidence}").format(date=i18n.date(figure.date), confidence=confidence_word(figure.confidence))
    if figure.newer_weaker is not None:
        later = figure.newer_weaker
        text += _("; a later low-confidence report of {date} says {figure}").format(date=i18n.date(later.date), figure=later.value.label())
    return text


def figure_caveat(status: ledger.CountryStatus, day: dt.date) -> str:
    """Why a per-country headcount may no longer hold at ``day`` (empty when it is current)."""
    if status.in_haiti_date is None or status.status != "deployed":
        return ""
    notes = []
    if status.unnumbered_departure is not None:
        notes.append(_("followed by a departure of unreported size on {date}").format(date=i18n.date(status.unnumbered_departure)))
    if (pd.Timestamp(day) - status.in_haiti_date).days > STALE_AFTER_DAYS:
        notes.append(_("last reported {date}").format(date=i18n.date(status.in_haiti_date)))
    return "; ".join(notes)


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


# Each headline's label and how it is computed, used by every page that shows it.
HEADLINE_HELP = {  # English messages: translate with _() where shown
    "strength": N_("The latest mission-wide headcount reported on or before the end date, from a high- or medium-confidence source (a low-confidence report only when there is no other)."),
    "countries": N_("Countries that had personnel in Haiti, out of those that pledged or formally notified personnel. Offers, countries only said to be considering it, and support without personnel do not count."),
    "pledged": N_("Each pledging country's largest pledge or notification (restatements are not added), summed over countries; countries that gave no number count as 0."),
    "selected": N_("From the contribution ledger: arrivals and rotations in add, departures and rotations out subtract, a reported headcount replaces the estimate."),
    "tf": N_("The latest trust-fund total of this kind reported on or before the end date (totals, not sums of deposits)."),
}


def headline_help(key: str) -> str:
    """How a headline is computed, in the current language."""
    return _(HEADLINE_HELP[key])


def overview(ds: Dataset, state: FilterState, table: pd.DataFrame | None = None) -> Overview:
    """The headline figures as of the end date; pass ``table`` (``country_table(ds, state)``)
    when the page has already built it."""
    table = country_table(ds, state) if table is None else table
    pledgers = table[table["status"].isin(ledger.PLEDGING_STATUSES)]
    pledged = sum((amount for amount in pledgers["pledged_range"] if amount is not None), ZERO)
    deployed = table[table["status"] == "deployed"]
    selected = sum(deployed["in_haiti_range"], ZERO) if state.countries else None
    return Overview(
        day=state.end,
        phase=phase_on(ds, state.end),
        strength=mission_strength(ds, state.end),
        selected_in_haiti=selected,
        selected_as_of=deployed["in_haiti_date"].max() if state.countries and not deployed.empty else None,
        countries_in_haiti=len(deployed),
        countries_pledged=len(pledgers),
        pledged_personnel=pledged,
        tf_received=trust_fund_figure(ds, state.end, ("tf_received", "tf_raised")),
        tf_pledged=trust_fund_figure(ds, state.end, ("tf_pledged",)),
        events_in_period=int(_events_mask(ds, state)[1].sum()),
    )


def summary_text(ds: Dataset, state: FilterState, view: Overview | None = None) -> str:
    """A plain-language summary of the current view; also the charts' text alternative."""
    view = view or overview(ds, state)
    names = country_names(ds)
    scope = _("all countries") if not state.countries else ", ".join(names.get(c, c) for c in state.countries)
    end = i18n.date(state.end)
    parts = [
        ngettext(
            "Between {start} and {end}, the data holds {n} event for {scope}.", "Between {start} and {end}, the data holds {n} events for {scope}.", view.events_in_period
        ).format(start=i18n.date(state.start), end=end, n=view.events_in_period, scope=scope)
    ]
    if view.phase is None:
        parts.append(_("On {date} no mission had been authorised yet.").format(date=end))
    else:
        ceiling = int(view.phase["authorised_ceiling"])
        parts.append(
            _("On {date} the mission in force was the {mission} ({acronym}), with an authorised or planned size of {size}.").format(
                date=end, mission=phase_name(view.phase), acronym=phase_acronym(view.phase["phase"]), size=i18n.number(ceiling)
            )
        )
        if view.strength is not None:
            share = view.strength.value.high / ceiling * 100
            parts.append(
                _("The latest mission-wide headcount was {figure} personnel ({provenance}), at most {share} of that size.").format(
                    figure=describe(view.strength), provenance=provenance(view.strength), share=i18n.percent(share)
                )
            )
    if view.selected_in_haiti is not None:
        figure = view.selected_in_haiti.label()
        figure = mark_disputed(figure) if view.selected_in_haiti.disputed else figure
        if view.selected_as_of is not None:
            parts.append(_("The contribution ledger puts the selected countries at {figure} personnel in Haiti (latest report {date}).").format(figure=figure, date=i18n.date(view.selected_as_of)))
        else:
            parts.append(_("The contribution ledger puts the selected countries at {figure} personnel in Haiti.").format(figure=figure))
    parts.append(
        ngettext(
            "{in_haiti} of the {n} country that had pledged personnel had people in Haiti; its pledges add up to {pledged} personnel.",
            "{in_haiti} of the {n} countries that had pledged personnel had people in Haiti; their pledges add up to {pledged} personnel.",
            view.countries_pledged,
        ).format(in_haiti=view.countries_in_haiti, n=view.countries_pledged, pledged=view.pledged_personnel.label())
    )
    if view.pledged_personnel.disputed:
        parts.append(_("Some pledges are disputed."))
    if view.tf_received is not None:
        measure = view.tf_received.measure
        words = _(MEASURE_WORDS[measure]) if measure in MEASURE_WORDS else _("total")
        parts.append(_("The trust fund's {measure} was {amount} ({provenance}).").format(measure=words, amount=money_figure(view.tf_received), provenance=provenance(view.tf_received)))
    return " ".join(parts)


PHASE_NAMES = {"mss": N_("Multinational Security Support Mission"), "gsf": N_("Gang Suppression Force")}
PHASE_ACRONYMS = {"mss": N_("MSS"), "gsf": N_("GSF")}


def phase_name(phase) -> str:
    """A phase's name in the current language (the UN's French names); the data's name for a
    phase the code does not know."""
    code = phase["phase"]
    return _(PHASE_NAMES[code]) if code in PHASE_NAMES else str(phase["name"])


def phase_acronym(phase_id: str) -> str:
    """ "MSS" and "GSF", in French "MMAS" and "FRG"."""
    return _(PHASE_ACRONYMS[phase_id]) if phase_id in PHASE_ACRONYMS else phase_id.upper()


# One label per trust-fund measure, everywhere it is shown (metrics, chart legend, table, alt
# text): the words below, through ``measure_label``.
MEASURE_WORDS = {  # English messages: translate with _() where shown
    "tf_received": N_("received total"),
    "tf_raised": N_("total raised (basis not stated)"),
    "tf_pledged": N_("pledged total"),
    "tf_balance": N_("balance"),
    "need_per_year": N_("estimated need per year"),
    "cost_estimate": N_("other cost estimate"),
}


def measure_label(measure: str) -> str:
    """ "Trust fund: received total", "Estimated need per year": a measure's one label."""
    words = _(MEASURE_WORDS[measure]) if measure in MEASURE_WORDS else measure
    return _("Trust fund: {measure}").format(measure=words) if measure.startswith("tf_") else sentence(words)


def measure_labels() -> dict[str, str]:
    """Every measure's label in the current language, in the charts' order."""
    return {measure: measure_label(measure) for measure in MEASURE_WORDS}


def trust_fund_amount(row) -> str:
    """A trust_fund.csv row's amount in the source's words: "at least $110m", "$200m to $400m"."""
    low = float(row.amount_usd)
    high = low if row.amount_usd_high is None or pd.isna(row.amount_usd_high) else float(row.amount_usd_high)
    return ledger.money_label(Range(int(round(low)), int(round(high)), row.qualifier, row.qualifier))


def trust_fund_rows(trust_fund: pd.DataFrame) -> pd.DataFrame:
    """trust_fund.csv rows with their measure's one label and the amount in words, for tables
    and CSV downloads."""
    return trust_fund.assign(measure_label=trust_fund["measure"].map(measure_label), amount=[trust_fund_amount(r) for r in rows(trust_fund)])


STRENGTH_SERIES_COLUMNS = ["date", "low", "high", "label", "confidence", "report_ids", "source_ids", "disputed"]


def strength_series(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """Mission-wide headcounts in the period, one row per date: low and high ends, the figure
    in words with its qualifiers, the weakest confidence, reports and sources."""
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    # One row per date whatever the period, so the rows are worked out once per dataset and
    # language, and a view takes the dates in its period.
    records = ds.derived(f"strength_series:{i18n.get_language()}", lambda: _strength_records(ds))
    return pd.DataFrame.from_records([record for record in records if start <= record["date"] <= end], columns=STRENGTH_SERIES_COLUMNS)


def _strength_records(ds: Dataset) -> list[dict]:
    by_date: dict[pd.Timestamp, list[dict]] = {}
    for row in ds.strength.sort_values("date", kind="stable").to_dict("records"):
        by_date.setdefault(row["date"], []).append(row)
    records = []
    for date, group in by_date.items():
        amount = ledger.range_of(group, "personnel")
        records.append(
            {
                "date": date,
                "low": amount.low,
                "high": amount.high,
                "label": amount.label(),
                "confidence": ledger.weakest(group),
                "report_ids": ", ".join(row["report_id"] for row in group),
                "source_ids": tuple(dict.fromkeys(s for row in group for s in row["source_ids"])),
                "disputed": any(row["dispute_id"] for row in group),
            }
        )
    return records


# ---------------------------------------------------------------------------------------
# Money by donor, as of the end date: see components/ledger.py for how totals are computed
# ---------------------------------------------------------------------------------------
DONOR_MEASURES = ("committed", "deposited", "disbursed", "frozen", "claimed")
DONOR_MEASURE_WORDS = {"committed": N_("commitment"), "deposited": N_("deposit"), "disbursed": N_("disbursement"), "frozen": N_("freeze"), "claimed": N_("claim")}
DONOR_TABLE_COLUMNS = ["donor", "donor_name"] + [f"{m}{suffix}" for m in DONOR_MEASURES for suffix in ("", "_low", "_high")] + ["in_kind", "not_in_usd", "disputed", "entries"]


def donor_table(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """One row per donor: committed, deposited, disbursed, frozen and claimed, in US dollars
    (only where sources give dollars), as of the end date. Totals never add a restated total
    to its parts; how each is computed is ``ledger.MONEY_BASIS``."""
    entries = up_to(ds.funding, state.end)
    if state.countries:
        entries = entries[entries["donor"].isin(state.countries)]
    names = country_names(ds)
    by_donor: dict[str, list[dict]] = {}
    for row in entries.to_dict("records"):
        by_donor.setdefault(row["donor"], []).append(row)
    records = []
    for donor, rows in sorted(by_donor.items()):
        totals = ledger.donor_totals(rows, donor)
        record = {"donor": donor, "donor_name": names.get(donor, donor)}
        for measure in DONOR_MEASURES:
            amount = getattr(totals, measure)
            record[measure] = ledger.money_label(amount) if amount else ""
            record[f"{measure}_low"] = amount.low if amount else None
            record[f"{measure}_high"] = amount.high if amount else None
        record["in_kind"] = "; ".join(totals.in_kind)
        record["not_in_usd"] = "; ".join(
            ngettext("{n} {measure} row gives no US-dollar figure", "{n} {measure} rows give no US-dollar figure", count).format(n=count, measure=_(DONOR_MEASURE_WORDS[measure]))
            for measure, count in totals.not_in_usd.items()
        )
        record["disputed"] = totals.disputed
        record["entries"] = len(totals.entry_ids)
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=DONOR_TABLE_COLUMNS)
    return table.sort_values(["committed_high", "deposited_high"], ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def exportable(table: pd.DataFrame) -> pd.DataFrame:
    """A table without the columns that hold Python objects (for CSV downloads)."""
    return table.drop(columns=[c for c in table.columns if c.endswith("_range")])


def source_lookup(ds: Dataset) -> dict[str, dict]:
    """source_id -> its publisher, title, url, published date and kind (read-only). ``url`` is
    the original publisher's address where the data gives one (``canonical_url``), so the link a
    reader sees first is the publisher's; ``read_at`` is where the text was read."""

    def build() -> dict[str, dict]:
        lookup = ds.sources.set_index("source_id")[["publisher", "title", "url", "canonical_url", "published", "kind"]].to_dict("index")
        for entry in lookup.values():
            entry["read_at"] = entry["url"]
            entry["url"] = entry.pop("canonical_url") or entry["url"]
        return lookup

    return ds.derived("source_lookup", build)


def sources_label(ds_sources: dict[str, dict], source_ids: tuple[str, ...], limit: int = 3) -> str:
    names = list(dict.fromkeys(ds_sources[s]["publisher"] for s in source_ids if s in ds_sources))
    more = len(names) - limit
    return "; ".join(names[:limit]) + (" " + _("and {n} more").format(n=more) if more > 0 else "")


# ---------------------------------------------------------------------------------------
# Text alternatives for charts: what each chart shows, in words (cheap enough for every rerun)
# ---------------------------------------------------------------------------------------
def _period(start: dt.date, end: dt.date) -> str:
    return _("between {start} and {end}").format(start=i18n.date(start), end=i18n.date(end))


def events_alt(events: pd.DataFrame, category_labels: dict[str, str], state: FilterState) -> str:
    """``category_labels``: category -> label in the current language."""
    if events.empty:
        return _("No events {period} for this selection.").format(period=_period(state.start, state.end))
    counts = events["category"].value_counts()
    parts = ", ".join(f"{int(counts[c])} {label}" for c, label in category_labels.items() if c in counts)
    disputed = int(events["dispute_id"].map(bool).sum())
    text = ngettext("{n} event {period}: {parts}", "{n} events {period}: {parts}", len(events)).format(n=len(events), period=_period(state.start, state.end), parts=parts)
    return text + ("; " + _("{n} of them disputed.").format(n=disputed) if disputed else ".")


def strength_alt(series: pd.DataFrame, state: FilterState) -> str:
    if series.empty:
        return _("No mission-wide headcount was reported {period}.").format(period=_period(state.start, state.end))
    first, last = series.iloc[0], series.iloc[-1]

    def figure(row) -> str:
        return mark_disputed(row["label"]) if row["disputed"] else row["label"]

    return ngettext(
        "Mission-wide personnel in Haiti, reported {n} time {period}: {first} on {first_date}, {last} on {last_date}.",
        "Mission-wide personnel in Haiti, reported {n} times {period}: {first} on {first_date}, {last} on {last_date}.",
        len(series),
    ).format(n=len(series), period=_period(state.start, state.end), first=figure(first), first_date=i18n.date(first["date"]), last=figure(last), last_date=i18n.date(last["date"]))


HEADLINE_COLUMNS = ("date", "measure", "amount_usd", "qualifier", "confidence", "dispute_id", "source_ids")  # what headline() reads of a trust-fund row


def trust_fund_alt(trust_fund: pd.DataFrame, measure_labels: dict[str, str], state: FilterState) -> str:
    rows = trust_fund[_in_period(trust_fund, state)]
    if rows.empty:
        return _("No trust-fund figures or cost estimates {period}.").format(period=_period(state.start, state.end))
    latest = []
    # Once, not once per measure, and only the columns a headline reads.
    columns = [c for c in HEADLINE_COLUMNS if c in rows.columns]
    records = [dict(zip(columns, values)) for values in zip(*(rows[c].tolist() for c in columns))]
    for measure, label in measure_labels.items():
        figure = headline([row for row in records if row["measure"] == measure], "amount_usd")
        if figure is not None:
            latest.append(
                _("{measure} {amount} on {date} ({confidence})").format(
                    measure=label[:1].lower() + label[1:], amount=money_figure(figure), date=i18n.date(figure.date), confidence=confidence_word(figure.confidence)
                )
            )
    return _("Trust-fund figures and cost estimates {period}; the latest: {figures}.").format(period=_period(state.start, state.end), figures="; ".join(latest))


def donors_alt(donors: pd.DataFrame, state: FilterState) -> str:
    if donors.empty:
        return _("No donor money reported by {date} for this selection.").format(date=i18n.date(state.end))
    parts = [
        _("{donor}: committed {committed}").format(donor=row["donor_name"], committed=row["committed"] or _("no dollar figure"))
        + (", " + _("paid into the trust fund {amount}").format(amount=row["deposited"]) if row["deposited"] else "")
        for row in donors.to_dict("records")
        if row["committed"] or row["deposited"]
    ]
    return _("Money by donor as of {date}, in US dollars as reported: {donors}.").format(date=i18n.date(state.end), donors="; ".join(parts))


def sentence(text: str) -> str:
    """Capitalise the first letter only (str.capitalize lowercases month names)."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------
# Words around the figures: filters, disputes, who is shown, terms
# ---------------------------------------------------------------------------------------
def date_label(date, precision: str = "day") -> str:
    """ "1 October 2025", or "October 2025" for a month-precision date (in the current language)."""
    return i18n.date(date, "month" if precision == "month" else "day")


def filter_summary(state: FilterState, names: dict[str, str] | pd.Series) -> str:
    """The view's filters in words: "7 Jul 2021 – 21 Mar 2026 · all countries" (``names``:
    iso3 -> English name; shown in the current language)."""
    names = i18n.country_names(names)
    countries = ", ".join(names.get(c, c) for c in state.countries) if state.countries else _("all countries")
    return f"{i18n.date(state.start, 'short')} – {i18n.date(state.end, 'short')} · {countries}"


def dispute_versions(rows: pd.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
    """Each version of a disputed ledger fact in words, with its sources: "at least 800 on
    1 October 2025 (high confidence)"; a row without a number says so."""
    versions = []
    for row in rows.sort_values("date", kind="stable").to_dict("records"):
        number = row["personnel"]
        amount = _("no number") if number is None or pd.isna(number) else Range.of(int(number), row["qualifier"]).label()
        text = _("{amount} on {date} ({confidence})").format(amount=amount, date=date_label(row["date"], row["date_precision"]), confidence=confidence_word(row["confidence"]))
        versions.append((text, tuple(row["source_ids"])))
    return versions


# Statuses drawn as bars on the Pledges chart; the others are listed under it.
CHARTED_STATUSES = ledger.PLEDGING_STATUSES


def pledging_countries(table: pd.DataFrame) -> pd.DataFrame:
    """The countries that pledged or notified personnel (deployed and withdrawn included)."""
    return table[table["status"].isin(CHARTED_STATUSES)]


def other_contributors(table: pd.DataFrame) -> str:
    """The countries of ``table`` that pledged no personnel, by stage, in one line (empty if none):
    "Support without personnel: Dominican Republic. Considering or offered: Chad."."""
    parts = []
    for status in ledger.STATUSES:
        if status in CHARTED_STATUSES:
            continue
        countries = table.loc[table["status"] == status, "country"].tolist()
        if countries:
            parts.append(f"{_(STATUS_LABELS[status])}: {', '.join(countries)}.")
    return " ".join(parts)


def terms_in(glossary: pd.DataFrame, texts) -> pd.DataFrame:
    """The glossary rows whose term appears, as a whole word, in any of ``texts``."""
    # Distinct texts only: pages pass every event's title and summary, which repeat a lot. One
    # pattern for all terms, so the text is scanned once.
    text = "\n".join(dict.fromkeys(str(t) for t in dict.fromkeys(texts)))  # distinct values first: str() once each
    terms = glossary["term"].tolist()
    if not terms:
        return glossary
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + r")(?![\w-])")
    present = set(pattern.findall(text))
    return glossary[[term in present for term in terms]]


DASHBOARD_NAME = N_("Haiti Mission Tracker")
SOURCE_KIND_ORDER = {"official": 0, "news": 1, "founding_article": 2, "aggregator": 3, "reference": 4}


def main_sources(lookup: dict[str, dict], source_ids) -> tuple[str, ...]:
    """Source ids, official and news sources first, then the most cited: for a chart's
    one-line source credit."""
    # Counted in C (Counter), in order of first appearance, as the sort's ties need.
    counts = {source_id: n for source_id, n in Counter(source_ids).items() if source_id in lookup}
    return tuple(sorted(counts, key=lambda s: (SOURCE_KIND_ORDER.get(lookup[s]["kind"], 9), -counts[s])))


def chart_export(title: str, state: FilterState, names, as_of: pd.Timestamp, source_names: str, file_stem: str, note: str = "") -> dict:
    """What a chart's PNG carries so that it stands on its own: the title; the view's dates
    and countries and the date its figures are as of; the sources and the dashboard's name.
    Plain text (the frontend draws it on a canvas, never as markup)."""
    subtitle = _("Filters: {filters}. Figures as of {date}.").format(filters=filter_summary(state, names), date=i18n.date(state.end)) + (f" {note}" if note else "")
    footer = [
        _("Sources: {sources}. Every figure keeps its source's wording (about, at least) and confidence; disputed figures are ranges.").format(sources=source_names or _("see the dashboard")),
        _("{dashboard} · data as of {date}").format(dashboard=_(DASHBOARD_NAME), date=i18n.date(as_of)),
    ]
    countries = f"_{'-'.join(state.countries)}" if state.countries else ""
    return {"title": title, "subtitle": subtitle, "footer": footer, "filename": f"{file_stem}_{state.start:%Y%m%d}-{state.end:%Y%m%d}{countries}"}


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


def facts_in_view(ds: Dataset, state: FilterState) -> dict[str, pd.DataFrame]:
    """Each fact table's rows that the view covers: in its period and, for rows about
    countries, about one of its countries (mission-wide rows count for every country)."""
    frames = {}
    for name, (country_column, _id) in FACT_VIEWS.items():
        frame = getattr(ds, name)
        if name == "events":
            frames[name] = events_in_view(ds, state)
        elif country_column is None:
            frames[name] = frame[_in_period(frame, state)]
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
    return frozenset(i for name, (_c, id_column) in FACT_VIEWS.items() for i in getattr(ds, name).loc[lambda f: is_new(f, version), id_column])
