"""Link previews: each page's title, description, Open Graph and Twitter card tags and its
language alternates, per path and per view, and the sitemap and robots.txt that list the pages.

Crawlers (WhatsApp, Signal, Slack, X, LinkedIn, a search engine) read a page without running
its scripts, and Streamlit's index.html is the same on every path (title "Streamlit", no
description). ``components/preview_middleware.py`` writes ``head_html(page_head(...))`` into it.
No Streamlit here: every word comes from the functions the pages use (the tab title of
``page.py``, the view's description of the citations, the pages' summaries and alt texts).

Nothing of a request is copied: the page comes from the path by lookup in the page list, the
view from the query through the link grammar (``url_state``: a malformed value falls back to its
default, as on the page), and every address is written from the configured public origin and
the parsed view. Every value is HTML-escaped all the same.
"""

from __future__ import annotations

import html
import pathlib
import re
import urllib.parse
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from components import alt_text, chart_style, cite, i18n, map_deck, summary, url_state, views, worded_tables, wording
from components.data import Dataset
from components.i18n import N_, _
from components.site import DASHBOARD, PAGES, PageSpec
from components.url_state import Bounds, FilterState

IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
DESCRIPTION_LIMIT = 200  # previews show about this many characters
MAX_QUERY_LENGTH = 2000  # a longer query is no real link: the page's defaults
IMAGE_FOLDER = pathlib.Path(__file__).resolve().parents[1] / "static" / "previews"
# Each page's picture (static/previews/<slug>.png, drawn by deploy/build_previews.py).
IMAGE_SLUGS = {
    "Overview": "overview",
    "Timeline": "timeline",
    "Map": "map",
    "Pledges_and_deployments": "pledges",
    "Funding": "funding",
    "Sources_and_method": "sources",
}
PAGE_WORDS = {  # English messages: what the two pages without a summary of their own show
    "Pledges_and_deployments": N_(
        "Personnel pledged, arrived and in Haiti, per contributing country, each figure with its source."
    ),
    "Sources_and_method": N_(
        "Every source behind the dashboard's figures, every dispute between sources, and the glossary of terms."
    ),
}
ORIGIN_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
BASE_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")


@dataclass(frozen=True)
class PageHead:
    """What a link preview shows of one view, in its language; ``url`` is the view's canonical
    address, ``alternates`` the same view in each language (hreflang, address)."""

    lang: str
    title: str
    description: str
    url: str
    image: str
    alternates: tuple[tuple[str, str], ...]


# --- Settings -----------------------------------------------------------------------------


def public_origin(text: str) -> str:
    """``scheme://host[:port]``, normalised (default port left out); ValueError for anything
    else (a path, a query, credentials): it is written into every page's head."""
    parsed = urllib.parse.urlsplit(text.strip())
    try:
        port = parsed.port
    except ValueError as error:
        raise ValueError(f"the public origin's port is not a number: {text!r}") from error
    if (
        parsed.scheme not in ("http", "https")
        or not ORIGIN_HOST.fullmatch(parsed.hostname or "")
        or parsed.path not in ("", "/")
        or parsed.query
        or parsed.fragment
        or parsed.username
        or parsed.password
    ):
        raise ValueError(f"the public origin must be http(s)://host[:port] with nothing after it, not {text!r}")
    default_port = {"http": 80, "https": 443}[parsed.scheme]
    suffix = f":{port}" if port and port != default_port else ""
    return f"{parsed.scheme}://{parsed.hostname.lower()}{suffix}"


def site_root(origin: str, base_path: str = "") -> str:
    """The address of the default page without its final slash: the origin, and the server's
    ``baseUrlPath`` when the app is served under one."""
    base = base_path.strip("/")
    if base and not BASE_PATH.fullmatch(base):
        raise ValueError(f"not a usable base path: {base_path!r}")
    return public_origin(origin) + (f"/{base}" if base else "")


# --- The page and the view of a request -------------------------------------------------------


def page_for_route(route: str) -> PageSpec | None:
    """The page served at ``route`` (the path after the server's root, slashes stripped):
    "" is the default page; None for a path that is no page."""
    route = route.strip("/")
    return next((page for page in PAGES if route in (page.route, page.url_path)), None)


def view_bounds(ds: Dataset) -> Bounds:
    """What a view can range over: the pages' own bounds (``views.view_bounds``, once per dataset)."""
    return views.view_bounds(ds)


def view_state(ds: Dataset, query: str) -> tuple[FilterState, bool]:
    """The view a query asks for, read as the page reads it, and whether it differs from the
    page's default view (in more than its language); a value the grammar does not accept falls
    back to its default (a query too long to be real: every default)."""
    bounds = view_bounds(ds)
    if len(query) > MAX_QUERY_LENGTH:
        return bounds.default_state(), False
    params = urllib.parse.parse_qs(query, keep_blank_values=True)
    if not url_state.has_view_params(params):
        return bounds.default_state(), False
    with i18n.language(url_state.language_of(params)):  # the parser's notices are not used
        state, _notices = url_state.parse_query_params(params, bounds)
    state = bounds.resolve(state)
    return state, replace(state, lang=i18n.DEFAULT_LANGUAGE) != bounds.default_state()


# --- Words --------------------------------------------------------------------------------


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """At most ``limit`` characters, cut at a sentence or word end."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > limit * 0.5:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def page_description(ds: Dataset, page: PageSpec, state: FilterState) -> str:
    """What the page shows for this view, in the current language, worded by the functions
    that word it on the page (its summary, its chart's text alternative, its map legend)."""
    if page.url_path == "Timeline":
        events = wording.localized_events(views.events_in_view(ds, state))
        series = worded_tables.strength_series(ds, state)
        return (
            alt_text.events_alt(events, chart_style.category_labels(), state)
            + " "
            + alt_text.strength_alt(series, state)
        )
    if page.url_path == "Map":
        return map_deck.legend_caption(worded_tables.country_table(ds, state), state.end)
    if page.url_path == "Funding":
        return alt_text.trust_fund_alt(ds.trust_fund, wording.measure_labels(), state)
    text = summary.summary_text(ds, state)
    return f"{_(PAGE_WORDS[page.url_path])} {text}" if page.url_path in PAGE_WORDS else text


def page_title(ds: Dataset, page: PageSpec, state: FilterState, has_view: bool) -> str:
    """The browser tab's title of the page (as ``page.py`` sets it), with the view's
    description (as its citation words it) when the link names a view."""
    words = _(page.title)
    if has_view and page.filters_apply:
        tab = url_state.tab_label(state.tab).lower() if page.tabbed else None
        words = cite.view_description(words, wording.filter_summary(state, english_names(ds)), tab)
    return _("{page} · Haiti Mission Tracker").format(page=words)


def english_names(ds: Dataset) -> dict[str, str]:
    """Country names by ISO3 code as the data writes them (English; ``filter_summary`` translates)."""
    return dict(zip(ds.countries["iso3"], ds.countries["name"], strict=True))


def view_address(root: str, page: PageSpec, state: FilterState, bounds: Bounds) -> str:
    """The view's canonical address, written from the parsed view (never the request's text):
    the page's own path and, where it has filters, the query that gives this view."""
    if page.filters_apply:
        query = url_state.query_string(state, bounds)
    else:
        query = f"{url_state.LANG}={state.lang}" if state.lang != i18n.DEFAULT_LANGUAGE else ""
    path = "/" if page.address == "/" else page.address
    return f"{root}{path}" + (f"?{query}" if query else "")


def page_head(ds: Dataset, root: str, page: PageSpec | None, query: str = "") -> PageHead:
    """The preview of ``page`` (None: a path that is no page, previewed as the site) for the view
    ``query`` asks for; ``root``: ``site_root(...)``."""
    bounds = view_bounds(ds)
    state, has_view = view_state(ds, query) if page else (bounds.default_state(), False)
    page = page or PAGES[0]
    with i18n.language(state.lang):
        title = page_title(ds, page, state, has_view)
        description = shorten(page_description(ds, page, state))
    alternates = tuple((lang, view_address(root, page, replace(state, lang=lang), bounds)) for lang in i18n.LANGUAGES)
    return PageHead(
        lang=state.lang,
        title=title,
        description=description,
        url=view_address(root, page, state, bounds),
        image=f"{root}/previews/{IMAGE_SLUGS[page.url_path]}.png",
        alternates=(*alternates, ("x-default", dict(alternates)[i18n.DEFAULT_LANGUAGE])),
    )


# --- Markup -------------------------------------------------------------------------------


def _attr(text: str) -> str:
    return html.escape(str(text), quote=True)


def head_html(head: PageHead) -> str:
    """The tags that take the place of Streamlit's ``<title>``, every value escaped."""
    title, description = _attr(head.title), _attr(head.description)
    with i18n.language(head.lang):
        site = _attr(_(DASHBOARD))
    tags = [
        f"<title>{title}</title>",
        f'<meta name="description" content="{description}">',
        f'<link rel="canonical" href="{_attr(head.url)}">',
        *(f'<link rel="alternate" hreflang="{_attr(lang)}" href="{_attr(url)}">' for lang, url in head.alternates),
        '<meta property="og:type" content="website">',
        f'<meta property="og:site_name" content="{site}">',
        f'<meta property="og:locale" content="{_attr(OG_LOCALES[head.lang])}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{_attr(head.url)}">',
        f'<meta property="og:image" content="{_attr(head.image)}">',
        f'<meta property="og:image:width" content="{IMAGE_WIDTH}">',
        f'<meta property="og:image:height" content="{IMAGE_HEIGHT}">',
        f'<meta property="og:image:alt" content="{description}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{title}">',
        f'<meta name="twitter:description" content="{description}">',
        f'<meta name="twitter:image" content="{_attr(head.image)}">',
    ]
    return "".join(tags)


OG_LOCALES = {"en": "en_US", "fr": "fr_FR", "ht": "ht_HT"}


def sitemap_xml(ds: Dataset, root: str) -> str:
    """Every page in every language, each with its alternates (hreflang) and the data version
    as its date of change."""
    bounds = view_bounds(ds)
    lastmod = (bounds.version or bounds.last).isoformat()
    entries = []
    for page in PAGES:
        default = bounds.default_state()
        addresses = [(lang, view_address(root, page, replace(default, lang=lang), bounds)) for lang in i18n.LANGUAGES]
        links = "".join(
            f"<xhtml:link rel={quoteattr('alternate')} hreflang={quoteattr(lang)} href={quoteattr(url)}/>"
            for lang, url in [*addresses, ("x-default", addresses[0][1])]
        )
        entries += [
            f"<url><loc>{xml_escape(url)}</loc><lastmod>{lastmod}</lastmod>{links}</url>" for _l, url in addresses
        ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def robots_txt(root: str) -> str:
    """Every page may be read; Streamlit's own endpoints are not pages; the sitemap lists them."""
    base = urllib.parse.urlsplit(root).path
    return f"User-agent: *\nAllow: /\nDisallow: {base}/_stcore/\nSitemap: {root}/sitemap.xml\n"
