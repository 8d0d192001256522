"""A page's one entry: ``ctx = page.open_page(N_("Timeline"))`` sets the run's language and
the page's config, loads the dataset, syncs the view with the URL, draws the sidebar and the
link's notices, and returns an immutable ``PageContext`` that every helper takes as its
argument. ``page_footer(ctx)`` closes the page. The navigation is built here from the page
list (components/site.py).

Embedded (``?embed=true``, Streamlit's own flag, which hides its toolbar): a page draws its
title, charts, captions and sources from the view in the URL, and no sidebar, filter widgets,
share box, glossary expander or downloads (``ctx.embedded``).

Printed: ``open_page`` injects a print stylesheet (``PRINT_CSS``) that hides the sidebar, the
header and every widget and button, and ``page_footer`` adds a block shown only in print: the
view's citation, with its link written out.
"""

from __future__ import annotations

import contextvars
import os
import pathlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import streamlit as st

from components import i18n, site, view_sync
from components.data import DataError, Dataset, data_dir_from_env
from components.dataset_cache import current_dataset
from components.i18n import _
from components.safe_markdown import md_link
from components.share import page_base_url, share_snippets, view_url, whats_new
from components.site import PageSpec
from components.url_state import Bounds, FilterState

ROOT = pathlib.Path(__file__).resolve().parents[1]
FRONTEND = pathlib.Path(__file__).parent / "frontend"
# When set, each page run appends "page,milliseconds" to this file (benchmarks/load.py reads it).
RUN_LOG = os.environ.get("HMT_RUN_LOG")
_NAVIGATED = contextvars.ContextVar("hmt_navigated", default=False)

# A visible focus ring on every control (WCAG 2.4.7): some of Streamlit's (the sidebar's page
# links) and plotly's toolbar buttons show little or none; !important because their own rules
# are more specific. The theme's primary blue has 6.4:1 against the page and the sidebar.
#
# Streamlit fades a caption with opacity: 0.6, which fades the links in it too (to 2.8:1 against
# white). The same faded grey as a colour instead, so a caption's text keeps its look (4.8:1,
# tests/test_contrast.py) and its links keep the theme's link colour (6.4:1). Only <style>:
# Streamlit puts it in the page's head area, where it takes no space.
# The components that draw nothing (print view, rerun after a reconnect, the country list's
# closing) take no room once loaded (their 40 px placeholders, while their scripts load, are at
# the page's end or in the sidebar: see page_footer).
A11Y_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: rgba(14, 17, 22, 0.6); }
:focus-visible { outline: 2px solid #1f5fa8 !important; outline-offset: 1px; }
.st-key-print_view, .st-key-rerun_on_reconnect, .st-key-close_on_choice { display: none; }
</style>"""

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
  [data-testid="stLinkButton"], [data-testid="stDateInput"], [data-testid="stMultiSelect"], [data-testid="stRadio"],
  [data-testid="stTabs"] [role="tablist"], [data-baseweb="tab-list"], [data-baseweb="tab-border"],
  [data-baseweb="tab-highlight"], .modebar-container, .modebar, footer { display: none !important; }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important; }
  [data-testid="stMain"] { margin: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
  .hmt-chart, [data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stDeckGlJsonChart"] {
    break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .st-key-hmt_print_only { display: block !important; border-top: 1px solid #999; padding-top: 0.5rem; }
  .st-key-hmt_print_only * { overflow-wrap: anywhere; }
}
"""
_print_component = st.components.v2.component(
    "hmt_print_view", js=(FRONTEND / "print_view.js").read_text(encoding="utf-8")
)
# Asks for a run as soon as a tab reconnects to another replica (deploy/), so that the
# reader's next change is applied by the new session (components/view_sync.py).
_reconnect_component = st.components.v2.component(
    "hmt_rerun_on_reconnect", js=(FRONTEND / "rerun_on_reconnect.js").read_text(encoding="utf-8")
)


@dataclass(frozen=True)
class PageContext:
    """Everything a page's helpers need about this run, decided once by ``open_page``."""

    page: PageSpec  # the page (its English title, whether it has tabs, whether filters apply)
    dataset: Dataset
    state: FilterState  # the view this run shows
    bounds: Bounds  # what a view can range over in this dataset
    language: str
    embedded: bool  # ?embed=true: no sidebar, widgets, share box or downloads
    names: Mapping[str, str]  # country names by ISO3 code (English; for the filters in words)
    new_ids: frozenset[str]  # the facts added since the link's data version (marked new)
    base_url: str  # this page's address without its query ("" outside a browser)
    started: float  # time.perf_counter() when the run started (for HMT_RUN_LOG)
    tabbed: bool  # whether the page shows Chart and Table tabs (named in its citation)
    # The heights (CSS pixels) of the charts this run drew, in order (``elements.plotly_chart``
    # adds them): the share box sizes the embed snippet from them.
    drawn: list[int] = field(default_factory=list)
    # The heights of the tables a Table tab drew (``tables.show_table`` with the context).
    tables: list[int] = field(default_factory=list)

    def without_tabs(self) -> PageContext:
        """The same context for a page that ends up drawing no tabs (the Map with no country)."""
        return replace(self, tabbed=False)


def load_page_dataset() -> Dataset:
    """The dataset, or a clear message (file, line, column, problem) and a stopped page."""
    data_dir = data_dir_from_env()
    try:
        return current_dataset(str(data_dir))
    except DataError as error:
        st.error(
            _("The dashboard cannot show its data: {n} problem(s) were found in {folder}. Fix them and reload.").format(
                n=len(error.problems), folder=data_dir
            )
        )
        st.code("\n".join(str(p) for p in error.problems[:50]), language=None)
        st.stop()


def country_names(ds: Dataset) -> Mapping[str, str]:
    """Country names by ISO3 code, as the data writes them (English)."""
    return ds.derived("names_by_code", lambda: MappingProxyType(ds.countries.set_index("iso3")["name"].to_dict()))


def navigation():
    """The pages (components/site.py), their names in the reader's language and their
    addresses (the sidebar)."""
    _NAVIGATED.set(True)
    pages = [
        st.Page(ROOT / spec.file, title=_(spec.title), url_path=spec.url_path, default=spec is site.PAGES[0])
        for spec in site.PAGES
    ]
    # Embedded (?embed=true), a page shows its content only: no sidebar, so no page list either.
    return st.navigation(pages, position="hidden" if view_sync.is_embedded() else "sidebar")


def _page_setup(title: str) -> None:
    """Start a page run's output: the page's config, its CSS and the print view."""
    if not _NAVIGATED.get() and st.runtime.exists():
        # A fresh server that is first asked for /Map runs pages/2_Map.py by itself (Streamlit
        # finds pages/ before app.py has declared the navigation), and its sidebar would list
        # "app" among the pages: declare the navigation here too, without running it again.
        navigation()
    st.set_page_config(
        page_title=_("{page} · Haiti Mission Tracker").format(page=_(title)), page_icon="🇭🇹", layout="wide"
    )
    st.html(f"{A11Y_CSS}<style>{PRINT_CSS}</style>")  # our own constants: nothing from a URL or the data


def open_page(title: str) -> PageContext:
    """Open a page run: its language first (everything after it speaks it), then its config,
    the dataset, the view (URL and session in step), the sidebar and the link's notices.
    ``title`` is an English message marked with ``N_()``, a title from the page list."""
    started = time.perf_counter()
    language = view_sync.page_language()
    i18n.set_language(language)
    _page_setup(title)
    ds = load_page_dataset()
    embedded = view_sync.is_embedded()
    bounds, names = view_sync.view_bounds(ds), country_names(ds)
    state = view_sync.sync_view(ds, bounds, dict(names), embedded)
    base_url = page_base_url()
    new_ids = whats_new(ds, state, bounds, base_url, embedded)
    spec = site.page_titled(title)
    return PageContext(spec, ds, state, bounds, language, embedded, names, new_ids, base_url, started, spec.tabbed)


def page_footer(ctx: PageContext) -> None:
    """The page's last lines: the data's date, and (embedded) a link to the full view, (printed)
    the view's citation; then, with ``HMT_RUN_LOG`` set, the run's time."""
    # Components that draw nothing, mounted last: while its script loads, each takes a 40 px
    # placeholder, and at the top of the page their going away moved everything up (a layout
    # shift Lighthouse counted on every page).
    _print_component(data={}, key="print_view")
    _reconnect_component(data={}, key="rerun_on_reconnect", on_reconnected_change=lambda: None)
    st.divider()
    st.caption(
        _(
            "Haiti Mission Tracker · data as of {date}, computed from the latest dated fact · "
            "every figure links to its sources · disputed figures are shown as ranges, never resolved silently."
        ).format(date=i18n.date(ctx.dataset.as_of))
    )
    if ctx.embedded:
        st.caption(md_link(_("Open this view in Haiti Mission Tracker"), view_url(ctx.base_url, ctx.state, ctx.bounds)))
    # Shown only in print (see PRINT_CSS): the view's citation, its link written out.
    with st.container(key=PRINT_ONLY_KEY):
        citation = share_snippets(ctx)[1]["text"]
        st.text(_("Cite this view: {citation}").format(citation=citation))  # plain text: no Markdown, no autolink
    _log_run_time(ctx)


def _log_run_time(ctx: PageContext) -> None:
    """With ``HMT_RUN_LOG`` set (by the load test), note how long this page's run took."""
    if RUN_LOG:
        with open(RUN_LOG, "a", encoding="utf-8") as log:
            log.write(f"{ctx.page.title},{(time.perf_counter() - ctx.started) * 1000:.1f}\n")
