"""Streamlit glue shared by every page: data loading, the filter sidebar synced with the URL,
notices, the share link, downloads and source links. Logic lives in the other modules; the URL
grammar lives in ``components/url_state.py`` alone.

How the view survives page switches: Streamlit's sidebar navigation drops query params and
resets widgets that live on another page. So the canonical state is kept under a non-widget
session key, ``FILTERS_KEY``. On every run:

- a URL that carries view params wins (a shared link, a reload, Back or Forward);
- a URL without them means the default view when it is the session's first run or a Back or
  Forward step (the URL only carries what differs from the default), and otherwise (a page
  switch in the sidebar) the session's state, written back into the URL.

A URL written back while a page loads (that page switch, or a malformed or old link made
canonical) replaces the browser's history entry instead of adding one, so Back goes back one
view per press: ``url_sync.js`` calls ``history.replaceState``, and the server's copy of the
query params is updated without a message to the browser (Streamlit 1.67's frontend pushes a
history entry for every script-side ``st.query_params`` change that is not part of a Back step).
A widget change is a new view, so its callback writes ``st.query_params`` and the browser gets
a new history entry.

Embedded (``?embed=true``, Streamlit's own flag, which hides its toolbar): a page draws its
title, charts, captions and sources from the view in the URL, and no sidebar, filter widgets,
share box, glossary expander or downloads (``embedded()``).

Printed: ``page_setup`` injects a print stylesheet (``PRINT_CSS``) that hides the sidebar, the
header and every widget and button, and ``page_footer`` adds a block shown only in print: the
view's citation, with its link written out.
"""

from __future__ import annotations

import contextvars

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import pathlib
import re
import threading
import time
import urllib.parse
from dataclasses import replace

import pandas as pd
import streamlit as st

from components import cite, export, i18n, light_chart, map_deck, map_svg, metrics, url_state
from components.data import DataError, Dataset, data_dir_from_env, load_dataset
from components.i18n import N_, _, ngettext
from components.url_state import Bounds, FilterState

FILTERS_KEY = "filters"
LANGUAGE_LABEL = "Language · Langue · Lang"  # in the three languages, so that anyone finds the switch
TAB_WIDGET = "w_tab"
FRONTEND = pathlib.Path(__file__).parent / "frontend"
# When set, each page run appends "page,milliseconds" to this file (benchmarks/load.py reads it).
RUN_LOG = os.environ.get("HMT_RUN_LOG")


DATA_CHECK_SECONDS = 10  # how often the data files are looked at for an update
_DATASETS: dict[str, dict] = {}  # per data folder: the last good dataset, its hash, a rejected update
_DATASETS_LOCK = threading.Lock()


def current_dataset(data_dir: str) -> Dataset:
    """The dataset in ``data_dir``, shared by all sessions of this process (read-only), and
    loaded again when the content of its files changes (looked at every DATA_CHECK_SECONDS at
    most, so an update is served within seconds, without a restart). An update that fails
    validation never replaces the last good dataset: that one is kept, the problems are logged
    (stderr) and written to ``HMT_STATUS_FILE`` (deploy/health.py reports them at /healthz).
    Only a folder that never loaded raises DataError (the page shows the problems)."""
    folder = pathlib.Path(data_dir)
    with _DATASETS_LOCK:
        entry = _DATASETS.get(data_dir)
        if entry and time.monotonic() - entry["checked"] < DATA_CHECK_SECONDS:
            return entry["dataset"]
        digest = hashlib.sha256()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
        content = digest.hexdigest()[:16]
        if entry and content in (entry["hash"], (entry["rejected"] or {}).get("data_hash")):
            entry["checked"] = time.monotonic()
            return entry["dataset"]
        try:
            dataset, rejected = load_dataset(folder), None
        except DataError as error:
            if entry is None:
                raise
            problems = [str(problem) for problem in error.problems]
            logging.getLogger(__name__).warning("data update in %s rejected, still serving the last good data (%s): %s", folder, entry["hash"], "; ".join(problems[:20]))
            dataset, content, rejected = entry["dataset"], entry["hash"], {"data_hash": digest.hexdigest()[:16], "problems": problems[:50], "at": dt.datetime.now().isoformat(timespec="seconds")}
        _DATASETS[data_dir] = entry = {"dataset": dataset, "hash": content, "rejected": rejected, "checked": time.monotonic()}
        if status_file := os.environ.get("HMT_STATUS_FILE"):
            status = {"data_dir": str(folder), "data_hash": content, "data_version": f"{dataset.data_version:%Y-%m-%d}", "as_of": f"{dataset.as_of:%Y-%m-%d}", "rejected": rejected, "pid": os.getpid()}
            pathlib.Path(status_file + ".tmp").write_text(json.dumps(status, indent=1), encoding="utf-8")
            os.replace(status_file + ".tmp", status_file)
        return dataset


def page_language() -> str:
    """The language of this run, decided as the view is (see the module docstring): the URL's
    when it carries view params, English for a first run or a Back step to a bare URL, and
    otherwise (a page switch in the sidebar) the session's."""
    params = _current_params()
    if url_state.has_view_params(params):
        return url_state.language_of(params)
    if _is_history_step() or FILTERS_KEY not in st.session_state:
        return i18n.DEFAULT_LANGUAGE
    return st.session_state[FILTERS_KEY].lang


# A visible focus ring on every control (WCAG 2.4.7): some of Streamlit's (the sidebar's page
# links) and plotly's toolbar buttons show little or none; !important because their own rules
# are more specific. The theme's primary blue has 6.4:1 against the page and the sidebar.
#
# Streamlit fades a caption with opacity: 0.6, which fades the links in it too (to 2.8:1 against
# white). The same faded grey as a colour instead, so a caption's text keeps its look (4.8:1,
# tests/test_contrast.py) and its links keep the theme's link colour (6.4:1). Only <style>:
# Streamlit puts it in the page's head area, where it takes no space.
A11Y_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: rgba(14, 17, 22, 0.6); }
:focus-visible { outline: 2px solid #1f5fa8 !important; outline-offset: 1px; }
</style>"""


PAGE_DIR = pathlib.Path(__file__).resolve().parents[1] / "pages"
_NAVIGATED = contextvars.ContextVar("hmt_navigated", default=False)


def navigation():
    """The pages, their names in the reader's language and their addresses (the sidebar)."""
    _NAVIGATED.set(True)
    return st.navigation(
        [
            st.Page(PAGE_DIR / "0_Overview.py", title=_("Overview"), url_path="Overview", default=True),
            st.Page(PAGE_DIR / "1_Timeline.py", title=_("Timeline"), url_path="Timeline"),
            st.Page(PAGE_DIR / "2_Map.py", title=_("Map"), url_path="Map"),
            st.Page(PAGE_DIR / "3_Pledges_and_deployments.py", title=_("Pledges and deployments"), url_path="Pledges_and_deployments"),
            st.Page(PAGE_DIR / "4_Funding.py", title=_("Funding"), url_path="Funding"),
            st.Page(PAGE_DIR / "5_Sources_and_method.py", title=_("Sources and method"), url_path="Sources_and_method"),
        ],
        # Embedded (?embed=true), a page shows its content only: no sidebar, so no page list either.
        position="hidden" if embedded() else "sidebar",
    )


def page_setup(title: str) -> None:
    """Start a page run: its language first (everything after it speaks it), then the page's
    config. ``title`` is an English message marked with ``N_()``."""
    st.session_state["_run_started"] = (title, time.perf_counter())
    st.session_state["_page"] = {"title": title, "tabs": False, "filters_apply": True}
    i18n.set_language(page_language())
    if not _NAVIGATED.get() and st.runtime.exists():
        # A fresh server that is first asked for /Map runs pages/2_Map.py by itself (Streamlit
        # finds pages/ before app.py has declared the navigation), and its sidebar would list
        # "app" among the pages: declare the navigation here too, without running it again.
        navigation()
    st.set_page_config(page_title=_("{page} · Haiti Mission Tracker").format(page=_(title)), page_icon="🇭🇹", layout="wide")
    st.html(f"{A11Y_CSS}<style>{PRINT_CSS}</style>")  # our own constants: nothing from a URL or the data
    _print_component(data={}, key="print_view")
    _reconnect_component(data={}, key="rerun_on_reconnect", on_reconnected_change=lambda: None)


def _callback_language() -> None:
    """Widget callbacks run before the page, in a new thread: speak the session's language."""
    state = st.session_state.get(FILTERS_KEY)
    i18n.set_language(state.lang if state is not None else i18n.DEFAULT_LANGUAGE)


def _query_string() -> str:
    """The page's query string as the browser sent it (``st.query_params`` hides Streamlit's
    ``embed`` parameters, so this reads the run's own copy)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return (ctx.query_string or "") if ctx is not None else ""
    except Exception:
        return ""


def embedded() -> bool:
    """Whether the page is shown embedded (``?embed=true``): no sidebar, no widgets."""
    return url_state.is_embedded(urllib.parse.parse_qs(_query_string(), keep_blank_values=True))


_print_component = st.components.v2.component("hmt_print_view", js=(FRONTEND / "print_view.js").read_text(encoding="utf-8"))
_reconnect_component = st.components.v2.component("hmt_rerun_on_reconnect", js=(FRONTEND / "rerun_on_reconnect.js").read_text(encoding="utf-8"))

# Printing a page (or "Save as PDF") gives a clean A4 page: the charts, figures, captions and
# sources, and the view's citation with its link; not the sidebar, Streamlit's header and
# toolbar, the widgets, buttons, tabs' labels, expanders or chart toolbars. Streamlit lays the
# page out in a scrolling box of the window's height, which would print as one page: printed,
# the boxes grow with their content instead.
PRINT_ONLY_KEY = "hmt_print_only"
PRINT_CSS = """
.st-key-hmt_print_only { display: none; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stBottom"], [data-testid="stExpander"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stLinkButton"], [data-testid="stDateInput"], [data-testid="stMultiSelect"], [data-testid="stTabs"] [role="tablist"],
  [data-baseweb="tab-list"], [data-baseweb="tab-border"], [data-baseweb="tab-highlight"], .modebar-container, .modebar, footer { display: none !important; }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important; position: static !important; }
  [data-testid="stMain"] { margin: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
  .hmt-chart, [data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stDeckGlJsonChart"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .st-key-hmt_print_only { display: block !important; border-top: 1px solid #999; padding-top: 0.5rem; }
  .st-key-hmt_print_only * { overflow-wrap: anywhere; }
}
"""


def dataset() -> Dataset:
    """The dataset, or a clear message (file, line, column, problem) and a stopped page."""
    data_dir = data_dir_from_env()
    try:
        return current_dataset(str(data_dir))
    except DataError as error:
        st.error(_("The dashboard cannot show its data: {n} problem(s) were found in {folder}. Fix them and reload.").format(n=len(error.problems), folder=data_dir))
        st.code("\n".join(str(p) for p in error.problems[:50]), language=None)
        st.stop()


def _sidebar_facts(ds: Dataset) -> tuple[Bounds, dict[str, str]]:
    """What the sidebar needs from the data: the filters' bounds and the country names."""
    return ds.derived("sidebar", lambda: (_bounds(ds), ds.countries.set_index("iso3")["name"].to_dict()))


def _bounds(ds: Dataset) -> Bounds:
    codes = set(ds.contributions["country"]) | set(ds.funding["donor"]) | {c for codes in ds.events["countries"] for c in codes}
    return Bounds(ds.first_date.date(), ds.as_of.date(), frozenset(codes), version=metrics.data_version(ds))


def _current_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _push_url(state: FilterState, bounds: Bounds) -> None:
    """Write the state into the URL as a new history entry (a user's change of view)."""
    wanted = url_state.to_query_params(state, bounds)
    for key in (*url_state.PARAMS, *url_state.LEGACY_PARAMS):
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    if any(st.query_params.get_all(k) != [v] for k, v in wanted.items()):
        st.query_params.update(wanted)


_url_sync_component = st.components.v2.component("hmt_url_sync", js=(FRONTEND / "url_sync.js").read_text(encoding="utf-8"))


def _replace_url(state: FilterState, bounds: Bounds) -> None:
    """Make the URL canonical while a page loads, replacing the history entry (see above)."""
    wanted = url_state.to_query_params(state, bounds)
    grammar = [*url_state.PARAMS, *url_state.LEGACY_PARAMS]
    try:  # the server's copy, without the message that would make the browser push an entry
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.state import get_session_state

        with get_session_state().query_params() as qp:
            for key in grammar:
                qp.discard_param_no_forward_msg(key)
            for key, value in wanted.items():
                qp.set_with_no_forward_msg(key, value)
            ctx = get_script_run_ctx()
            if ctx is not None:
                ctx.query_string = urllib.parse.urlencode(qp._query_params, doseq=True)
    except Exception:  # no session (bare script) or a Streamlit without these internals
        pass
    with st.container() if embedded() else st.sidebar:  # embedded, the page has no sidebar
        _url_sync_component(data={"query": url_state.query_string(state, bounds), "keys": grammar}, key="url_sync")


def _is_history_step() -> bool:
    """Whether this run was started by the browser's Back or Forward button."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return bool(ctx and ctx.is_history_navigation)
    except Exception:
        return False


WIDGET_KEYS = ("w_from", "w_to", "w_countries", "w_lang", TAB_WIDGET)
RECONNECTED_KEY = "_reconnected_widgets"


def _widgets_sent_on_reconnect() -> dict[str, object]:
    """On a session's first run, the filter widgets whose values the browser sent with it.

    A fresh page sends none. A tab whose replica went away reconnects to another one, where it
    gets a new session, and the script does not run until the reader's next change; that
    change's run is the new session's first, and it carries every widget's value, the change
    included. Streamlit runs no on_change callback for it (the session has not drawn the
    widgets yet), and the page would draw the view of the URL over it: the click was lost. The
    values it sent are the reader's view with that change applied, so they win over the URL
    (see ``_adopt_reconnected_change``). Streamlit's widget ids end with the widget's key.

    Returns the keys sent, each with its raw string value where it has one (the tabs': their
    id also depends on the page's layout, so the new session may not match it to its widget)."""
    if FILTERS_KEY in st.session_state:
        return {}
    try:
        from streamlit.runtime.state import get_session_state

        states = get_session_state()._state._new_widget_state.states
        sent = {}
        for widget_id, state in states.items():
            key = next((key for key in WIDGET_KEYS if str(widget_id).endswith(f"-{key}")), None)
            if key:
                proto = getattr(state, "value", None)
                has_string = getattr(proto, "WhichOneof", None) and proto.WhichOneof("value") == "string_value"
                sent[key] = proto.string_value if has_string else True
        return sent
    except Exception:  # no session (AppTest, a bare script) or a Streamlit without these internals
        return {}


def _adopt_reconnected_change(state: FilterState, wanted: FilterState, bounds: Bounds) -> None:
    """After a reconnect (``_widgets_sent_on_reconnect``): if the widgets the browser sent say
    another view than the URL, that is the reader's change; apply it as a change and run again."""
    if wanted != state:
        _set_state(wanted, bounds)
        st.rerun()


def _set_state(state: FilterState, bounds: Bounds) -> None:
    st.session_state[FILTERS_KEY] = state
    _push_url(state, bounds)


def _on_dates_change(bounds: Bounds) -> None:
    _callback_language()
    state: FilterState = st.session_state[FILTERS_KEY]
    start, end = st.session_state.get("w_from"), st.session_state.get("w_to")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return  # a cleared field: keep the last good dates
    if start > end:
        start, end = end, start
        st.session_state["_notice"] = _("'From' was after 'To', so the two dates were swapped.")
    # An end on the newest fact follows new data; any other end is pinned.
    _set_state(replace(state, start=start, end=end, pinned_end=end != bounds.last), bounds)


def _on_countries_change(bounds: Bounds) -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(state.with_countries(st.session_state.get("w_countries", [])), bounds)


def _on_tab_change(bounds: Bounds) -> None:
    _callback_language()
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(replace(state, tab=url_state.tab_id(st.session_state.get(TAB_WIDGET))), bounds)


def _on_language_change(bounds: Bounds) -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    lang = st.session_state.get("w_lang")
    _set_state(replace(state, lang=lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE), bounds)


def view_state(bounds: Bounds) -> tuple[FilterState, list[str]]:
    """The state this run shows, and notices about the link; rewrites a URL that is not
    canonical (replacing its history entry)."""
    params = _current_params()
    if url_state.has_view_params(params):
        state, notices = url_state.parse_query_params(params, bounds)
        if not url_state.is_canonical(params, state, bounds):
            _replace_url(state, bounds)  # a malformed or old link becomes the canonical one
        return state, notices
    if _is_history_step() or FILTERS_KEY not in st.session_state:
        return bounds.default_state(), []  # the URL says "the default view"
    state = bounds.resolve(st.session_state[FILTERS_KEY])  # a page switch: the session's view
    if url_state.to_query_params(state, bounds):
        _replace_url(state, bounds)
    return state, []


def filters(ds: Dataset) -> FilterState:
    """Draw the sidebar filters and return the state every page filters by."""
    bounds, names = _sidebar_facts(ds)
    st.session_state["_names"] = names  # for the citation's words
    st.session_state[RECONNECTED_KEY] = _widgets_sent_on_reconnect()
    state, notices = view_state(bounds)
    st.session_state[FILTERS_KEY] = state
    st.session_state["_bounds"] = bounds  # for the tabs and the share box
    if "_notice" in st.session_state:
        notices.append(st.session_state.pop("_notice"))
    if not embedded():
        _sidebar_filters(ds, state, bounds, names)
    if notices:
        text = " ".join(notices[:3]) + " " + (_("The other parts of the link were applied.") if len(notices) <= 3 else _("Other problems with the link were also fixed."))
        # Notices are written by url_state from its own words; escaped all the same, so that
        # nothing in them can ever render as a link, emphasis or HTML.
        st.info(md_text(text), icon="ℹ️")
    whats_new(ds, state, bounds)
    return state


def _sidebar_filters(ds: Dataset, state: FilterState, bounds: Bounds, names: dict[str, str]) -> None:
    sent = st.session_state[RECONNECTED_KEY]  # values the browser sent after a reconnect stay
    for key, value in (("w_from", state.start), ("w_to", state.end), ("w_countries", list(state.countries)), ("w_lang", state.lang)):
        if key not in sent:
            st.session_state[key] = value
    names = i18n.country_names(names)
    # The controls sit in popovers, whose content Streamlit draws only when opened: a page's
    # first paint then needs none of the date picker's and select box's scripts (about 400 kB
    # of Streamlit's own chunks), and its chart appears sooner (README, Performance). The page's
    # filter line says what the view shows without opening anything.
    with st.sidebar:
        # The switch's label is in all three languages: a reader who does not read the page's
        # language still finds it.
        with st.popover(f"{LANGUAGE_LABEL}: {i18n.LANGUAGES[state.lang]}", width="stretch", key="language_popover"):
            st.selectbox(LANGUAGE_LABEL, list(i18n.LANGUAGES), key="w_lang", format_func=i18n.LANGUAGES.get, on_change=_on_language_change, args=(bounds,))
        with st.popover(_("Filters"), width="stretch", key="filters_popover"):
            st.date_input(_("From"), key="w_from", min_value=bounds.first, max_value=bounds.last, on_change=_on_dates_change, args=(bounds,), format="YYYY-MM-DD")
            st.date_input(_("To"), key="w_to", min_value=bounds.first, max_value=bounds.last, on_change=_on_dates_change, args=(bounds,), format="YYYY-MM-DD")
            st.multiselect(
                _("Countries"),
                sorted(bounds.countries, key=lambda c: names.get(c, c)),
                key="w_countries",
                format_func=lambda c: f"{names.get(c, c)} ({c})",
                on_change=_on_countries_change,
                args=(bounds,),
                placeholder=_("All countries"),
            )
        st.caption(_("Data as of {date} (the latest dated fact).").format(date=i18n.date(ds.as_of)) + ("" if state.pinned_end else " " + _("The view follows new data.")))
    if set(sent) & {"w_from", "w_to", "w_countries", "w_lang"}:
        start, end = st.session_state.get("w_from"), st.session_state.get("w_to")
        dates = (min(start, end), max(start, end)) if isinstance(start, dt.date) and isinstance(end, dt.date) else (state.start, state.end)
        lang = st.session_state.get("w_lang")
        wanted = replace(state.with_countries(st.session_state.get("w_countries", [])), start=dates[0], end=dates[1], pinned_end=dates[1] != bounds.last if dates[1] != state.end else state.pinned_end, lang=lang if lang in i18n.LANGUAGES else state.lang)
        _adopt_reconnected_change(state, wanted, bounds)


NEW_IDS_KEY = "_new_ids"


def _view_url(state: FilterState, bounds: Bounds, *, pinned: bool = False) -> str:
    query = url_state.query_string(state, bounds, pinned=pinned)
    return f"{_page_base_url()}?{query}" if query else (_page_base_url() or "?")


def whats_new(ds: Dataset, state: FilterState, bounds: Bounds) -> None:
    """For a link made with an older data version (``v``): how many facts of the view were
    added since, which rows they are (marked new in the tables), and the same view with the
    newest data."""
    st.session_state[NEW_IDS_KEY] = frozenset()
    if state.version is None:
        return
    current = metrics.data_version(ds)
    if state.version >= current:
        st.caption(md_text(_("No facts have been added since this link was shared (data version {version}).").format(version=state.version.isoformat())))
        return
    st.session_state[NEW_IDS_KEY] = metrics.new_ids(ds, state.version)
    count = metrics.count_added_since(ds, state.version, state)
    newest = bounds.resolve(replace(state, pinned_end=False, version=None))
    beyond = metrics.count_added_since(ds, state.version, newest) - count
    text = ngettext("{n} fact added since this link was shared", "{n} facts added since this link was shared", count).format(n=count)
    text += " " + _("(data version {version}; the data is now at version {current}).").format(version=state.version.isoformat(), current=current.isoformat())
    if count:
        text += " " + ngettext("It is marked new in the tables.", "They are marked new in the tables.", count)
    if beyond > 0:
        text += " " + ngettext("{n} more is dated after this view's end.", "{n} more are dated after this view's end.", beyond).format(n=beyond)
    st.info(md_text(text), icon="🆕")
    if not embedded():
        st.link_button(_("Open this view with the newest data"), _view_url(newest, bounds), key="newest_data")


def new_mark(row_id: str) -> str:
    """ " · new since this link" (Markdown) for a row added after the link's data version."""
    return " · **" + md_text(_("new since this link")) + "**" if row_id in st.session_state.get(NEW_IDS_KEY, ()) else ""


def filter_line(state: FilterState, ds: Dataset, applies: bool = True) -> None:
    """A line at the top of the page with the view's filters, so that they can be found on a
    phone, where the sidebar is closed behind an unlabelled "»"."""
    if not applies:
        st.session_state.setdefault("_page", {})["filters_apply"] = False
    if embedded():
        if applies:
            names = _sidebar_facts(ds)[1]
            st.caption(md_text(_("Showing: {filters}.").format(filters=metrics.filter_summary(state, names))))
        return
    if not applies:
        st.caption(_("This page ignores the filters: it lists every source, every dispute and the whole glossary, whatever the dates and countries chosen."))
        return
    names = _sidebar_facts(ds)[1]
    st.caption(_("Filters: {filters}. Change them in the sidebar (on a phone, open it with » at the top left).").format(filters=md_text(metrics.filter_summary(state, names))))


def terms_used(ds: Dataset, texts) -> None:
    """The glossary's terms that appear in ``texts`` (what the page shows), explained."""
    terms = metrics.terms_in(ds.glossary, texts)
    if terms.empty or embedded():
        return
    with st.expander(_("Terms used on this page ({n})").format(n=len(terms))):
        st.markdown("\n".join(f"- **{md_text(t.term)}**: {md_text(t.expansion)}" + (f". {md_text(t.explanation)}" if t.explanation else "") for t in metrics.rows(terms)))


SHARE_LINK_HTML = '<div class="share"></div>'

SHARE_LINK_CSS = """
.share { font-family: var(--st-font); font-size: 0.9rem; }
.share .row { margin-bottom: 0.8rem; }
.share .label { font-weight: 600; }
.share a { display: block; margin-top: 0.3rem; color: var(--st-primary-color); overflow-wrap: anywhere; }
.share button { font: inherit; padding: 0.2rem 0.7rem; margin-left: 0.5rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--st-border-color); background: var(--st-secondary-background-color); color: var(--st-text-color); }
.share .status { color: var(--st-text-color); opacity: 0.7; margin-left: 0.4rem; }
.share pre { margin: 0.3rem 0 0; padding: 0.4rem 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8rem;
  border-radius: 0.5rem; background: var(--st-secondary-background-color); color: var(--st-text-color); }
"""
_share_link_component = st.components.v2.component("hmt_share_link", html=SHARE_LINK_HTML, css=SHARE_LINK_CSS, js=(FRONTEND / "share_link.js").read_text(encoding="utf-8"))


def view_tabs():
    """A Chart tab and a Table tab, as on Our World in Data's grapher. Only the open tab's
    content runs (``tab.open``), so a chart view never builds or loads its table. The open
    tab is part of the view state, so it is in the link as a stable id (``?tab=table``)."""
    state: FilterState = st.session_state[FILTERS_KEY]
    bounds = st.session_state["_bounds"]
    st.session_state.setdefault("_page", {})["tabs"] = True
    if embedded():  # no tab labels to click: the tab the link names, drawn as a plain container
        return tuple(_Pane(tab == state.tab) for tab in url_state.TABS)
    st.session_state[TAB_WIDGET] = url_state.tab_label(state.tab)
    tabs = st.tabs([url_state.tab_label(tab) for tab in url_state.TABS], key=TAB_WIDGET, on_change=_on_tab_change, args=(bounds,))
    sent = st.session_state.get(RECONNECTED_KEY, {}).get(TAB_WIDGET)
    if isinstance(sent, str):  # the tab the reader opened, sent after a reconnect
        _adopt_reconnected_change(state, replace(state, tab=url_state.tab_id(sent)), bounds)
    return tabs


class _Pane:
    """What ``view_tabs`` gives an embedded page instead of a tab: a container that says
    whether it is the one shown (``open``), used as ``with pane:``."""

    def __init__(self, open_: bool):
        self.open = open_
        self._container = st.container()

    def __enter__(self):
        return self._container.__enter__()

    def __exit__(self, *exc):
        return self._container.__exit__(*exc)


def _page_base_url() -> str:
    """This page's address without its query, from the browser's own URL; http(s) only."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser context (for example in AppTest)
        return ""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, urllib.parse.quote(urllib.parse.unquote(parts.path), safe="/") or "/", "", ""))


def share_links(state: FilterState, bounds: Bounds) -> list[dict[str, str]]:
    """The two links the share box offers: this view following new data, and pinned."""
    base = _page_base_url()
    following = bounds.resolve(replace(state, pinned_end=False, version=None))  # v is only for pinned links
    pinned = replace(state, pinned_end=True)
    return [
        {
            "label": _("This view, following new data"),
            "note": _("From {start} to the newest fact, whenever it is opened.").format(start=i18n.date(state.start)),
            "url": f"{base}?{url_state.query_string(following, bounds)}".rstrip("?"),
        },
        {
            "label": _("This view, pinned to these dates"),
            "note": _("From {start} to {end}, even after new data is added.").format(start=i18n.date(state.start), end=i18n.date(state.end)),
            "url": f"{base}?{url_state.query_string(pinned, bounds, pinned=True)}",
        },
    ]


def view_words(state: FilterState, bounds: Bounds | None = None) -> tuple[str, str]:
    """This page's title (the English message) and what the view shows, in words, in the
    current language (for citations)."""
    page = st.session_state.get("_page", {})
    title = page.get("title", cite.DASHBOARD)  # English (it names the BibTeX key and the embed height)
    if not page.get("filters_apply", True):
        return title, _(title)
    names = st.session_state.get("_names", {})
    tab = url_state.tab_label(state.tab).lower() if page.get("tabs") else None
    return title, cite.view_description(_(title), metrics.filter_summary(state, names), tab)


def share_snippets(state: FilterState, bounds: Bounds, accessed: dt.date | None = None) -> list[dict[str, str]]:
    """The share box's texts to copy: the embed snippet, the citation and its BibTeX."""
    accessed = accessed or dt.date.today()
    version = bounds.version or bounds.last
    title, description = view_words(state, bounds)
    pinned_url = _view_url(replace(state, pinned_end=True), bounds, pinned=True)
    embedded_view = replace(state, pinned_end=True, version=None)  # the article's dates, without "what is new"
    embed_query = url_state.query_string(embedded_view, replace(bounds, version=None), pinned=True)
    return [
        {
            "label": _("Embed"),
            "note": _("HTML for a web page: this view with its captions and sources, pinned to these dates, without the sidebar."),
            "text": cite.embed_snippet(f"{_page_base_url()}?{embed_query}", _("{page} · Haiti Mission Tracker").format(page=description), cite.embed_height(title)),
        },
        {"label": _("Cite this view"), "note": _("The link is pinned to these dates and to the data version."), "text": cite.citation_text(description, pinned_url, version, accessed)},
        {"label": _("BibTeX"), "note": "", "text": cite.bibtex(title, description, pinned_url, version, accessed)},
    ]


# The share box's buttons and statuses (English messages, translated where shown).
SHARE_WORDS = {"copy_link": N_("Copy link"), "copy_text": N_("Copy"), "copied": N_("Copied."), "select": N_("Press Ctrl+C (or Cmd+C) to copy the selected text.")}


def share_link(state: FilterState) -> None:
    """The links of this view, each with a copy button; its embed snippet and its citation
    (plain text and BibTeX), as text to copy. Not drawn on an embedded page."""
    if embedded():
        return
    bounds = st.session_state["_bounds"]
    with st.expander(_("Share this view")):
        st.caption(_("Each link opens this page with the same countries, tab and language. The address bar holds the view too."))
        words = {key: _(text) for key, text in SHARE_WORDS.items()}
        _share_link_component(data={"links": share_links(state, bounds), "snippets": share_snippets(state, bounds), "words": words}, key="share_link")


def download_csv(frame: pd.DataFrame, file_stem: str, state: FilterState, label: str = N_("Download this data (CSV)"), sources: dict[str, dict] | None = None) -> None:
    """A CSV download of ``frame``; with ``sources``, each row also gets its source URLs.
    Not drawn on an embedded page."""
    if embedded():
        return
    stem = f"{file_stem}_{state.start:%Y%m%d}-{state.end:%Y%m%d}" + (f"_{'-'.join(state.countries)}" if state.countries else "")
    # A callable: the CSV is only built when someone clicks, not on every rerun.
    st.download_button(_(label), functools.partial(export.csv_bytes, frame, sources), file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key=f"dl_{file_stem}")


_csv_bytes = export.csv_bytes  # the name earlier code and tests used


def with_source_columns(frame: pd.DataFrame, sources: dict[str, dict], ids_column: str = "source_ids") -> pd.DataFrame:
    """``frame`` plus the columns every table shows: ``sources`` (publishers), ``link`` (the
    first source's URL, for a LinkColumn) and, where rows can be disputed, ``disputed``."""
    ids = frame[ids_column].tolist()
    extra = {"sources": [publishers(sources, row_ids) for row_ids in ids], "link": [first_url(sources, row_ids) for row_ids in ids]}
    if "dispute_id" in frame.columns:
        extra["disputed"] = [bool(d) for d in frame["dispute_id"]]
    extra["new"] = _new_rows(frame)
    return frame.assign(**extra)


def _new_rows(frame: pd.DataFrame) -> list[bool]:
    """Whether each fact row was added after the data version of the link being viewed."""
    new = st.session_state.get(NEW_IDS_KEY, frozenset())
    for column in ("event_id", "entry_id", "report_id"):
        if column in frame.columns:
            return [row_id in new for row_id in frame[column]]
    if "report_ids" in frame.columns:  # the headcount series: one row per date, its reports joined
        return [any(part.strip() in new for part in str(ids).split(",")) for ids in frame["report_ids"]]
    return [False] * len(frame)


def fact_dataframe(frame: pd.DataFrame, **kwargs) -> None:
    """``st.dataframe`` for fact rows: with a first column "New" when the link being viewed
    is older than some of them (``whats_new``), without it otherwise."""
    if "new" in frame.columns:
        if frame["new"].any():
            frame = frame[["new", *[c for c in frame.columns if c != "new"]]]
            config = dict(kwargs.pop("column_config", None) or {})
            config["new"] = st.column_config.CheckboxColumn(_("New since link"), help=_("Added to the data after this link was shared."))
            kwargs["column_config"] = config
        else:
            frame = frame.drop(columns="new")
    st.dataframe(frame, **kwargs)


def link_column(label: str = N_("Source")) -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(_(label), display_text=_("open ↗"))


def date_column(label: str = N_("Date")) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(_(label), format="YYYY-MM-DD")


# Every table's column headers, by column name (English messages, translated where shown).
COLUMN_LABELS = {
    "date": N_("Date"), "title": N_("Title"), "summary": N_("Summary"), "category": N_("Category"), "countries": N_("Countries"),
    "country": N_("Country"), "stage": N_("Stage"), "pledged": N_("Pledged"), "arrived": N_("Arrived"), "in_haiti": N_("In Haiti"),
    "rotated_in": N_("Rotated in (relief)"), "in_haiti_confidence": N_("Confidence"), "in_haiti_note": N_("Caveat"),
    "confidence": N_("Confidence"), "disputed": N_("Disputed"), "sources": N_("Sources"), "event_id": N_("Event id"),
    "report_ids": N_("Report ids"), "personnel": N_("Personnel"), "label": N_("Personnel"), "qualifier": N_("Qualifier"),
    "personnel_type": N_("Personnel type"), "phase": N_("Phase"), "note": N_("Note"), "entry_id": N_("Entry id"),
    "donor_name": N_("Donor"), "committed": N_("Committed"), "deposited": N_("Paid into the trust fund"), "disbursed": N_("Released or spent"),
    "frozen": N_("Frozen"), "claimed": N_("Claimed by the donor"), "in_kind": N_("In kind"), "not_in_usd": N_("Not in US dollars"),
    "measure_label": N_("Measure"), "amount": N_("Amount"), "currency": N_("Currency"), "flow": N_("Flow"), "channel": N_("Channel"),
    "items": N_("Items"), "term": N_("Term"), "expansion": N_("In full"), "explanation": N_("Explanation"), "dispute_id": N_("Dispute id"),
    "topic": N_("Topic"), "source_id": N_("Source id"), "publisher": N_("Publisher"), "outlet": N_("Outlet"), "kind": N_("Kind"),
}
DATE_COLUMNS = {
    "date": N_("Date"), "in_haiti_date": N_("Headcount as of"), "announced": N_("Announced"), "notified": N_("Notified to the UN"),
    "first_arrival": N_("First arrival"), "withdrawn_or_suspended": N_("Withdrawn or suspended"), "latest_figure_date": N_("Latest figure"),
    "published": N_("Published"),
}
LINK_COLUMNS = {"link": N_("First source"), "latest_source": N_("Source of latest figure"), "canonical_url": N_("Original publisher's link"), "url": N_("Where it was read")}


# The data's codes in words, for the tables (English messages, translated where shown).
CODE_LABELS = {
    "stage": {
        "offer": N_("offer"), "pledge": N_("pledge"), "notification": N_("notification to the UN"), "support": N_("support without personnel"),
        "arrival": N_("arrival"), "rotation_in": N_("rotation in"), "rotation_out": N_("rotation out"), "departure": N_("departure"),
        "suspension": N_("suspension"), "strength": N_("reported headcount"), "casualty": N_("casualty"),
    },
    "qualifier": {"exact": N_("exact"), "about": N_("about"), "at_least": N_("at least"), "at_most": N_("at most")},
    "personnel_type": {"police": N_("police"), "military": N_("military"), "mixed": N_("police and military"), "unspecified": N_("not specified")},
    "phase": {"mss": N_("MSS"), "gsf": N_("GSF")},
    "flow": {
        "commitment": N_("commitment"), "commitment_total": N_("commitments, restated total"), "deposit": N_("deposit"),
        "deposit_total": N_("deposits, restated total"), "disbursement": N_("disbursement"), "freeze": N_("freeze"), "cut": N_("cut"),
        "in_kind": N_("in kind"), "claimed_total": N_("total claimed by the donor"),
    },
    "channel": {"trust_fund": N_("UN trust fund"), "bilateral": N_("bilateral"), "in_kind": N_("in kind"), "unspecified": N_("not specified")},
    "confidence": {"high": N_("high"), "medium": N_("medium"), "low": N_("low")},
    "kind": {"official": N_("official"), "news": N_("news"), "founding_article": N_("founding article"), "reference": N_("reference"), "aggregator": N_("aggregator")},
}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the data's codes (stage, qualifier, flow...) in words, in the current
    language; other columns untouched."""
    changes = {}
    for column, labels in CODE_LABELS.items():
        if column in frame.columns:
            words = {code: _(label) for code, label in labels.items()}  # each label translated once, not once per row
            changes[column] = frame[column].map(lambda code, words=words: words[code] if code in words else code)
    return frame.assign(**changes) if changes else frame


def column_config(columns, **overrides) -> dict:
    """Headers in the current language for a table's ``columns``: dates as dates, links as
    links; ``overrides`` (column -> English message or a column config) wins."""
    config = {}
    for column in columns:
        if column in overrides:
            value = overrides[column]
            config[column] = _(value) if isinstance(value, str) else value
        elif column in DATE_COLUMNS:
            config[column] = date_column(DATE_COLUMNS[column])
        elif column in LINK_COLUMNS:
            config[column] = link_column(LINK_COLUMNS[column])
        elif column in COLUMN_LABELS:
            config[column] = _(COLUMN_LABELS[column])
    return config


def country_dataframe(table: pd.DataFrame, sources: dict[str, dict], columns: list[str]) -> None:
    """The per-country table (``metrics.country_table``) with its stage in words and a link
    to the source of each country's latest figure; ``columns`` picks what a page shows."""
    frame = table.assign(
        stage=table["status"].map(lambda status: _(metrics.STATUS_LABELS[status])),
        in_haiti_confidence=table["in_haiti_confidence"].map(lambda c: metrics.confidence_word(c) if isinstance(c, str) else c),
        latest_source=[first_url(sources, ids) for ids in table["latest_figure_sources"]],
    )
    st.dataframe(frame[columns], hide_index=True, column_config=column_config(columns))


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


def sources_table(ds: Dataset) -> pd.DataFrame:
    """Every source, readable (``readable(sources_frame(ds, <every source>))``), once per dataset
    and language: the Sources page shows it whatever the filters. Read-only."""
    return ds.derived(f"sources_table:{i18n.get_language()}", lambda: readable(sources_frame(ds, ds.sources["source_id"])))


def dispute_notice(ds: Dataset, dispute_id: str) -> str:
    """A dispute in Markdown, as the Pledges page warns of it: its topic, its summary, and each
    version in words with its sources (links). The notices depend on the dataset and the
    language only, so they are written once per dataset and language."""
    notices = ds.derived(f"dispute_notices:{i18n.get_language()}", lambda: _dispute_notices(ds))
    return notices[dispute_id] if dispute_id in notices else _dispute_notice(ds, dispute_id)


def _dispute_notices(ds: Dataset) -> dict[str, str]:
    known = set(ds.disputes["dispute_id"])
    return {dispute_id: _dispute_notice(ds, dispute_id) for dispute_id in dict.fromkeys(ds.contributions["dispute_id"]) if dispute_id and dispute_id in known}


def _dispute_notice(ds: Dataset, dispute_id: str) -> str:
    sources = metrics.source_lookup(ds)
    topics = ds.disputes.set_index("dispute_id")
    rows = ds.contributions[ds.contributions["dispute_id"] == dispute_id]
    versions = "; ".join(f"{md_text(text)} ({source_links(sources, ids)})" for text, ids in metrics.dispute_versions(rows))
    return f"**{md_text(topics.loc[dispute_id, 'topic'])}**: {md_text(topics.loc[dispute_id, 'summary'])}  \n" + _("Versions: {versions}").format(versions=versions)


def page_footer(ds: Dataset) -> None:
    st.divider()
    st.caption(
        _("Haiti Mission Tracker · data as of {date}, computed from the latest dated fact · every figure links to its sources · disputed figures are shown as ranges, never resolved silently.").format(
            date=i18n.date(ds.as_of)
        )
    )
    state: FilterState | None = st.session_state.get(FILTERS_KEY)
    bounds: Bounds | None = st.session_state.get("_bounds")
    if state is not None and bounds is not None:
        if embedded():
            st.caption(md_link(_("Open this view in Haiti Mission Tracker"), _view_url(state, bounds)))
        # Shown only in print (see PRINT_CSS): the view's citation, its link written out.
        with st.container(key=PRINT_ONLY_KEY):
            citation = share_snippets(state, bounds)[1]["text"]
            st.text(_("Cite this view: {citation}").format(citation=citation))  # plain text: no Markdown, no autolink
    _log_run_time()


def _log_run_time() -> None:
    """With ``HMT_RUN_LOG`` set (by the load test), note how long this page's run took."""
    started = st.session_state.get("_run_started")
    if RUN_LOG and started:
        title, t0 = started
        with open(RUN_LOG, "a", encoding="utf-8") as log:
            log.write(f"{title},{(time.perf_counter() - t0) * 1000:.1f}\n")


def plotly_chart(figure, alt: str, key: str, state: FilterState | None = None, ds: Dataset | None = None, source_ids=(), note: str = "") -> None:
    """The chart's title as text above it (it wraps on a phone and no toolbar covers it), then
    the chart, a figure named by that title; with ``state`` and ``ds``, its PNG download
    carries the title, the filters, the "as of" date, the sources (``source_ids``) and the
    dashboard's name."""
    title = figure.layout.title.text or ""
    export = None
    if state is not None and ds is not None:
        if title:
            st.markdown(f"**{md_text(title)}**")
        names = _sidebar_facts(ds)[1]
        lookup = metrics.source_lookup(ds)
        export = metrics.chart_export(title, state, names, ds.as_of, metrics.sources_label(lookup, metrics.main_sources(lookup, source_ids), limit=4), f"haiti_mission_{key}", note)
    light_chart.plotly_chart(figure, alt=alt, key=key, export=export, table_hint=not embedded())


def first_url(sources: dict[str, dict], source_ids) -> str | None:
    for source_id in source_ids or ():
        if source_id in sources:
            return sources[source_id]["url"]
    return None


def publishers(sources: dict[str, dict], source_ids) -> str:
    return "; ".join(dict.fromkeys(sources[s]["publisher"] for s in source_ids or () if s in sources))


# The deck lies on top of its SVG first paint (components/map_svg.py), in the same place: the
# SVG shows as soon as the page's elements arrive, the deck covers it once it has drawn.
MAP_CSS = """<style>
.st-key-hmt_map { position: relative; }
.hmt-map-svg { display: block; width: 100%; height: 520px; }
.st-key-hmt_map > [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) { position: absolute; top: 0; left: 0; right: 0; }
</style>"""


def contributor_map(table: pd.DataFrame, ds: Dataset, alt: str) -> None:
    """The contributor map: its SVG first paint, then the deck over it (hover, zoom)."""
    with st.container(key="hmt_map"):
        # Our own constants and numbers formatted by map_svg: nothing from a URL or the data.
        outlines = ds.derived("map_outlines", lambda: map_svg.outline_paths(ds.world))
        st.html(MAP_CSS + map_svg.image_tag(map_svg.contributor_svg(table, ds.countries, outlines)))
        st.pydeck_chart(map_deck.contributor_deck(table, ds.countries, ds.world), height=map_deck.MAP_HEIGHT, alt=alt)
