"""Tables' words without Streamlit: column headers, the data's codes in words, each row's
sources and links, the sources table and the dispute notices. Plain functions over DataFrames;
the Streamlit side (column configs, st.dataframe) is components/tables.py."""

from __future__ import annotations

import re

import pandas as pd

from components import i18n, metrics
from components.data import Dataset
from components.i18n import N_, _
from components.safe_markdown import md_text, source_links
from components.wording import DONOR_MEASURE_NAMES

# Every table's column headers, by column name (English messages, translated where shown).
COLUMN_LABELS = {
    "date": N_("Date"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "category": N_("Category"),
    "countries": N_("Countries"),
    "country": N_("Country"),
    "stage": N_("Stage"),
    "pledged": N_("Pledged (all pledges)"),
    "largest_pledge": N_("Largest single pledge (where it differs)"),
    "arrived": N_("Arrived"),
    "in_haiti": N_("In Haiti"),
    "rotated_in": N_("Rotated in (relief)"),
    "in_haiti_confidence": N_("Confidence"),
    "in_haiti_note": N_("Caveat"),
    "confidence": N_("Confidence"),
    "disputed": N_("Disputed"),
    "sources": N_("Sources"),
    "source_says": N_("Source says"),
    "event_id": N_("Event id"),
    "report_ids": N_("Report ids"),
    "personnel": N_("Personnel"),
    "label": N_("Personnel"),
    "qualifier": N_("Qualifier"),
    "personnel_type": N_("Personnel type"),
    "phase": N_("Phase"),
    "note": N_("Note"),
    "entry_id": N_("Entry id"),
    "donor_name": N_("Donor"),
    **DONOR_MEASURE_NAMES,
    "in_kind": N_("In kind"),
    "not_in_usd": N_("Not in US dollars"),
    "measure_label": N_("Measure"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "flow": N_("Flow"),
    "channel": N_("Channel"),
    "items": N_("Items"),
    "term": N_("Term"),
    "expansion": N_("In full"),
    "explanation": N_("Explanation"),
    "dispute_id": N_("Dispute id"),
    "topic": N_("Topic"),
    "source_id": N_("Source id"),
    "publisher": N_("Publisher"),
    "outlet": N_("Outlet"),
    "kind": N_("Kind"),
}
# The headers of a row's further source links (``link_2``, ``latest_source_2``...).
MORE_LINK_LABELS = {
    "link": N_("Source {n}"),
    "latest_source": N_("Source {n} of latest figure"),
    "pledge_source": N_("Source {n} of the pledge"),
}
DATE_COLUMNS = {
    "date": N_("Date"),
    "in_haiti_date": N_("Headcount as of"),
    "announced": N_("Announced"),
    "notified": N_("Notified to the UN"),
    "first_arrival": N_("First arrival"),
    "withdrawn_or_suspended": N_("Withdrawn or suspended"),
    "latest_figure_date": N_("Latest figure"),
    "latest_date": N_("Latest entry"),
    "published": N_("Published"),
}
LINK_COLUMNS = {
    "link": N_("First source"),
    "latest_source": N_("Source of latest figure"),
    "pledge_source": N_("Source of the pledge"),
    "canonical_url": N_("Original publisher's link"),
    "url": N_("Where it was read"),
}


# The data's codes in words, for the tables (English messages, translated where shown).
CODE_LABELS = {
    "stage": {
        "offer": N_("offer"),
        "pledge": N_("pledge"),
        "additional_pledge": N_("additional pledge"),
        "notification": N_("notification to the UN"),
        "support": N_("support without personnel"),
        "arrival": N_("arrival"),
        "rotation_in": N_("rotation in"),
        "rotation_out": N_("rotation out"),
        "departure": N_("departure"),
        "suspension": N_("suspension"),
        "strength": N_("reported headcount"),
        "casualty": N_("casualty"),
    },
    "qualifier": {"exact": N_("exact"), "about": N_("about"), "at_least": N_("at least"), "at_most": N_("at most")},
    "personnel_type": {
        "police": N_("police"),
        "military": N_("military"),
        "mixed": N_("police and military"),
        "unspecified": N_("not specified"),
    },
    "phase": {"mss": N_("MSS"), "gsf": N_("GSF")},
    "flow": {
        "commitment": N_("commitment"),
        "commitment_total": N_("commitments, restated total"),
        "deposit": N_("deposit"),
        "deposit_total": N_("deposits, restated total"),
        "disbursement": N_("disbursement"),
        "freeze": N_("freeze"),
        "cut": N_("cut"),
        "in_kind": N_("in kind"),
        "claimed_total": N_("total claimed by the donor"),
        "own_cost": N_("own costs of a contributing country (not a donation)"),
    },
    "channel": {
        "trust_fund": N_("UN trust fund"),
        "bilateral": N_("bilateral"),
        "in_kind": N_("in kind"),
        "unspecified": N_("not specified"),
    },
    "confidence": {"high": N_("high"), "medium": N_("medium"), "low": N_("low")},
    "kind": {
        "official": N_("official"),
        "news": N_("news"),
        "founding_article": N_("founding article"),
        "reference": N_("reference"),
        "aggregator": N_("aggregator"),
    },
}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the data's codes (stage, qualifier, flow...) in words, in the current
    language; other columns untouched."""
    changes = {}
    for column, labels in CODE_LABELS.items():
        if column in frame.columns:
            words = {code: _(label) for code, label in labels.items()}  # each label translated once, not once per row
            changes[column] = frame[column].map(lambda code, words=words: words.get(code, code))
    return frame.assign(**changes) if changes else frame


def first_url(sources: dict[str, dict], source_ids) -> str | None:
    for source_id in source_ids or ():
        if source_id in sources:
            return sources[source_id]["url"]
    return None


def urls(sources: dict[str, dict], source_ids) -> list[str]:
    """Every known source's URL, in the row's order, each once."""
    return list(dict.fromkeys(sources[s]["url"] for s in source_ids or () if s in sources))


def link_columns(sources: dict[str, dict], ids: list, name: str = "link") -> dict[str, list]:
    """Per row, each source's URL in a column of its own: ``name`` (the first), ``name_2``...,
    as many as the row with the most sources needs (a cell is None where a row has fewer)."""
    per_row = [urls(sources, row_ids) for row_ids in ids]
    most = max((len(row) for row in per_row), default=0)
    columns = {name: [row[0] if row else None for row in per_row]}
    for n in range(2, most + 1):
        columns[f"{name}_{n}"] = [row[n - 1] if len(row) >= n else None for row in per_row]
    return columns


def publishers(sources: dict[str, dict], source_ids) -> str:
    return "; ".join(dict.fromkeys(sources[s]["publisher"] for s in source_ids or () if s in sources))


def with_source_columns(
    frame: pd.DataFrame, sources: dict[str, dict], ids_column: str = "source_ids", new_ids: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """``frame`` plus the columns every table shows: ``sources`` (publishers), ``link`` (the
    first source's URL, for a LinkColumn) and ``link_2``, ``link_3``... (every further source's,
    so that each source of a row is a link of its own), where rows can be disputed ``disputed``, and ``new``
    (whether the row is among ``new_ids``, the facts added since the link's data version)."""
    ids = frame[ids_column].tolist()
    extra = {"sources": [publishers(sources, row_ids) for row_ids in ids], **link_columns(sources, ids)}
    if "dispute_id" in frame.columns:
        extra["disputed"] = [bool(d) for d in frame["dispute_id"]]
    if "quote" in frame.columns:
        extra["source_says"] = [
            source_says(quote, unverified)
            for quote, unverified in zip(frame["quote"], frame["unverified"], strict=True)
        ]
    extra["new"] = new_rows(frame, new_ids)
    return frame.assign(**extra)


def source_says(quote: object, unverified: object) -> str:
    """The first source's own words for a row (data/README.md, ``quote``), or why there are
    none: "Not verified: ..." (the row's ``unverified`` reason)."""
    if isinstance(quote, str) and quote:
        return quote
    if isinstance(unverified, str) and unverified:
        return _("Not verified: {reason}").format(reason=unverified)
    return ""


def new_rows(frame: pd.DataFrame, new_ids: frozenset[str]) -> list[bool]:
    """Whether each fact row is among ``new_ids`` (added after the link's data version)."""
    for column in ("event_id", "entry_id", "report_id"):
        if column in frame.columns:
            return [row_id in new_ids for row_id in frame[column]]
    if "report_ids" in frame.columns:  # the headcount series: one row per date, its reports joined
        return [any(part.strip() in new_ids for part in str(ids).split(",")) for ids in frame["report_ids"]]
    return [False] * len(frame)


def sources_frame(ds: Dataset, source_ids) -> pd.DataFrame:
    """The sources behind some rows, for a table with clickable links."""
    known = set(ds.sources["source_id"])
    wanted = [s for s in dict.fromkeys(source_ids) if s in known]
    frame = ds.sources.set_index("source_id").loc[wanted].reset_index()
    return frame[["source_id", "publisher", "outlet", "title", "published", "kind", "canonical_url", "url"]]


def sources_table(ds: Dataset) -> pd.DataFrame:
    """Every source, readable (``readable(sources_frame(ds, <every source>))``), once per dataset
    and language: the Sources page shows it whatever the filters. Read-only."""
    return ds.derived(
        f"sources_table:{i18n.get_language()}", lambda: readable(sources_frame(ds, ds.sources["source_id"]))
    )


def dispute_notice(ds: Dataset, dispute_id: str) -> str:
    """A dispute in Markdown, as the Pledges page warns of it: its topic, its summary, and each
    version in words with its sources (links). The notices depend on the dataset and the
    language only, so they are written once per dataset and language."""
    notices = ds.derived(f"dispute_notices:{i18n.get_language()}", lambda: _dispute_notices(ds))
    return notices[dispute_id] if dispute_id in notices else _dispute_notice(ds, dispute_id)


def _dispute_notices(ds: Dataset) -> dict[str, str]:
    known = set(ds.disputes["dispute_id"])
    return {
        dispute_id: _dispute_notice(ds, dispute_id)
        for dispute_id in dict.fromkeys(ds.contributions["dispute_id"])
        if dispute_id and dispute_id in known
    }


def _dispute_notice(ds: Dataset, dispute_id: str) -> str:
    sources = metrics.source_lookup(ds)
    topics = metrics.dataset_disputes(ds)
    rows = ds.contributions[ds.contributions["dispute_id"] == dispute_id]
    versions = "; ".join(
        f"{md_text(text)} ({source_links(sources, ids)})" for text, ids in metrics.dispute_versions(rows)
    )
    # The colon is the language's: French writes "sujet : résumé".
    heading = _("**{topic}**: {summary}").format(
        topic=md_text(topics.loc[dispute_id, "topic"]), summary=md_text(topics.loc[dispute_id, "summary"])
    )
    return f"{heading}  \n" + _("Versions: {versions}").format(versions=versions)


# ---------------------------------------------------------------------------------------
# Tables as a reader sees them: whole cells, numbers in the reader's language, nothing "None"
# ---------------------------------------------------------------------------------------
CHAR_PX, HEADER_CHAR_PX, CELL_PADDING_PX = 7.4, 8.0, 34  # the grid's 14 px font; padding and sort icon
WIDEST_COLUMN_PX = 600  # a longer text wraps onto several lines (``row_lines``)
LINE_PX, MAX_LINES = 20, 4  # four lines hold a 300-character quote (data/README.md)
WRAP_FILL = 0.8  # how full a wrapped line is, on average, when words move whole to the next
ROWS_IN_VIEW, HEADER_PX = 8, 38  # a table with tall rows shows this many before it scrolls
# Streamlit's grid with its own row height: 35 px rows under a 35 px header, at most ten rows in
# view ("auto" height), inside a 1 px border.
GRID_ROW_PX, GRID_ROWS_IN_VIEW, GRID_BORDER_PX = 35, 10, 2


def shown_text(value) -> str:
    """A cell as text: numbers as the reader's language writes them (Babel: "1 600" in French),
    dates as YYYY-MM-DD, a missing value empty (never "None", "nan" or "NaT")."""
    if value is None or (not isinstance(value, (str, bool, tuple, list)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n.number(value, 0 if float(value).is_integer() else 1)
    return str(value)


def shown_frame(frame: pd.DataFrame, keep=()) -> pd.DataFrame:
    """``frame`` with every column but the booleans as text (``shown_text``); ``keep`` (links)
    as they are, a missing one empty."""
    # A text cell is already shown as it is: tested first, it spares the per-cell checks on
    # the long text columns (the Sources page's tables hold tens of thousands of cells at 100x).
    changes = {
        column: [v if type(v) is str else shown_text(v) for v in frame[column].tolist()]
        if column not in keep
        else [v if isinstance(v, str) else "" for v in frame[column].tolist()]
        for column in frame.columns
        if frame[column].dtype != bool
    }
    return frame.assign(**changes)


def column_width(values, header: str, link: bool = False) -> int:
    """A column's width in CSS pixels: its header and its longest cell whole, up to
    ``WIDEST_COLUMN_PX`` (a longer text wraps). A link shows its site's name."""
    texts = [v for v in values if isinstance(v, str)]
    if link:  # the sites of distinct addresses only: a column repeats its few sources' links
        texts = [site_name(v) for v in set(texts)]
    longest = max(map(len, texts), default=0)
    return int(min(max(longest * CHAR_PX, len(header) * HEADER_CHAR_PX) + CELL_PADDING_PX, WIDEST_COLUMN_PX))


def row_lines(frame: pd.DataFrame, widths: dict[str, int]) -> int:
    """How many lines the rows need for the longest text to wrap whole, ``MAX_LINES`` at most."""
    lines = 1
    for column, width in widths.items():
        longest = max((len(v) for v in frame[column].tolist() if type(v) is str), default=0)
        lines = max(lines, -(-int(longest * CHAR_PX) // max(width - CELL_PADDING_PX, 1)))
    return min(lines, MAX_LINES)


def row_height(lines: int) -> int | None:
    """Rows tall enough for ``lines`` lines (``row_lines``), or None (the grid's own height)
    when every cell fits on one line."""
    if lines <= 1:
        return None
    # The grid wraps text only in rows taller than 4rem (64 px).
    return max(lines * LINE_PX + 12, 68)


def narrowed_to_rows(
    frame: pd.DataFrame, widths: dict[str, int], headers: dict[str, str], lines: int | None = None
) -> dict[str, int]:
    """Text columns no wider than their longest text needs in the lines the rows have anyway
    (``lines``, ``row_lines`` when not given): beside a summary that makes every row four lines
    tall, a topic wraps too, instead of pushing the summary and the source links off the right
    of the page. Never narrower than the header or the longest word, so nothing is cut; the
    rows keep their height."""
    lines = row_lines(frame, widths) if lines is None else lines
    if lines <= 1:
        return widths
    narrowed = dict(widths)
    for column, width in widths.items():
        texts = [v for v in frame[column].tolist() if type(v) is str and v]
        if not any(" " in v for v in texts):
            continue  # an id or a number does not wrap
        longest = max(map(len, texts))
        longest_word = max(len(word) for v in texts for word in v.split())
        # Words wrap whole, so a line holds less than its width: aim at WRAP_FILL of it.
        needed = int(longest * CHAR_PX / (lines * WRAP_FILL)) + CELL_PADDING_PX
        floor = max(len(headers[column]) * HEADER_CHAR_PX, longest_word * CHAR_PX) + CELL_PADDING_PX
        narrowed[column] = int(max(min(width, needed), floor))
    return narrowed


def grid_height(rows: int) -> int:
    """The height in CSS pixels of a table of ``rows`` one-line rows as Streamlit draws it."""
    return (min(max(rows, 1), GRID_ROWS_IN_VIEW) + 1) * GRID_ROW_PX + GRID_BORDER_PX


def site_name(url: object) -> str:
    """ "reuters.com" for https://www.reuters.com/...: what a source link shows."""
    match = re.match(SITE_PATTERN, url) if isinstance(url, str) else None
    return match.group(1) if match else ""


SITE_PATTERN = r"^https?://(?:www\.)?([^/?#]+)"
