"""Text from the data or a URL made safe for Markdown: shown literally, links only to http(s).
No Streamlit import."""

from __future__ import annotations

import re
import urllib.parse

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
    """The sources' publishers as Markdown links, joined by " · "."""
    return " · ".join(md_link(sources[s]["publisher"], sources[s]["url"]) for s in source_ids if s in sources)


def cited(parts, sources: dict[str, dict]) -> str:
    """Texts each followed by its own sources' links, in Markdown: "reported 8 December 2025,
    high confidence ([Reuters](...)); a later ... report ... says about 1,000 ([Ayiti Intel](...))".
    ``parts``: (text, source ids) pairs (``wording.provenance_parts``); a text with no known
    source gets no parentheses."""
    out = []
    for text, source_ids in parts:
        links = source_links(sources, source_ids)
        out.append(md_text(text) + (f" ({links})" if links else ""))
    return "".join(out)
