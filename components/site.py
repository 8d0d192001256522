"""The dashboard's name and its pages, defined once: the navigation, the citations, the tests,
the benchmarks and the previews all read them from here. No Streamlit import."""

from __future__ import annotations

from dataclasses import dataclass

from components.i18n import N_

DASHBOARD = N_("Haiti Mission Tracker")  # the author of every citation, in the current language
DEFAULT_EMBED_HEIGHT = 680  # CSS pixels for the embed snippet: a chart with its caption and sources


@dataclass(frozen=True)
class PageSpec:
    """One page: its file under ``pages/``, its address (``url_path``, never translated; ""
    for the default page, which is served at ``/``), its title (an English message), its embed
    height, whether it has Chart and Table tabs, and whether the filters apply to it."""

    file: str
    url_path: str
    title: str
    embed_height: int = DEFAULT_EMBED_HEIGHT
    tabbed: bool = True
    filters_apply: bool = True
    # CSS pixels between two charts of an embedded view (what the page shows between them),
    # measured at 360 px wide in Chromium (tests/e2e/test_embed_height.py checks it).
    embed_between_px: int = 400

    @property
    def address(self) -> str:
        """The page's path as links write it: ``/`` for the default page, else ``/<url_path>``."""
        return "/" if self is PAGES[0] else f"/{self.url_path}"

    @property
    def route(self) -> str:
        """The path after the server's root, without slash ("" for the default page)."""
        return self.address.lstrip("/")


# The map is taller; pages without a chart get room for their tables.
PAGES = (
    PageSpec("pages/0_Overview.py", "Overview", N_("Overview"), embed_height=900, tabbed=False),
    PageSpec("pages/1_Timeline.py", "Timeline", N_("Timeline")),
    PageSpec("pages/2_Map.py", "Map", N_("Map"), embed_height=760),
    # Pledges: the stages table, the notes, the time slider and the disputes lie between the
    # pledge chart and the personnel-over-time chart (measured: about 830 px at 360 px wide).
    PageSpec(
        "pages/3_Pledges_and_deployments.py",
        "Pledges_and_deployments",
        N_("Pledges and deployments"),
        embed_between_px=950,
    ),
    PageSpec("pages/4_Funding.py", "Funding", N_("Funding")),
    PageSpec(
        "pages/5_Sources_and_method.py",
        "Sources_and_method",
        N_("Sources and method"),
        embed_height=900,
        tabbed=False,
        filters_apply=False,
    ),
)
PAGE_BY_TITLE = {page.title: page for page in PAGES}
PAGE_BY_ROUTE = {page.route: page for page in PAGES}
TABBED_ROUTES = tuple(page.route for page in PAGES if page.tabbed)


def page_titled(title: str) -> PageSpec:
    """The page whose English title is ``title``; a page not in the list (a benchmark's own
    script) gets the defaults."""
    return PAGE_BY_TITLE.get(title) or PageSpec("", "", title)
