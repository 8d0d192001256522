"""Links to a view: the share box (its links, embed snippet and citations), the notice of
what is new since an older link, and the page's citation in words. Everything is computed
from the page context (components/page.py); nothing is read from the session."""

from __future__ import annotations

import datetime as dt
import pathlib
import urllib.parse
from dataclasses import replace

import streamlit as st

from components import api_data, cite, i18n, metrics, url_state
from components.data import Dataset
from components.i18n import N_, _, ngettext
from components.safe_markdown import md_text
from components.site import DASHBOARD
from components.url_state import Bounds, FilterState

FRONTEND = pathlib.Path(__file__).parent / "frontend"

SHARE_LINK_HTML = '<div class="share"></div>'
SHARE_LINK_CSS = """
.share { font-family: var(--st-font); font-size: 0.9rem; }
.share .row { margin-bottom: 0.8rem; }
.share .label { font-weight: 600; }
.share a { display: block; margin-top: 0.3rem; color: var(--st-primary-color);
  overflow-wrap: anywhere; }
.share button { font: inherit; padding: 0.2rem 0.7rem; margin-left: 0.5rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--st-border-color); background: var(--st-secondary-background-color);
  color: var(--st-text-color); }
.share .status { color: var(--st-text-color); opacity: 0.7; margin-left: 0.4rem; }
.share .data-heading { font-size: 1rem; font-weight: 700; margin: 1.2rem 0 0.5rem; }
.share pre { margin: 0.3rem 0 0; padding: 0.4rem 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere;
  font-size: 0.8rem;
  border-radius: 0.5rem; background: var(--st-secondary-background-color); color: var(--st-text-color); }
"""
_share_link_component = st.components.v2.component(
    "hmt_share_link",
    html=SHARE_LINK_HTML,
    css=SHARE_LINK_CSS,
    js=(FRONTEND / "share_link.js").read_text(encoding="utf-8"),
)

# The share box's buttons and statuses (English messages, translated where shown).
SHARE_WORDS = {
    "copy_link": N_("Copy link"),
    "copy_text": N_("Copy"),
    "copied": N_("Copied."),
    "select": N_("Press Ctrl+C (or Cmd+C) to copy the selected text."),
}


def page_base_url() -> str:
    """This page's address without its query, from the browser's own URL; http(s) only."""
    url = st.context.url or ""  # None outside a browser (a bare script, AppTest)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, urllib.parse.quote(urllib.parse.unquote(parts.path), safe="/") or "/", "", "")
    )


def view_url(base_url: str, state: FilterState, bounds: Bounds, *, pinned: bool = False) -> str:
    query = url_state.query_string(state, bounds, pinned=pinned)
    return f"{base_url}?{query}" if query else (base_url or "?")


def version_note(ds: Dataset) -> str:
    """Why a data version can be later than "Data as of": one is when the data last changed,
    the other the date of its newest fact (both from the data)."""
    return _(
        "A data version is the day the dataset was last changed ({version}), not the date of a fact: "
        "the newest fact it records is of {as_of}."
    ).format(version=metrics.data_version(ds).isoformat(), as_of=i18n.date(ds.as_of))


def whats_new(ds: Dataset, state: FilterState, bounds: Bounds, base_url: str, embedded: bool) -> frozenset[str]:
    """For a link made with an older data version (``v``): how many facts of the view were
    added since, and the same view with the newest data. Returns the ids of the facts added
    since (marked new in the tables)."""
    if state.version is None:
        return frozenset()
    current = metrics.data_version(ds)
    if state.version >= current:
        st.caption(
            md_text(
                _("No facts have been added since this link was shared (data version {version}).").format(
                    version=state.version.isoformat()
                )
                + " "
                + version_note(ds)
            )
        )
        return frozenset()
    new_ids = frozenset(metrics.new_ids(ds, state.version))
    count = metrics.count_added_since(ds, state.version, state)
    newest = bounds.resolve(replace(state, pinned_end=False, version=None))
    beyond = metrics.count_added_since(ds, state.version, newest) - count
    text = ngettext(
        "{n} fact added since this link was shared", "{n} facts added since this link was shared", count
    ).format(n=count)
    text += " " + _("(data version {version}; the data is now at version {current}).").format(
        version=state.version.isoformat(), current=current.isoformat()
    )
    if count:
        text += " " + ngettext("It is marked new in the tables.", "They are marked new in the tables.", count)
    if beyond > 0:
        text += " " + ngettext(
            "{n} more is dated after this view's end.", "{n} more are dated after this view's end.", beyond
        ).format(n=beyond)
    text += " " + version_note(ds)
    st.info(md_text(text), icon="🆕")
    if not embedded:
        st.link_button(_("Open this view with the newest data"), view_url(base_url, newest, bounds), key="newest_data")
    return new_ids


def share_links(ctx) -> list[dict[str, str]]:
    """The two links the share box offers: this view following new data, and pinned."""
    state, bounds = ctx.state, ctx.bounds
    following = bounds.resolve(replace(state, pinned_end=False, version=None))  # v is only for pinned links
    pinned = replace(state, pinned_end=True)
    return [
        {
            "label": _("This view, following new data"),
            "note": _("From {start} to the newest fact, whenever it is opened.").format(start=i18n.date(state.start)),
            "url": f"{ctx.base_url}?{url_state.query_string(following, bounds)}".rstrip("?"),
        },
        {
            "label": _("This view, pinned to these dates"),
            "note": _("From {start} to {end}, even after new data is added.").format(
                start=i18n.date(state.start), end=i18n.date(state.end)
            ),
            "url": f"{ctx.base_url}?{url_state.query_string(pinned, bounds, pinned=True)}",
        },
    ]


def view_words(ctx) -> tuple[str, str]:
    """This page's title (the English message) and what the view shows, in words, in the
    current language (for citations)."""
    title = ctx.page.title or DASHBOARD  # English (it names the BibTeX key and the embed height)
    if not ctx.page.filters_apply:
        return title, _(title)
    tab = url_state.tab_label(ctx.state.tab).lower() if ctx.tabbed else None
    return title, cite.view_description(_(title), metrics.filter_summary(ctx.state, ctx.names), tab)


def share_snippets(ctx, accessed: dt.date | None = None) -> list[dict[str, str]]:
    """The share box's texts to copy: the embed snippet, the citation and its BibTeX."""
    state, bounds = ctx.state, ctx.bounds
    accessed = accessed or dt.date.today()
    version = bounds.version or bounds.last
    title, description = view_words(ctx)
    pinned_url = view_url(ctx.base_url, replace(state, pinned_end=True), bounds, pinned=True)
    embedded_view = replace(state, pinned_end=True, version=None)  # the article's dates, without "what is new"
    embed_query = url_state.query_string(embedded_view, replace(bounds, version=None), pinned=True)
    return [
        {
            "label": _("Embed"),
            "note": _(
                "HTML for a web page: this view with its captions and sources, pinned to these dates, "
                "without the sidebar."
            ),
            "text": cite.embed_snippet(
                f"{ctx.base_url}?{embed_query}",
                _("{page} · Haiti Mission Tracker").format(page=description),
                cite.embed_height(title, ctx.drawn, ctx.tables),
            ),
        },
        {
            "label": _("Cite this view"),
            "note": _("The link is pinned to these dates and to the data version.") + " " + version_note(ctx.dataset),
            "text": cite.citation_text(description, pinned_url, version, accessed),
        },
        {"label": _("BibTeX"), "note": "", "text": cite.bibtex(title, description, pinned_url, version, accessed)},
    ]


def api_urls(ctx) -> dict[str, str]:
    """The API's addresses of this view's data (``api_data.PAGE_RESOURCES``), CSV and JSON:
    the page's address with ``/api/v1/<resource>`` for its path and the same view's query
    (absolute in a browser, from the server's root outside one). Empty for a page without one."""
    resource = api_data.PAGE_RESOURCES.get(ctx.page.url_path)
    if resource is None:
        return {}
    root = ctx.base_url.rstrip("/").removesuffix(f"/{ctx.page.url_path}") if ctx.base_url else ""
    query = url_state.query_string(replace(ctx.state, tab=url_state.DEFAULT_TAB, version=None), ctx.bounds)
    return {kind: f"{root}/api/v1/{resource}.{kind}" + (f"?{query}" if query else "") for kind in ("csv", "json")}


def data_section(ctx) -> dict:
    """The share box's "Get this data": the view's API addresses, and a line of pandas and of
    curl that fetch its CSV (docs/api.md)."""
    urls = api_urls(ctx)
    if not urls:
        return {}
    note = _("The rows behind this page, for the same dates, countries and language.")
    return {
        "heading": _("Get this data"),
        "links": [
            {"label": _("This view's data as CSV"), "note": note, "url": urls["csv"]},
            {
                "label": _("This view's data as JSON"),
                "note": _("With the data version and every row's sources."),
                "url": urls["json"],
            },
        ],
        "snippets": [
            {
                "label": "pandas",
                "note": _("One line of Python."),
                "text": f'import pandas as pd; df = pd.read_csv("{urls["csv"]}")',
            },
            {
                "label": "curl",
                "note": _("Saves the CSV under a name that carries the data version."),
                "text": f'curl -OJ "{urls["csv"]}"',
            },
        ],
    }


def share_link(ctx) -> None:
    """The links of this view, each with a copy button; its embed snippet and its citation
    (plain text and BibTeX), as text to copy. Not drawn on an embedded page."""
    if ctx.embedded:
        return
    with st.expander(_("Share this view")):
        st.caption(
            _(
                "Each link opens this page with the same countries, tab and language. "
                "The address bar holds the view too."
            )
        )
        words = {key: _(text) for key, text in SHARE_WORDS.items()}
        _share_link_component(
            data={
                "links": share_links(ctx),
                "snippets": share_snippets(ctx),
                "data": data_section(ctx),
                "words": words,
            },
            key="share_link",
        )
