"""Tables' words without Streamlit: column headers, the data's codes in words, each row's
sources and links, the sources table and the dispute notices. Plain functions over DataFrames;
the Streamlit side (column configs, st.dataframe) is components/tables.py."""

from __future__ import annotations

import pandas as pd

from components import i18n, metrics
from components.data import Dataset
from components.i18n import N_, _
from components.safe_markdown import md_text, source_links

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
    "committed": N_("Committed"),
    "deposited": N_("Paid into the trust fund"),
    "disbursed": N_("Released or spent"),
    "frozen": N_("Frozen"),
    "claimed": N_("Claimed by the donor"),
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
DATE_COLUMNS = {
    "date": N_("Date"),
    "in_haiti_date": N_("Headcount as of"),
    "announced": N_("Announced"),
    "notified": N_("Notified to the UN"),
    "first_arrival": N_("First arrival"),
    "withdrawn_or_suspended": N_("Withdrawn or suspended"),
    "latest_figure_date": N_("Latest figure"),
    "published": N_("Published"),
}
LINK_COLUMNS = {
    "link": N_("First source"),
    "latest_source": N_("Source of latest figure"),
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


def publishers(sources: dict[str, dict], source_ids) -> str:
    return "; ".join(dict.fromkeys(sources[s]["publisher"] for s in source_ids or () if s in sources))


def with_source_columns(
    frame: pd.DataFrame, sources: dict[str, dict], ids_column: str = "source_ids", new_ids: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """``frame`` plus the columns every table shows: ``sources`` (publishers), ``link`` (the
    first source's URL, for a LinkColumn), where rows can be disputed ``disputed``, and ``new``
    (whether the row is among ``new_ids``, the facts added since the link's data version)."""
    ids = frame[ids_column].tolist()
    extra = {
        "sources": [publishers(sources, row_ids) for row_ids in ids],
        "link": [first_url(sources, row_ids) for row_ids in ids],
    }
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
    topics = ds.disputes.set_index("dispute_id")
    rows = ds.contributions[ds.contributions["dispute_id"] == dispute_id]
    versions = "; ".join(
        f"{md_text(text)} ({source_links(sources, ids)})" for text, ids in metrics.dispute_versions(rows)
    )
    return f"**{md_text(topics.loc[dispute_id, 'topic'])}**: {md_text(topics.loc[dispute_id, 'summary'])}  \n" + _(
        "Versions: {versions}"
    ).format(versions=versions)
