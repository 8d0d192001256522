"""The view in sentences: the headline figures' help texts, the page summary (also the
charts' text alternative on the Map and Pledges pages) and the notes that explain why two
figures on a page differ. Each sentence words results of ``components/figures.py``.
"""

from __future__ import annotations

import pandas as pd

from components import figures, i18n, source_index
from components.amount_words import money_label, range_label
from components.data import Dataset
from components.figures import Overview, overview
from components.i18n import N_, _, ngettext
from components.url_state import FilterState
from components.wording import (
    MEASURE_WORDS,
    country_list,
    country_names,
    describe,
    mark_disputed,
    money_figure,
    phase_acronym,
    phase_name,
    provenance,
    sources_label,
)

# Each headline's label and how it is computed, used by every page that shows it.
HEADLINE_HELP = {  # English messages: translate with _() where shown
    "strength": N_(
        "The latest mission-wide headcount reported on or before the end date, from a high- or medium-confidence "
        "source (a low-confidence report only when there is no other)."
    ),
    "countries": N_(
        "Countries that had personnel in Haiti, out of those that pledged, formally notified or sent personnel. "
        "Offers, countries only said to be considering it, and support without personnel do not count."
    ),
    "pledged": N_(
        "Each pledging country's pledges in all: its largest pledge or notification (restatements are not added) "
        "plus any additional pledge, summed over countries; countries that gave no number count as 0."
    ),
    "selected": N_(
        "From the contribution ledger: arrivals and rotations in add, departures and rotations out subtract, a "
        "reported headcount replaces the estimate."
    ),
    "tf": N_(
        "The latest trust-fund total of this kind reported on or before the end date (totals, not sums of deposits)."
    ),
}


def headline_help(key: str) -> str:
    """How a headline is computed, in the current language."""
    return _(HEADLINE_HELP[key])


def summary_text(ds: Dataset, state: FilterState, view: Overview | None = None) -> str:
    """A plain-language summary of the current view; also the charts' text alternative."""
    view = view or overview(ds, state)
    names = country_names(ds)
    end = i18n.date(state.end)
    span = {"start": i18n.date(state.start), "end": end, "n": i18n.number(view.events_in_period)}
    if state.countries:
        # Its own sentence, so that French can list the names without the article "pour le Kenya" would need.
        first = ngettext(
            "Between {start} and {end}, the data holds {n} event involving {countries}.",
            "Between {start} and {end}, the data holds {n} events involving {countries}.",
            view.events_in_period,
        ).format(countries=country_list(state.countries, names), **span)
    else:
        first = ngettext(
            "Between {start} and {end}, the data holds {n} event for all countries.",
            "Between {start} and {end}, the data holds {n} events for all countries.",
            view.events_in_period,
        ).format(**span)
    parts = [first]
    if view.phase is None:
        parts.append(_("On {date} no mission had been authorised yet.").format(date=end))
    else:
        ceiling = int(view.phase["authorised_ceiling"])
        parts.append(
            _(
                "On {date} the mission in force was the {mission} ({acronym}), with an authorised or planned size of "
                "{size}."
            ).format(
                date=end,
                mission=phase_name(view.phase),
                acronym=phase_acronym(view.phase["phase"]),
                size=i18n.number(ceiling),
            )
        )
        if view.strength is not None:
            share = view.strength.value.high / ceiling * 100
            parts.append(
                _(
                    "The latest mission-wide headcount was {figure} personnel ({provenance}), at most {share} of "
                    "that size."
                ).format(
                    figure=describe(view.strength), provenance=provenance(view.strength), share=i18n.percent(share)
                )
            )
    if view.selected_in_haiti is not None:
        figure = range_label(view.selected_in_haiti)
        figure = mark_disputed(figure) if view.selected_in_haiti.disputed else figure
        if view.selected_as_of is not None:
            parts.append(
                _(
                    "The contribution ledger puts the selected countries at {figure} personnel in Haiti (latest "
                    "report {date})."
                ).format(figure=figure, date=i18n.date(view.selected_as_of))
            )
        else:
            parts.append(
                _("The contribution ledger puts the selected countries at {figure} personnel in Haiti.").format(
                    figure=figure
                )
            )
    parts.append(
        ngettext(
            "{in_haiti} of the {n} country that had pledged or sent personnel had people in Haiti; its pledges add up "
            "to {pledged} personnel.",
            "{in_haiti} of the {n} countries that had pledged or sent personnel had people in Haiti; their pledges add "
            "up to {pledged} personnel.",
            view.countries_pledged,
        ).format(
            in_haiti=view.countries_in_haiti, n=view.countries_pledged, pledged=range_label(view.pledged_personnel)
        )
    )
    if view.pledged_personnel.disputed:
        parts.append(_("Some pledges are disputed."))
    if view.tf_received is not None:
        measure = view.tf_received.measure
        words = _(MEASURE_WORDS[measure]) if measure in MEASURE_WORDS else _("total")
        parts.append(
            _("The trust fund's {measure} was {amount} ({provenance}).").format(
                measure=words, amount=money_figure(view.tf_received), provenance=provenance(view.tf_received)
            )
        )
    return " ".join(parts)


# ---------------------------------------------------------------------------------------
# Why two figures on a page differ
# ---------------------------------------------------------------------------------------
def headcount_note(ds: Dataset, table: pd.DataFrame, strength: figures.Figure | None) -> str:
    """A sentence per country whose ledger estimate is above the mission-wide headcount
    (``figures.above_mission_wide``), with both figures, their dates and their sources: the
    two come from different reports (empty when no country is above)."""
    names, sources = country_names(ds), source_index.source_lookup(ds)
    notes = []
    for gap in figures.above_mission_wide(table, strength):
        value = range_label(gap.country_value)
        notes.append(
            _(
                "{country}: {figure} personnel in Haiti by the contribution ledger (latest entry {date}; {sources}), "
                "more than the mission-wide headcount of {strength} (reported {strength_date}; {strength_sources}). "
                "The two figures come from different reports of different dates, so they need not agree."
            ).format(
                country=names.get(gap.iso3, gap.iso3),
                figure=mark_disputed(value) if gap.country_value.disputed else value,
                date=i18n.date(gap.country_date),
                sources=sources_label(sources, gap.country_sources),
                strength=describe(gap.strength),
                strength_date=i18n.date(gap.strength.date),
                strength_sources=sources_label(sources, gap.strength.source_ids),
            )
        )
    return " ".join(notes)


def trust_fund_note(ds: Dataset, state: FilterState) -> str:
    """A sentence per donor whose commitments to the UN trust fund are above the payments into
    it last reported (``ledger.DonorTotals``): both amounts, with their dates and sources, so
    that a report of what a donor gave the fund and the table's payments read as one ledger."""
    names, sources = country_names(ds), source_index.source_lookup(ds)
    notes = []
    for totals in figures.donor_figures(ds, state):
        committed, deposited = totals.trust_fund_committed, totals.deposited
        # Only where both are reported and differ: a donor with no payment reported shows none.
        if committed is None or deposited is None or deposited.high >= committed.low:
            continue
        (committed_date, committed_sources), (deposited_date, deposited_sources) = (
            totals.last_moved["trust_fund_committed"],
            totals.last_moved["deposited"],
        )
        text = _(
            "{donor}: {committed} committed to the UN trust fund (reported {committed_date}; {committed_sources}); "
            "payments into the fund last reported: {deposited} on {deposited_date} ({deposited_sources}), the "
            "amount shown as paid into the trust fund."
        ).format(
            donor=names.get(totals.donor, totals.donor),
            committed=money_label(committed),
            committed_date=i18n.date(committed_date),
            committed_sources=sources_label(sources, committed_sources),
            deposited=money_label(deposited),
            deposited_date=i18n.date(deposited_date),
            deposited_sources=sources_label(sources, deposited_sources),
        )
        notes.append(text)
    return " ".join(notes)


# What each trust-fund total is, after its name and figure (English messages, translated where
# shown); the names are the chart's and the table's (``wording.MEASURE_WORDS``).
TRUST_FUND_MEASURE_MEANING = {
    "tf_pledged": N_("{measure} ({figure}, {date}) is what donors promised to the fund"),
    "tf_received": N_("{measure} ({figure}, {date}) is what they had paid into it"),
    "tf_raised": N_("{measure} ({figure}, {date}) is a total whose source does not say whether it counts promises"),
    "tf_balance": N_("{measure} ({figure}, {date}) is what was left in the fund after spending"),
}


def trust_fund_measures_note(ds: Dataset, state: FilterState) -> str:
    """One sentence on how the trust fund's totals differ, each with its latest figure as of the
    end date (``figures.trust_fund_figure``, the month only: some are dated by the month);
    empty when none is reported yet."""
    parts = []
    for measure, meaning in TRUST_FUND_MEASURE_MEANING.items():
        figure = figures.trust_fund_figure(ds, state.end, (measure,))
        if figure is not None:
            parts.append(
                _(meaning).format(
                    measure=_(MEASURE_WORDS[measure]),
                    figure=money_label(figure.value),
                    date=i18n.date(figure.date, "month"),
                )
            )
    if not parts:
        return ""
    return _("The trust fund's totals measure different things: {parts}.").format(parts="; ".join(parts))
