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


def embed_height(page: str) -> int:
    """The embed snippet's height for the page titled ``page`` (English), from the page list."""
    return site.page_titled(page).embed_height
