"""Streamlit glue shared by every page: data loading, the filter sidebar synced with the URL,
notices, the share link, downloads and source links. Logic lives in the other modules.

How the filters survive page switches: Streamlit's sidebar navigation drops query params and
resets widgets that live on another page. So the canonical state is kept under a non-widget
session key, ``FILTERS_KEY``. On every run, a URL that carries filter params wins (a shared
link, a reload, the browser's Back button); a URL without them (just navigated) gets the
session's state written back into it. Widgets are seeded from the state and their callbacks
write both the state and the URL.
"""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re
import urllib.parse

import pandas as pd
import streamlit as st

from components import light_chart, metrics
from components.data import DataError, Dataset, data_dir_from_env, load_dataset
from components.url_state import Bounds, FilterState, has_filter_params, parse_query_params, query_string, to_query_params

FILTERS_KEY = "filters"
FILTER_PARAMS = ("from", "to", "countries", "country")
CACHE_SECONDS = 3600


@st.cache_resource(ttl=CACHE_SECONDS, max_entries=2, show_spinner=False)
def _cached_dataset(data_dir: str) -> Dataset:
    # cache_resource, not cache_data: the dataset is read-only and shared by all sessions, so
    # it is kept once instead of being copied into every rerun.
    return load_dataset(data_dir)


def page_setup(title: str) -> None:
    st.set_page_config(page_title=f"{title} · Haiti Mission Tracker", page_icon="🇭🇹", layout="wide")


def dataset() -> Dataset:
    """The dataset, or a clear message (file, line, column, problem) and a stopped page."""
    data_dir = data_dir_from_env()
    try:
        return _cached_dataset(str(data_dir))
    except DataError as error:
        st.error(f"The dashboard cannot show its data: {len(error.problems)} problem(s) were found in {data_dir}. Fix them and reload.")
        st.code("\n".join(str(p) for p in error.problems[:50]), language=None)
        st.stop()


def _sidebar_facts(ds: Dataset) -> tuple[Bounds, dict[str, str]]:
    """What the sidebar needs from the data: the filters' bounds and the country names."""
    return ds.derived("sidebar", lambda: (_bounds(ds), ds.countries.set_index("iso3")["name"].to_dict()))


def _bounds(ds: Dataset) -> Bounds:
    codes = set(ds.contributions["country"]) | set(ds.funding["donor"]) | {c for codes in ds.events["countries"] for c in codes}
    return Bounds(ds.first_date.date(), ds.as_of.date(), frozenset(codes))


def _current_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _write_url(state: FilterState) -> None:
    wanted = to_query_params(state)
    for key in FILTER_PARAMS:
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    if any(st.query_params.get_all(k) != [v] for k, v in wanted.items()):
        st.query_params.update(wanted)


def _set_state(state: FilterState) -> None:
    st.session_state[FILTERS_KEY] = state
    _write_url(state)


def _on_dates_change() -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    start, end = st.session_state.get("w_from"), st.session_state.get("w_to")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return  # a cleared field: keep the last good dates
    if start > end:
        start, end = end, start
        st.session_state["_notice"] = "'From' was after 'To', so the two dates were swapped."
    _set_state(FilterState(start, end, state.countries))


def _on_countries_change() -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(state.with_countries(st.session_state.get("w_countries", [])))


def filters(ds: Dataset) -> FilterState:
    """Draw the sidebar filters and return the state every page filters by."""
    bounds, names = _sidebar_facts(ds)
    params = _current_params()
    notices: list[str] = []
    if has_filter_params(params):
        state, notices = parse_query_params(params, bounds)
        st.session_state[FILTERS_KEY] = state
        if to_query_params(state) != {k: v[0] for k, v in params.items() if k in FILTER_PARAMS and len(v) == 1}:
            _write_url(state)  # replace a malformed or legacy link by the canonical one
    else:
        state = st.session_state.get(FILTERS_KEY) or bounds.default_state()
        _set_state(state)
    if "_notice" in st.session_state:
        notices.append(st.session_state.pop("_notice"))
    st.session_state["w_from"], st.session_state["w_to"] = state.start, state.end
    st.session_state["w_countries"] = list(state.countries)
    with st.sidebar:
        st.markdown("**Filters**")
        st.date_input("From", key="w_from", min_value=bounds.first, max_value=bounds.last, on_change=_on_dates_change, format="YYYY-MM-DD")
        st.date_input("To", key="w_to", min_value=bounds.first, max_value=bounds.last, on_change=_on_dates_change, format="YYYY-MM-DD")
        st.multiselect(
            "Countries",
            sorted(bounds.countries, key=lambda c: names.get(c, c)),
            key="w_countries",
            format_func=lambda c: f"{names.get(c, c)} ({c})",
            on_change=_on_countries_change,
            placeholder="All countries",
        )
        st.caption(f"Data as of {ds.as_of:%-d %B %Y} (the latest dated fact).")
    if notices:
        st.info(" ".join(notices[:3]) + (" The other parts of the link were applied." if len(notices) <= 3 else " Other problems with the link were also fixed."), icon="ℹ️")
    return state


def filter_line(state: FilterState, ds: Dataset, applies: bool = True) -> None:
    """A line at the top of the page with the view's filters, so that they can be found on a
    phone, where the sidebar is closed behind an unlabelled "»"."""
    if not applies:
        st.caption("This page ignores the filters: it lists every source, every dispute and the whole glossary, whatever the dates and countries chosen.")
        return
    _, names = _sidebar_facts(ds)
    st.caption(f"Filters: {md_text(metrics.filter_summary(state, names))}. Change them in the sidebar (on a phone, open it with » at the top left).")


def terms_used(ds: Dataset, texts) -> None:
    """The glossary's terms that appear in ``texts`` (what the page shows), explained."""
    terms = metrics.terms_in(ds.glossary, texts)
    if terms.empty:
        return
    with st.expander(f"Terms used on this page ({len(terms)})"):
        st.markdown("\n".join(f"- **{md_text(t.term)}**: {md_text(t.expansion)}" + (f". {md_text(t.explanation)}" if t.explanation else "") for t in metrics.rows(terms)))


SHARE_LINK_HTML = '<div class="share"><button type="button">Copy link</button> <span class="status" role="status"></span><a></a></div>'
SHARE_LINK_CSS = """
.share { font-family: var(--st-font); font-size: 0.9rem; }
.share a { display: block; margin-top: 0.4rem; color: var(--st-primary-color); overflow-wrap: anywhere; }
.share button { font: inherit; padding: 0.3rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--st-border-color); background: var(--st-secondary-background-color); color: var(--st-text-color); }
.share .status { color: var(--st-text-color); opacity: 0.7; }
"""
_share_link_component = st.components.v2.component(
    "hmt_share_link", html=SHARE_LINK_HTML, css=SHARE_LINK_CSS, js=(pathlib.Path(__file__).parent / "frontend" / "share_link.js").read_text(encoding="utf-8")
)


TAB_KEY = "tab"
TABS = ("Chart", "Table")


def view_tabs():
    """A Chart tab and a Table tab, as on Our World in Data's grapher. Only the open tab's
    content runs (``tab.open``), so a chart view never builds or loads its table, and the open
    tab is part of the link (``?tab=Table``)."""
    return st.tabs(list(TABS), key=TAB_KEY, bind="query-params")


def share_link(state: FilterState) -> None:
    """The full link of this view, with a copy button."""
    base = ""
    try:
        base = st.context.url or ""
    except Exception:  # no browser context (for example in AppTest)
        base = ""
    base = base.split("?")[0].split("#")[0]
    with st.expander("Share this view"):
        st.caption("This link opens the same period and countries on this page. The address bar holds it too.")
        tab = st.session_state.get(TAB_KEY)
        extra = f"&{TAB_KEY}={tab}" if tab in TABS and tab != TABS[0] else ""
        _share_link_component(data={"url": f"{base}?{query_string(state)}{extra}"}, key="share_link")


def download_csv(frame: pd.DataFrame, file_stem: str, state: FilterState, label: str = "Download this data (CSV)", sources: dict[str, dict] | None = None) -> None:
    """A CSV download of ``frame``; with ``sources``, each row also gets its source URLs."""
    stem = f"{file_stem}_{state.start:%Y%m%d}-{state.end:%Y%m%d}" + (f"_{'-'.join(state.countries)}" if state.countries else "")
    # A callable: the CSV is only built when someone clicks, not on every rerun.
    st.download_button(label, functools.partial(_csv_bytes, frame, sources), file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key=f"dl_{file_stem}")


def _csv_bytes(frame: pd.DataFrame, sources: dict[str, dict] | None = None) -> bytes:
    flat = frame.copy()
    if sources is not None:
        flat["source_urls"] = [" ".join(sources[s]["url"] for s in ids if s in sources) for ids in flat["source_ids"]]
    for column in flat.columns:
        # A plain loop: Series.map keeps a datetime dtype on an empty frame, and .any() then fails.
        if any(isinstance(value, tuple) for value in flat[column]):
            flat[column] = flat[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
    return flat.to_csv(index=False).encode("utf-8")


def with_source_columns(frame: pd.DataFrame, sources: dict[str, dict], ids_column: str = "source_ids") -> pd.DataFrame:
    """``frame`` plus the columns every table shows: ``sources`` (publishers), ``link`` (the
    first source's URL, for a LinkColumn) and, where rows can be disputed, ``disputed``."""
    ids = frame[ids_column].tolist()
    extra = {"sources": [publishers(sources, row_ids) for row_ids in ids], "link": [first_url(sources, row_ids) for row_ids in ids]}
    if "dispute_id" in frame.columns:
        extra["disputed"] = [bool(d) for d in frame["dispute_id"]]
    return frame.assign(**extra)


def link_column(label: str = "Source") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text="open ↗")


def date_column(label: str = "Date") -> st.column_config.DateColumn:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


COUNTRY_COLUMNS = {
    "in_haiti": "In Haiti",
    "rotated_in": "Rotated in (relief)",
    "in_haiti_date": date_column("Headcount as of"),
    "in_haiti_confidence": "Confidence",
    "in_haiti_note": "Caveat",
    "announced": date_column("Announced"),
    "notified": date_column("Notified to the UN"),
    "first_arrival": date_column("First arrival"),
    "withdrawn_or_suspended": date_column("Withdrawn or suspended"),
    "latest_figure_date": date_column("Latest figure"),
    "latest_source": link_column("Source of latest figure"),
}


def country_dataframe(table: pd.DataFrame, sources: dict[str, dict], columns: list[str]) -> None:
    """The per-country table (``metrics.country_table``) with its stage in words and a link
    to the source of each country's latest figure; ``columns`` picks what a page shows."""
    frame = table.assign(
        stage=table["status"].map(metrics.STATUS_LABELS),
        latest_source=[first_url(sources, ids) for ids in table["latest_figure_sources"]],
    )
    st.dataframe(frame[columns], hide_index=True, column_config={k: v for k, v in COUNTRY_COLUMNS.items() if k in columns})


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_text(text: object) -> str:
    """Escape text from the data so Markdown shows it literally."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def md_link(label: str, url: str) -> str:
    """A Markdown link, only for http(s) URLs; anything else is shown as plain text."""
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", url or ""):
        return md_text(label)
    safe_url = urllib.parse.quote(url, safe=":/?&=#%~+,;@!$'*")
    return f"[{md_text(label)}]({safe_url.replace('(', '%28').replace(')', '%29')})"


def source_links(sources: dict[str, dict], source_ids: tuple[str, ...]) -> str:
    return " · ".join(md_link(sources[s]["publisher"], sources[s]["url"]) for s in source_ids if s in sources)


def sources_frame(ds: Dataset, source_ids) -> pd.DataFrame:
    """The sources behind some rows, for a table with clickable links."""
    known = set(ds.sources["source_id"])
    wanted = [s for s in dict.fromkeys(source_ids) if s in known]
    frame = ds.sources.set_index("source_id").loc[wanted].reset_index()
    return frame[["source_id", "publisher", "outlet", "title", "published", "kind", "canonical_url", "url"]]


SOURCE_COLUMNS = {
    "canonical_url": link_column("Original publisher's link"),
    "url": link_column("Where it was read"),
    "published": date_column("Published"),
}


def page_footer(ds: Dataset) -> None:
    st.divider()
    st.caption(
        f"Haiti Mission Tracker · data as of {ds.as_of:%-d %B %Y}, computed from the latest dated fact · "
        "every figure links to its sources · disputed figures are shown as ranges, never resolved silently."
    )


def plotly_chart(figure, alt: str, key: str, state: FilterState | None = None, ds: Dataset | None = None, source_ids=(), note: str = "") -> None:
    """The chart's title as text above it (it wraps on a phone and no toolbar covers it), then
    the chart; with ``state`` and ``ds``, its PNG download carries the title, the filters,
    the "as of" date, the sources (``source_ids``) and the dashboard's name."""
    title = figure.layout.title.text or ""
    export = None
    if state is not None and ds is not None:
        if title:
            st.markdown(f"**{md_text(title)}**")
        _, names = _sidebar_facts(ds)
        lookup = metrics.source_lookup(ds)
        export = metrics.chart_export(title, state, names, ds.as_of, metrics.sources_label(lookup, metrics.main_sources(lookup, source_ids), limit=4), f"haiti_mission_{key}", note)
    light_chart.plotly_chart(figure, alt=alt, key=key, export=export)


def first_url(sources: dict[str, dict], source_ids) -> str | None:
    for source_id in source_ids or ():
        if source_id in sources:
            return sources[source_id]["url"]
    return None


def publishers(sources: dict[str, dict], source_ids) -> str:
    return "; ".join(dict.fromkeys(sources[s]["publisher"] for s in source_ids or () if s in sources))
