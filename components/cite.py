"""Citing a view and embedding it: the share box's plain-text citation, its BibTeX entry and
the ``<iframe>`` snippet. Plain functions, no Streamlit: the page passes in the view's title,
its description in words, its URL, the data version and the access date.

Everything here is text shown as text (never rendered as markup). The iframe snippet escapes
its attribute values, BibTeX escapes its special characters, so a country name or a title can
never break out of its field.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from components import i18n, site
from components.i18n import _
from components.site import DASHBOARD


def _long_date(day: dt.date) -> str:
    return i18n.date(day)


def view_description(page: str, filters: str, tab: str | None) -> str:
    """What a view shows, in words: "Pledges and deployments, 1 Jun 2024 – 2 Oct 2025 · Kenya,
    table"."""
    if tab:
        return _("{page}, {filters}, {tab}").format(page=page, filters=filters, tab=tab)
    return _("{page}, {filters}").format(page=page, filters=filters)


def citation_text(description: str, url: str, version: dt.date, accessed: dt.date) -> str:
    """A citation of the view in one paragraph, in the usual order: author (the dashboard),
    title (what the view shows), URL, data version, access date."""
    return _("{dashboard}. \u201c{description}.\u201d Data version {version}. {url} (accessed {accessed}).").format(
        dashboard=_(DASHBOARD),
        description=description,
        version=version.isoformat(),
        url=url,
        accessed=_long_date(accessed),
    )


BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_text(text: str) -> str:
    """``text`` with BibTeX's (LaTeX's) special characters escaped."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_key(page: str, version: dt.date) -> str:
    return "hmt_" + re.sub(r"[^a-z0-9]+", "_", page.lower()).strip("_") + "_" + version.strftime("%Y%m%d")


def bibtex(page: str, description: str, url: str, version: dt.date, accessed: dt.date) -> str:
    """A BibTeX ``@misc`` entry for the view: the URL, the access date (``urldate``) and the
    data version in ``note``. The URL goes in verbatim (``url`` fields are read as URLs):
    the app writes only characters that need no escaping there."""
    url_field = re.sub(r"[{}\\\s]", "", url)  # braces, backslashes and spaces cannot occur; never let them through
    lines = [
        f"@misc{{{bibtex_key(page, version)},",
        f"  author = {{{{{bibtex_text(_(DASHBOARD))}}}}},",
        f"  title = {{{{{bibtex_text(description)}}}}},",
        f"  year = {{{accessed.year}}},",
        f"  url = {{{url_field}}},",
        f"  urldate = {{{accessed.isoformat()}}},",
        "  note = {" + bibtex_text(_("Data version {version}").format(version=version.isoformat())) + "},",
        "}",
    ]
    return "\n".join(lines)


def embed_url(url: str) -> str:
    """The view's URL with Streamlit's ``embed=true`` added."""
    return url + ("&" if "?" in url else "?") + "embed=true"


def embed_snippet(url: str, title: str, height: int) -> str:
    """An ``<iframe>`` for a web page, with a title (for screen readers) and a height; shown
    as text for copying, never rendered."""
    return (
        f'<iframe src="{html.escape(embed_url(url), quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border: 0;" loading="lazy"></iframe>'
    )


# What an embedded page shows around its charts, in CSS pixels, measured in Chromium at 360 px
# (a phone's article column, where the text wraps most), in English, French and Creole: above
# the first chart, its title, the filters and captions (at most 395 px, French, when two
# components that draw nothing still sat at the top with their gaps; 32 px less since); between two
# charts, the first one's captions and the next one's title (at most 387 px, French); below the
# last, room for its first caption line. tests/e2e/test_embed_height.py loads an embed in an
# iframe of the snippet's height and checks that every chart ends inside it.
EMBED_ABOVE_PX, EMBED_BELOW_PX = 390, 60


# A table view's snippet is at most this tall: each table scrolls past its first rows (8 tall
# or 10 one-line rows), so only several tables (the Pledges table tab) could ask for more.
EMBED_TABLES_MAX_PX = 2400


def embed_height(page: str, drawn=(), tables=()) -> int:
    """The embed snippet's height for the page titled ``page`` (English): from the heights of
    the charts the view draws (``drawn``, CSS pixels; the figure builders set them from what
    they draw), or, for a Table tab, of its tables (``tables``: from their rows and row height,
    tables.show_table), and what surrounds them; a view with neither (the Sources page) gets
    the page list's height."""
    spec = site.page_titled(page)
    shown = drawn or tables
    if not shown:
        return spec.embed_height
    height = EMBED_ABOVE_PX + sum(shown) + spec.embed_between_px * (len(shown) - 1) + EMBED_BELOW_PX
    return height if drawn else min(height, EMBED_TABLES_MAX_PX)
