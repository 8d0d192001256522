"""Text that lets a chart stand without its picture: each chart's text alternative for
screen readers and the captions its PNG export carries (title, filters, date, sources).
Cheap enough for every rerun; each text words results of ``components/figures.py``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from components import i18n
from components.amount_words import range_label
from components.figures import headline
from components.i18n import _, ngettext
from components.url_state import FilterState
from components.views import dict_rows, in_period, naming_a_resolution
from components.wording import DASHBOARD_NAME, confidence_word, filter_summary, mark_disputed, money_figure


def _period(start: dt.date, end: dt.date) -> str:
    return _("between {start} and {end}").format(start=i18n.date(start), end=i18n.date(end))


def events_alt(events: pd.DataFrame, category_labels: dict[str, str], state: FilterState) -> str:
    """``category_labels``: category -> label in the current language."""
    if events.empty:
        return _("No events {period} for this selection.").format(period=_period(state.start, state.end))
    counts = events["category"].value_counts()
    parts = ", ".join(f"{i18n.number(int(counts[c]))} {label}" for c, label in category_labels.items() if c in counts)
    disputed = int((events["dispute_id"] != "").sum())
    text = ngettext("{n} event {period}: {parts}", "{n} events {period}: {parts}", len(events)).format(
        n=i18n.number(len(events)), period=_period(state.start, state.end), parts=parts
    )
    text += "; " + _("{n} of them disputed.").format(n=i18n.number(disputed)) if disputed else "."
    return text + resolutions_alt(events)


def resolutions_alt(events: pd.DataFrame) -> str:
    """The Security Council resolutions the chart draws as lines, each with its date: the chart
    may leave a label out where it has no room (components/chart_events.py), the text does not."""
    adopted = {}
    named = naming_a_resolution(events)
    for date, resolutions in zip(named["date"].tolist(), named["resolution"].tolist(), strict=True):
        for number in resolutions or ():
            adopted.setdefault(number, date)
    if not adopted:
        return ""
    listed = ", ".join(f"{number} ({i18n.date(date)})" for number, date in sorted(adopted.items(), key=lambda a: a[1]))
    return " " + _("Security Council resolutions (dotted lines): {resolutions}.").format(resolutions=listed)


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
    ).format(
        n=len(series),
        period=_period(state.start, state.end),
        first=figure(first),
        first_date=i18n.date(first["date"]),
        last=figure(last),
        last_date=i18n.date(last["date"]),
    )


HEADLINE_COLUMNS = (
    "date",
    "measure",
    "amount_usd",
    "qualifier",
    "confidence",
    "dispute_id",
    "source_ids",
)  # what headline() reads of a trust-fund row


def trust_fund_alt(trust_fund: pd.DataFrame, measure_labels: dict[str, str], state: FilterState) -> str:
    rows = trust_fund[in_period(trust_fund, state)]
    if rows.empty:
        return _("No trust-fund figures or cost estimates {period}.").format(period=_period(state.start, state.end))
    latest = []
    # Once, not once per measure, and only the columns a headline reads.
    columns = [c for c in HEADLINE_COLUMNS if c in rows.columns]
    records = [
        dict(zip(columns, values, strict=True)) for values in zip(*(rows[c].tolist() for c in columns), strict=True)
    ]
    for measure, label in measure_labels.items():
        figure = headline([row for row in records if row["measure"] == measure], "amount_usd")
        if figure is not None:
            latest.append(
                _("{measure} {amount} on {date} ({confidence})").format(
                    measure=label[:1].lower() + label[1:],
                    amount=money_figure(figure),
                    date=i18n.date(figure.date),
                    confidence=confidence_word(figure.confidence),
                )
            )
    return _("Trust-fund figures and cost estimates {period}; the latest: {figures}.").format(
        period=_period(state.start, state.end), figures="; ".join(latest)
    )


def donors_alt(donors: pd.DataFrame, state: FilterState) -> str:
    if donors.empty:
        return _("No donor money reported by {date} for this selection.").format(date=i18n.date(state.end))
    parts = [
        _("{donor}: committed {committed}").format(
            donor=row["donor_name"], committed=row["committed"] or _("no dollar figure")
        )
        + (", " + _("paid into the trust fund {amount}").format(amount=row["deposited"]) if row["deposited"] else "")
        for row in dict_rows(donors)
        if row["committed"] or row["deposited"]
    ]
    return _("Money by donor as of {date}, in US dollars as reported: {donors}.").format(
        date=i18n.date(state.end), donors="; ".join(parts)
    )


def chart_export(
    title: str, state: FilterState, names, as_of: pd.Timestamp, source_names: str, file_stem: str, note: str = ""
) -> dict:
    """What a chart's PNG carries so that it stands on its own: the title; the view's dates
    and countries and the date its figures are as of; the sources and the dashboard's name.
    Plain text (the frontend draws it on a canvas, never as markup)."""
    subtitle = _("Filters: {filters}. Figures as of {date}.").format(
        filters=filter_summary(state, names), date=i18n.date(state.end)
    ) + (f" {note}" if note else "")
    footer = [
        _(
            "Sources: {sources}. Every figure keeps its source's wording (about, at least) and confidence; disputed "
            "figures are ranges."
        ).format(sources=source_names or _("see the dashboard")),
        _("{dashboard} · data as of {date}").format(dashboard=_(DASHBOARD_NAME), date=i18n.date(as_of)),
    ]
    countries = f"_{'-'.join(state.countries)}" if state.countries else ""
    return {
        "title": title,
        "subtitle": subtitle,
        "footer": footer,
        "filename": f"{file_stem}_{state.start:%Y%m%d}-{state.end:%Y%m%d}{countries}",
    }


def personnel_alt(steps: pd.DataFrame, names, state: FilterState) -> str:
    """The personnel-over-time chart in words: how many steps, and each country's headcount
    after its last one (``steps``: ``personnel_steps.personnel_steps``; ``names``: iso3 -> name
    in the current language)."""
    if steps.empty:
        return _("No country had personnel in Haiti by {date} for this selection.").format(date=i18n.date(state.end))
    latest = {}  # iso3 -> its last step: (range, disputed, date)
    for iso3, value, disputed, day in zip(
        steps["iso3"].tolist(), steps["range"].tolist(), steps["disputed"].tolist(), steps["date"].tolist(), strict=True
    ):
        latest[iso3] = (value, disputed, day)
    order = sorted(latest, key=lambda iso3: -latest[iso3][0].high)  # stable: ties keep their first order
    parts = [
        _("{country} {figure} (since {date})").format(
            country=names.get(iso3, iso3),
            figure=mark_disputed(range_label(value)) if disputed else range_label(value),
            date=i18n.date(day),
        )
        for iso3 in order
        for value, disputed, day in [latest[iso3]]
    ]
    return ngettext(
        "Personnel in Haiti by country, {n} change from {first} to {end}; as of {end}: {countries}.",
        "Personnel in Haiti by country, {n} changes from {first} to {end}; as of {end}: {countries}.",
        len(steps),
    ).format(n=len(steps), first=i18n.date(steps["date"].iloc[0]), end=i18n.date(state.end), countries="; ".join(parts))
