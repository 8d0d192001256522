"""The figures' tables in words, for the pages' tables, CSV downloads and hovers: each
function takes the numbers of ``components/figures.py`` and adds the columns a reader sees
("about 700", "at least $110m", a caveat), in the current language. The numbers stay in
their own columns, so a card, a chart and a table word the same computation.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from components import figures, headcounts, i18n, ledger, views
from components.amount_words import money_label, range_label
from components.amounts import Range
from components.data import Dataset
from components.figures import DONOR_MEASURES
from components.i18n import N_, _, ngettext
from components.url_state import FilterState
from components.wording import STATUS_LABELS, confidence_word, country_names, date_label, measure_label

# ---------------------------------------------------------------------------------------
# Per country
# ---------------------------------------------------------------------------------------
COUNTRY_TABLE_COLUMNS = [
    "iso3",
    "country",
    "status",
    "pledged_low",
    "pledged_high",
    "pledged",
    "largest_pledge_low",
    "largest_pledge_high",
    "largest_pledge",
    "pledge_sources",
    "arrived_low",
    "arrived_high",
    "arrived",
    "rotated_in",
    "in_haiti_low",
    "in_haiti_high",
    "in_haiti",
    "in_haiti_date",
    "in_haiti_confidence",
    "in_haiti_note",
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
    "in_haiti_range",
]


def figure_caveat(status: str, in_haiti_date, unnumbered_departure, day: dt.date) -> str:
    """Why a per-country headcount may no longer hold at ``day`` (empty when it is current)."""
    if in_haiti_date is None or pd.isna(in_haiti_date) or status != "deployed":
        return ""
    notes = []
    if unnumbered_departure is not None and not pd.isna(unnumbered_departure):
        notes.append(
            _("followed by a departure of unreported size on {date}").format(date=i18n.date(unnumbered_departure))
        )
    if figures.is_stale(in_haiti_date, day):
        notes.append(_("last reported {date}").format(date=i18n.date(in_haiti_date)))
    return "; ".join(notes)


def country_table(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """``figures.country_figures`` with each country's name and figures in words, as of the
    state's end date, for the chosen countries.

    Every country's row is worded once per day and language and kept with the dataset (a
    row does not depend on which other countries are chosen); a country filter change picks
    the chosen rows from it, in the same order (the sort is stable)."""
    whole = views.on_day(
        ds,
        "country_table",
        state.end,
        lambda: worded_country_figures(ds, figures.country_figures(ds, state.with_countries([])), state.end),
    )
    if not state.countries:
        return whole.copy()
    return whole[whole["iso3"].isin(state.countries)].reset_index(drop=True)


def country_records(ds: Dataset, state: FilterState) -> list[dict]:
    """``country_table``'s rows as dicts (``views.dict_rows``), kept per day like the table: a
    country filter change picks the chosen rows from a list, with no DataFrame step. Read-only."""
    whole = views.on_day(
        ds, "country_records", state.end, lambda: views.dict_rows(country_table(ds, state.with_countries([])))
    )
    wanted = set(state.countries)
    return [r for r in whole if r["iso3"] in wanted] if wanted else list(whole)


def worded_country_figures(ds: Dataset, table: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """A ``figures.country_figures`` table as of ``day``, with names and figures in words."""
    names = country_names(ds)
    rows = views.dict_rows(table)
    worded = table.assign(
        country=[names.get(iso3, iso3) for iso3 in table["iso3"].tolist()],
        pledged=[range_label(r["pledged_range"]) if r["pledged_range"] else _("number not given") for r in rows],
        # Only where it differs from all pledges (an additional pledge), so a reader sees both.
        largest_pledge=[
            range_label(r["largest_pledge_range"]) if r["largest_pledge_range"] != r["pledged_range"] else ""
            for r in rows
        ],
        arrived=[range_label(r["arrived_range"]) for r in rows],
        rotated_in=[range_label(r["rotated_in_range"]) for r in rows],
        in_haiti=[range_label(r["in_haiti_range"]) for r in rows],
        in_haiti_note=[figure_caveat(r["status"], r["in_haiti_date"], r["unnumbered_departure"], day) for r in rows],
    )
    return worded[COUNTRY_TABLE_COLUMNS]


def other_contributors(table: pd.DataFrame) -> str:
    """The countries of ``table`` that pledged no personnel, by stage, in one line (empty if none):
    "Support without personnel: Dominican Republic. Considering or offered: Chad."."""
    parts, rows = [], views.as_records(table)
    for status in ledger.STATUSES:
        if status in figures.CHARTED_STATUSES:
            continue
        countries = [r["country"] for r in rows if r["status"] == status]
        if countries:
            parts.append(f"{_(STATUS_LABELS[status])}: {', '.join(countries)}.")
    return " ".join(parts)


def pledge_measures_note(table: pd.DataFrame) -> str:
    """Which pledge the figures count, and where all pledges differ from the largest single one
    (empty if they never do): "Pledged counts all of a country's pledges ... Kenya: 1,600 in all;
    largest single pledge 1,000."."""
    differ = figures.pledges_differ(table)
    if not differ:
        return ""
    countries = "; ".join(
        _("{country}: {all} in all, largest single pledge {largest}").format(
            country=r["country"], all=range_label(r["pledged_range"]), largest=range_label(r["largest_pledge_range"])
        )
        for r in differ
    )
    return (
        _(
            "Pledged counts all of a country's pledges: its largest pledge plus any additional pledge made later "
            "(a restated pledge is not added twice)."
        )
        + " "
        + countries
        + "."
    )


def without_bars(table: pd.DataFrame, measures, label: str) -> str:
    """The rows of ``table`` with nothing to draw for ``measures``, named in one line under the
    chart ("" if every row has a bar): ``label`` is an English message with ``{names}``."""
    rows = views.as_records(table)
    names = [r.get("country", r.get("donor_name")) for r in rows if not figures.row_has_bar(r, measures)]
    return _(label).format(names=", ".join(names)) if names else ""


def dispute_versions(rows: pd.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
    """Each version of a disputed ledger fact in words, with its sources: "at least 800 on
    1 October 2025 (high confidence)"; a row without a number says so."""
    versions = []
    for row in rows.sort_values("date", kind="stable").to_dict("records"):
        number = row["personnel"]
        amount = (
            _("no number")
            if number is None or pd.isna(number)
            else range_label(Range.of(int(number), row["qualifier"]))
        )
        when = date_label(row["date"], row["date_precision"])
        text = _("{amount} on {date} ({confidence})").format(
            amount=amount, date=when, confidence=confidence_word(row["confidence"])
        )
        versions.append((text, tuple(row["source_ids"])))
    return versions


# ---------------------------------------------------------------------------------------
# Mission-wide headcounts
# ---------------------------------------------------------------------------------------
STRENGTH_SERIES_COLUMNS = ["date", "low", "high", "label", "confidence", "report_ids", "source_ids", "disputed"]


def strength_series(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """Mission-wide headcounts in the period, one row per date (``headcounts.strength_figures``),
    with the figure in words and its qualifiers."""
    rows = headcounts.strength_figures(ds, state)
    # Worded once per dataset and language (the memo's key holds the language).
    labels = ds.derived(
        "strength_labels", lambda: {r["date"]: range_label(r["range"]) for r in headcounts.strength_figures_all(ds)}
    )
    worded = [{**row, "label": labels[row["date"]]} for row in rows]
    return pd.DataFrame.from_records(worded, columns=STRENGTH_SERIES_COLUMNS)


# ---------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------
DONOR_MEASURE_WORDS = {
    "committed": N_("commitment"),
    "deposited": N_("deposit"),
    "disbursed": N_("disbursement"),
    "frozen": N_("freeze"),
    "claimed": N_("claim"),
}
DONOR_TABLE_COLUMNS = (
    ["donor", "donor_name"]
    + [f"{m}{suffix}" for m in DONOR_MEASURES for suffix in ("", "_low", "_high")]
    + ["in_kind", "not_in_usd", "disputed", "entries", "latest_date", "source_ids"]
)


def _donor_record(totals: ledger.DonorTotals, names: dict[str, str]) -> dict:
    record = {"donor": totals.donor, "donor_name": names.get(totals.donor, totals.donor)}
    for measure in DONOR_MEASURES:
        amount = getattr(totals, measure)
        record[measure] = money_label(amount) if amount else ""
        record[f"{measure}_low"] = amount.low if amount else None
        record[f"{measure}_high"] = amount.high if amount else None
    record["in_kind"] = "; ".join(totals.in_kind)
    record["not_in_usd"] = "; ".join(
        ngettext(
            "{n} {measure} row gives no US-dollar figure", "{n} {measure} rows give no US-dollar figure", count
        ).format(n=count, measure=_(DONOR_MEASURE_WORDS[measure]))
        for measure, count in totals.not_in_usd.items()
    )
    record["disputed"] = totals.disputed
    record["entries"] = len(totals.entry_ids)
    record["latest_date"] = totals.latest_date
    record["source_ids"] = totals.source_ids
    return record


def donor_table(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """One row per donor (``figures.donor_figures``): committed, deposited, disbursed, frozen
    and claimed, in US dollars (only where sources give dollars) and in words, as of the end
    date. Totals never add a restated total to its parts; how each is computed is
    ``wording.MONEY_BASIS``."""
    names = country_names(ds)
    records = [_donor_record(totals, names) for totals in figures.donor_figures(ds, state)]
    table = pd.DataFrame.from_records(records, columns=DONOR_TABLE_COLUMNS)
    order = ["committed_high", "deposited_high"]
    return table.sort_values(order, ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def trust_fund_amount(row) -> str:
    """A trust_fund.csv row's amount in the source's words: "at least $110m", "$200m to $400m"."""
    low = float(row.amount_usd)
    high = low if row.amount_usd_high is None or pd.isna(row.amount_usd_high) else float(row.amount_usd_high)
    return money_label(Range(round(low), round(high), row.qualifier, row.qualifier))


def trust_fund_rows(trust_fund: pd.DataFrame) -> pd.DataFrame:
    """trust_fund.csv rows with their measure's one label and the amount in words, for tables
    and CSV downloads."""
    amounts = [trust_fund_amount(r) for r in views.rows(trust_fund)]
    return trust_fund.assign(measure_label=trust_fund["measure"].map(measure_label), amount=amounts)
