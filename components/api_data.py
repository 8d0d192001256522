"""What the API serves: each table of ``data/`` and each page's figures, for a view, from the
same functions the pages call (``views``, ``figures``, ``worded_tables``, ``summary``), as
DataFrames and plain JSON values. No Streamlit and no web framework here: the HTTP side is
``components/api_server.py``, the OpenAPI document ``components/api_openapi.py``.

A view is read from the query by the link grammar itself (``components/url_state.py``): the
parameters a page link carries (``from``, ``to``, ``countries``, ``lang``; ``tab`` and ``v``
are accepted and change nothing here) give the API the rows and figures that page shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from components import figures, headcounts, i18n, summary, url_forms, url_state, views, worded_tables, wording
from components.amount_words import range_label
from components.amounts import Range
from components.data import Dataset
from components.i18n import _
from components.url_state import FilterState

PERIOD, COUNTRIES, LANG = "period", "countries", "lang"  # what a resource's rows follow


class BadParameters(ValueError):
    """Query parameters not in their form: ``names`` (each with ``url_forms.FORMS``)."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


@dataclass(frozen=True)
class Resource:
    """One address under /api/v1/ (``name`` plus ``.csv`` or ``.json``), what it holds, which
    view parameters change it, and the page that shows the same rows (its address, or "")."""

    name: str
    summary: str
    rows: Callable[[Dataset, FilterState], pd.DataFrame]
    follows: tuple[str, ...]
    page: str


# ---------------------------------------------------------------------------------------
# Reading a view
# ---------------------------------------------------------------------------------------
def read_view(ds: Dataset, params: Mapping[str, Sequence[str]]) -> tuple[FilterState, list[str]]:
    """The view a query asks for, read as a page link is, and the notices a page would show
    (a date brought inside the data, a country the data does not name); raises BadParameters
    when a parameter is not in its form, where a page would fall back to its default."""
    bad = url_forms.malformed(params)
    if bad:
        raise BadParameters(bad)
    bounds = views.view_bounds(ds)
    with i18n.language(url_state.language_of(params)):
        state, notices = url_state.parse_query_params(params, bounds)
    return bounds.resolve(state), notices


# ---------------------------------------------------------------------------------------
# The tables of data/, as the pages filter them
# ---------------------------------------------------------------------------------------
def _in_period(frame: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    return frame[views.in_period(frame, state)].sort_values("date", kind="stable")


def _countries(ds: Dataset, state: FilterState) -> pd.DataFrame:
    return ds.countries[ds.countries["iso3"].isin(state.countries)] if state.countries else ds.countries


def _qualified(frame: pd.DataFrame, ranges: dict[str, list[Range | None]]) -> pd.DataFrame:
    """``frame`` with each range's two qualifiers as columns (``pledged_low_qualifier``...)."""
    extra = {}
    for name, values in ranges.items():
        extra[f"{name}_low_qualifier"] = [r.low_qualifier if r else None for r in values]
        extra[f"{name}_high_qualifier"] = [r.high_qualifier if r else None for r in values]
    return frame.assign(**extra)


def pledges(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """Per country, as on Pledges and deployments (``worded_tables.country_table``): pledged,
    arrived and in Haiti, each end with its qualifier, in numbers and in words, the dates,
    the confidence and the sources of the latest figure."""
    table = worded_tables.country_table(ds, state)
    ranges = {name: table[f"{name}_range"].tolist() for name in ("pledged", "in_haiti")}
    ranges["arrived"] = figures.country_figures(ds, state)["arrived_range"].tolist()
    worded = _qualified(figures.exportable(table), ranges)
    return worded.assign(
        stage=[_(wording.STATUS_LABELS[s]) for s in worded["status"]], source_ids=worded["latest_figure_sources"]
    ).drop(columns="latest_figure_sources")


def headcount(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """The mission-wide headcount series, as on the Timeline (``worded_tables.strength_series``)."""
    series = worded_tables.strength_series(ds, state)
    return _qualified(series, {"personnel": [r["range"] for r in headcounts.strength_figures(ds, state)]})


def donors(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """Totals by donor, as on Funding (``worded_tables.donor_table``), with the date each running
    total last moved, the ledger entries behind them and their sources."""
    table = worded_tables.donor_table(ds, state)
    totals = {t.donor: t for t in figures.donor_figures(ds, state)}
    sources = dict(zip(ds.funding["entry_id"], ds.funding["source_ids"], strict=True))
    dates = {
        f"{measure}_date": [totals[d].last_moved.get(measure, (None, ()))[0] for d in table["donor"]]
        for measure in figures.DONOR_MEASURES
        if measure != "claimed"  # a claimed total replaces the last one: the ledger keeps no date for it
    }
    return table.assign(
        **dates,
        entry_ids=[totals[d].entry_ids for d in table["donor"]],
        source_ids=[tuple(dict.fromkeys(s for e in totals[d].entry_ids for s in sources[e])) for d in table["donor"]],
    )


OVERVIEW_COLUMNS = ["figure", "label", "low", "high", "low_qualifier", "high_qualifier", "date", "confidence"]


def _figure_row(key: str, value: Range | None, label: str, **more) -> dict:
    row = dict.fromkeys(OVERVIEW_COLUMNS) | {"figure": key, "label": label, "source_ids": (), "disputed": False}
    if value is not None:
        row |= {"low": value.low, "high": value.high, "disputed": value.disputed}
        row |= {"low_qualifier": value.low_qualifier, "high_qualifier": value.high_qualifier}
    return row | more


def _sourced(key: str, figure: figures.Figure | None, label: Callable[[figures.Figure], str]) -> dict:
    if figure is None:
        return _figure_row(key, None, "")
    return _figure_row(
        key, figure.value, label(figure), date=figure.date, confidence=figure.confidence, source_ids=figure.source_ids
    )


def overview(ds: Dataset, state: FilterState) -> pd.DataFrame:
    """The Overview's headline figures (``figures.overview``), one row each, worded as its
    cards are."""
    table = figures.country_figures(ds, state)
    view = figures.overview(ds, state, table)
    deployed = table[table["status"] == "deployed"]["latest_figure_sources"]
    selected_sources = tuple(dict.fromkeys(s for ids in deployed for s in ids)) if state.countries else ()
    phase_sources = () if view.phase is None else tuple(view.phase["source_ids"])
    ceiling = None if view.phase is None else Range.of(int(view.phase["authorised_ceiling"]))
    rows = [
        _sourced("personnel_in_haiti", view.strength, lambda f: wording.describe(f, disputed_mark=False)),
        _figure_row("authorised_size", ceiling, range_label(ceiling) if ceiling else "", source_ids=phase_sources),
        _figure_row(
            "selected_countries_in_haiti",
            view.selected_in_haiti,
            range_label(view.selected_in_haiti) if view.selected_in_haiti is not None else "",
            date=view.selected_as_of,
            source_ids=selected_sources,
        ),
        _figure_row("countries_with_personnel_in_haiti", Range.of(view.countries_in_haiti), ""),
        _figure_row("countries_that_pledged", Range.of(view.countries_pledged), ""),
        _figure_row("personnel_pledged", view.pledged_personnel, range_label(view.pledged_personnel)),
        _sourced("trust_fund_received", view.tf_received, wording.money_figure),
        _sourced("trust_fund_pledged", view.tf_pledged, wording.money_figure),
        _figure_row("events_in_period", Range.of(view.events_in_period), ""),
    ]
    for row in rows:
        if not row["label"] and row["low"] is not None:
            row["label"] = i18n.number(row["low"])
    return pd.DataFrame.from_records(rows, columns=[*OVERVIEW_COLUMNS, "source_ids", "disputed"])


def overview_extra(ds: Dataset, state: FilterState) -> dict:
    """What the Overview says beside its cards: the summary in words and the phase."""
    view = figures.overview(ds, state)
    phase = None if view.phase is None else str(view.phase["phase"])
    return {"summary": summary.summary_text(ds, state, view), "phase": phase}


def _events(ds: Dataset, state: FilterState) -> pd.DataFrame:
    return wording.localized_events(views.events_in_view(ds, state))


RESOURCES = {
    r.name: r
    for r in (
        Resource("events", "Events, as on the Timeline", _events, (PERIOD, COUNTRIES, LANG), "/Timeline"),
        Resource(
            "contributions",
            "The contribution ledger: pledges, notifications, arrivals and departures by country",
            lambda ds, s: views.filter_by_country(ds.contributions, "country", s),
            (PERIOD, COUNTRIES),
            "/Pledges_and_deployments",
        ),
        Resource(
            "funding",
            "Donor entries: commitments, deposits, disbursements and claims",
            lambda ds, s: views.filter_by_country(ds.funding, "donor", s),
            (PERIOD, COUNTRIES),
            "/Funding",
        ),
        Resource("strength", "Mission-wide headcount reports", lambda ds, s: _in_period(ds.strength, s), (PERIOD,), ""),
        Resource(
            "trust_fund",
            "Trust-fund totals and cost estimates",
            lambda ds, s: _in_period(ds.trust_fund, s),
            (PERIOD,),
            "",
        ),
        Resource("disputes", "Where sources disagree", lambda ds, s: ds.disputes, (), "/Sources_and_method"),
        Resource("sources", "Every source, with its address", lambda ds, s: ds.sources, (), "/Sources_and_method"),
        Resource("countries", "Countries named in the data", _countries, (COUNTRIES,), "/Map"),
        Resource("phases", "The mission's phases and authorised sizes", lambda ds, s: ds.phases, (), ""),
        Resource("glossary", "Terms and abbreviations", lambda ds, s: ds.glossary, (), "/Sources_and_method"),
        Resource(
            "figures/pledges",
            "Per country: pledged, arrived and in Haiti, as on Pledges and deployments",
            pledges,
            (PERIOD, COUNTRIES, LANG),
            "/Pledges_and_deployments",
        ),
        Resource("figures/donors", "Totals by donor, as on Funding", donors, (PERIOD, COUNTRIES, LANG), "/Funding"),
        Resource(
            "figures/headcount",
            "The mission-wide headcount series, as on the Timeline",
            headcount,
            (PERIOD, LANG),
            "/Timeline",
        ),
        Resource("figures/overview", "The Overview's headline figures", overview, (PERIOD, COUNTRIES, LANG), "/"),
    )
}
TABLE_NAMES = tuple(name for name in RESOURCES if "/" not in name)
# The resource behind each page's share box ("Get this data"), by the page's url_path.
PAGE_RESOURCES = {
    "Overview": "figures/overview",
    "Timeline": "events",
    "Map": "figures/pledges",
    "Pledges_and_deployments": "figures/pledges",
    "Funding": "figures/donors",
    "Sources_and_method": "sources",
}


@dataclass(frozen=True)
class Endpoint:
    """Another address under /api/v1/ (the data package, the feed): ``path`` may hold
    ``{version}`` (the data version), ``build(dataset, view, prefix)`` returns the body, and a
    ``file_name`` (with ``{version}``) makes it a download."""

    path: str
    summary: str
    media_type: str
    build: Callable[[Dataset, FilterState, str], bytes]
    file_name: str = ""


# The hook for more addresses: ``register(Endpoint(...))`` once, at import; the routes, the
# index and the OpenAPI document then list it.
# TODO(#22, lead): register /api/v1/datapackage.json, /api/v1/haiti-mission-tracker-{version}.zip
# (components/datapackage.py) and /api/v1/changes.atom (components/feed.py) here once merged.
EXTRA_ENDPOINTS: dict[str, Endpoint] = {}


def register(endpoint: Endpoint) -> Endpoint:
    EXTRA_ENDPOINTS[endpoint.path] = endpoint
    return endpoint


def endpoint_at(rest: str, version: str) -> Endpoint | None:
    """The extra endpoint answering at ``rest`` (its ``{version}`` the current data version)."""
    return next((e for e in EXTRA_ENDPOINTS.values() if e.path.format(version=version) == rest), None)


# ---------------------------------------------------------------------------------------
# Plain values for JSON
# ---------------------------------------------------------------------------------------
def plain(value: object) -> object:
    """A cell as JSON has it: dates as YYYY-MM-DD, tuples as lists, missing as null."""
    if isinstance(value, pd.Timestamp | dt.date):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA or value is None:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as JSON objects (``plain`` cells; whole numbers as integers), column by
    column: at 100x data a cell-by-cell walk cost a second on the events."""
    columns = [_json_column(frame[c]) for c in frame.columns]
    names = [str(c) for c in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)] if names else []


def _json_column(series: pd.Series) -> list:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), None).tolist()
    if pd.api.types.is_numeric_dtype(series):  # numpy or nullable: missing values as None first
        return [_whole(plain(v)) for v in series.astype(object).where(series.notna(), None).tolist()]
    return [v if isinstance(v, str) else _whole(plain(v)) for v in series.tolist()]


def _whole(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its columns of whole numbers written as integers (a missing value made
    them floats: "721.0"), ready for ``export.csv_bytes``."""
    whole = {
        column: frame[column].astype("Int64")
        for column in frame.columns
        if pd.api.types.is_float_dtype(frame[column]) and frame[column].dropna().map(float.is_integer).all()
    }
    return frame.assign(**whole) if whole else frame
