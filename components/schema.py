"""The dataset's schema, declared once.

Every table in ``data/`` is described here as a list of fields. From that one declaration
``components.schema_frames`` builds the pandera schema that checks each cell (used by the loader
and by ``python -m components.validate``) and the typed conversion the loader applies after the
checks pass; ``tests/test_docs.py`` holds ``data/README.md`` to its column lists.

Cells are validated as the strings a person typed into the CSV, before any conversion, so
that an error message can quote the bad value exactly as it appears in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------
DATE_PRECISIONS = ("day", "month")
CONFIDENCE = ("high", "medium", "low")
EVENT_CATEGORIES = (
    "un_security_council",
    "diplomatic",
    "legal",
    "political",
    "deployment",
    "security_incident",
    "funding",
)
# What a personnel row records, in the order a country usually moves through them. Each
# meaning moves the figures differently (components/ledger.py): an offer or a support row is
# never counted as a pledge, a rotation never as an arrival, a headcount replaces the estimate.
STAGES = (
    "offer",  # "considering", "likely", an informal offer: not a pledge
    "pledge",  # a public commitment of personnel: the country's whole offer
    "additional_pledge",  # a commitment of more personnel on top of an earlier pledge ("600 more")
    "notification",  # formal notice to the UN Secretary-General
    "support",  # support without personnel in Haiti (a logistics hub, a medevac destination)
    "arrival",  # new personnel: adds to arrivals and to the headcount
    "rotation_in",  # a relief contingent: adds to the headcount, not to arrivals
    "rotation_out",  # the personnel it relieved going home
    "departure",  # personnel leaving without replacement (withdrawal, drawdown)
    "suspension",  # a pledge put on hold
    "strength",  # a reported headcount of the country's personnel in Haiti
    "casualty",
)
PERSONNEL_TYPES = ("police", "military", "mixed", "unspecified")
PHASES = ("mss", "gsf")
QUALIFIERS = ("exact", "about", "at_least", "at_most")
# What a money row records. A "_total" row restates a running total (it replaces the sum of
# the rows before it, never adds to it); the plain rows add up.
FUNDING_FLOWS = (
    "commitment",  # a new promise of money
    "commitment_total",  # a restated cumulative total of the donor's commitments so far
    "deposit",  # money paid into the UN trust fund
    "deposit_total",  # a restated cumulative total of the donor's deposits so far
    "disbursement",  # money released or spent (bilateral, or drawn from the fund)
    "freeze",  # money held back
    "cut",  # a commitment withdrawn
    "in_kind",  # equipment or services
    "claimed_total",  # a donor's own claim of all its support: shown, never added up
    "own_cost",  # a contributing country's spending on its own deployment: not a donation
)
FUNDING_CHANNELS = ("trust_fund", "bilateral", "in_kind", "unspecified")
CURRENCIES = ("USD", "CAD", "EUR", "GBP", "KES")
TRUST_FUND_MEASURES = ("tf_received", "tf_pledged", "tf_raised", "tf_balance", "need_per_year", "cost_estimate")
SOURCE_KINDS = ("official", "news", "founding_article", "reference", "aggregator")
CANONICAL_BASES = ("named", "same_path")
# Where a source's title comes from: the headline read on the page, the words of its address
# (the page could not be read), or our description in square brackets.
TITLE_BASES = ("headline", "url_words", "description")
GLOSSARY_TRANSLATIONS = tuple(f"{c}_{lang}" for lang in ("fr", "ht") for c in ("forms", "expansion", "explanation"))


# ---------------------------------------------------------------------------------------
# Field kinds: how a cell is checked (as text) and converted (after the checks pass)
# ---------------------------------------------------------------------------------------
def _is_calendar_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _float_between(low: float, high: float):
    def check(value: str) -> bool:
        try:
            number = float(value)
        except ValueError:
            return False
        return low <= number <= high and re.fullmatch(r"-?\d+(\.\d+)?", value) is not None

    return check


@dataclass(frozen=True)
class Kind:
    """One kind of cell: the rule it must follow (as a sentence), how to test it, and the regex
    or bounds it is made of, which the data package (components/datapackage.py) states too."""

    rule: str
    test: object  # callable str -> bool, applied to non-empty cells
    convert: str = "text"  # text | date | count | amount | float | list
    pattern: str | None = None  # the whole cell must match it
    minimum: float | None = None
    maximum: float | None = None


def _regex(rule: str, pattern: str, convert: str = "text", minimum: float | None = None) -> Kind:
    return Kind(rule, lambda v, rx=re.compile(pattern): rx.fullmatch(v) is not None, convert, pattern, minimum)


def _degrees(axis: str, limit: float) -> Kind:
    rule = f"must be a {axis} in decimal degrees between -{limit} and {limit}"
    return Kind(rule, _float_between(-limit, limit), "float", None, -limit, limit)


ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
KINDS: dict[str, Kind] = {
    "id": _regex("must be an id of letters, digits, '.', '_' or '-'", ID_PATTERN),
    "text": Kind("must be text without leading or trailing spaces", lambda v: v == v.strip() and "\x00" not in v),
    "date": Kind("must be a real calendar date written YYYY-MM-DD", _is_calendar_date, "date"),
    "count": _regex("must be a non-negative whole number (no commas, signs or decimals)", r"[0-9]+", "count", 0),
    "amount": _regex(
        "must be a non-negative number (digits, optional decimals, no commas)", r"\d+(\.\d+)?", "amount", 0
    ),
    "iso3": _regex("must be an ISO 3166 alpha-3 code in capitals, such as KEN", r"[A-Z]{3}"),
    "iso3_list": _regex(
        "must be ISO 3166 alpha-3 codes separated by ';', such as KEN;HTI", r"[A-Z]{3}(;[A-Z]{3})*", "list"
    ),
    "id_list": _regex("must be ids separated by ';', such as src001;src002", f"{ID_PATTERN}(;{ID_PATTERN})*", "list"),
    "resolution_list": _regex(
        "must be UN Security Council resolution numbers separated by ';', such as 2699;2751",
        r"\d{3,4}(;\d{3,4})*",
        "list",
    ),
    "url": _regex("must be a web address starting with http:// or https://", r"https?://[^\s\"'<>`]+\.[^\s\"'<>`]+"),
    "latitude": _degrees("latitude", 90),
    "longitude": _degrees("longitude", 180),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = True
    vocabulary: tuple[str, ...] = ()
    unique: bool = False

    def rule(self) -> str:
        if self.vocabulary:
            return "must be one of: " + ", ".join(self.vocabulary)
        return KINDS[self.kind].rule


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    id_column: str
    fields: tuple[Field, ...]
    # Columns whose values must exist in another table: column -> (table, its id column).
    references: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def _translations(*columns: str) -> tuple[Field, ...]:
    """Optional French and Haitian Creole copies of ``columns`` (``title_fr``, ``summary_ht``...);
    a page shows the English, marked as such, where one is empty."""
    return tuple(Field(f"{column}_{lang}", "text", required=False) for lang in ("fr", "ht") for column in columns)


def _common_fact_fields() -> tuple[Field, ...]:
    """Fields every dated, sourced fact carries."""
    return (
        Field("source_ids", "id_list"),
        Field("confidence", "text", vocabulary=CONFIDENCE),
        Field("dispute_id", "id", required=False),
        Field("note", "text", required=False),
        # The day the row entered the dataset (scripts/fill_added.py fills it from git history):
        # a link pinned to a data version can then say what is new since.
        Field("added", "date"),
        # The source's own words (issue #19; data/README.md): the sentence that states the fact, why
        # the row's number is not written in it (a sum, a conversion), or why no page could be read.
        Field("quote", "text", required=False),
        Field("quote_number_note", "text", required=False),
        Field("unverified", "text", required=False),
    )


DATED = (Field("date", "date"), Field("date_precision", "text", vocabulary=DATE_PRECISIONS))
FACT_REFERENCES = {"source_ids": ("sources", "source_id"), "dispute_id": ("disputes", "dispute_id")}

TABLES: dict[str, Table] = {
    "sources": Table(
        "sources",
        "sources.csv",
        "source_id",
        (
            Field("source_id", "id", unique=True),
            Field("publisher", "text"),
            Field("outlet", "text"),
            Field("title", "text"),
            Field("url", "url", unique=True),
            Field("canonical_url", "url", required=False),
            Field("published", "date", required=False),
            Field("kind", "text", vocabulary=SOURCE_KINDS),
            Field("alternate_urls", "text", required=False),
            Field("canonical_basis", "text", required=False, vocabulary=CANONICAL_BASES),
            Field("title_basis", "text", required=False, vocabulary=TITLE_BASES),
        ),
    ),
    "countries": Table(
        "countries",
        "countries.csv",
        "iso3",
        (
            Field("iso3", "iso3", unique=True),
            Field("name", "text"),
            Field("region", "text"),
            Field("blocs", "text", required=False),
            Field("capital", "text"),
            Field("latitude", "latitude"),
            Field("longitude", "longitude"),
            Field("role", "text"),
        ),
    ),
    "disputes": Table(
        "disputes",
        "disputes.csv",
        "dispute_id",
        (
            Field("dispute_id", "id", unique=True),
            Field("topic", "text"),
            Field("summary", "text"),
            *_translations("topic", "summary"),
        ),
    ),
    "phases": Table(
        "phases",
        "phases.csv",
        "phase",
        (
            Field("phase", "text", vocabulary=PHASES, unique=True),
            Field("name", "text"),
            Field("resolutions", "resolution_list"),
            Field("authorised_on", "date"),
            Field("start", "date"),
            Field("end", "date", required=False),
            Field("authorised_ceiling", "count"),
            Field("source_ids", "id_list"),
            Field("note", "text", required=False),
        ),
        {"source_ids": ("sources", "source_id")},
    ),
    "events": Table(
        "events",
        "events.csv",
        "event_id",
        (
            Field("event_id", "id", unique=True),
            *DATED,
            Field("title", "text"),
            Field("summary", "text"),
            *_translations("title", "summary"),
            Field("category", "text", vocabulary=EVENT_CATEGORIES),
            Field("resolution", "resolution_list", required=False),
            Field("countries", "iso3_list"),
            *_common_fact_fields(),
        ),
        {"countries": ("countries", "iso3"), **FACT_REFERENCES},
    ),
    "contributions": Table(
        "contributions",
        "contributions.csv",
        "entry_id",
        (
            Field("entry_id", "id", unique=True),
            Field("country", "iso3"),
            Field("stage", "text", vocabulary=STAGES),
            *DATED,
            Field("personnel", "count", required=False),
            Field("qualifier", "text", required=False, vocabulary=QUALIFIERS),
            Field("personnel_type", "text", vocabulary=PERSONNEL_TYPES),
            Field("phase", "text", vocabulary=PHASES),
            Field("supersedes", "id_list", required=False),
            *_common_fact_fields(),
        ),
        {"country": ("countries", "iso3"), "supersedes": ("contributions", "entry_id"), **FACT_REFERENCES},
    ),
    "strength": Table(
        "strength",
        "strength.csv",
        "report_id",
        (
            Field("report_id", "id", unique=True),
            *DATED,
            Field("personnel", "count"),
            Field("qualifier", "text", vocabulary=QUALIFIERS),
            *_common_fact_fields(),
        ),
        FACT_REFERENCES,
    ),
    "funding": Table(
        "funding",
        "funding.csv",
        "entry_id",
        (
            Field("entry_id", "id", unique=True),
            Field("donor", "iso3"),
            *DATED,
            Field("flow", "text", vocabulary=FUNDING_FLOWS),
            Field("channel", "text", vocabulary=FUNDING_CHANNELS),
            Field("amount", "amount", required=False),
            Field("currency", "text", required=False, vocabulary=CURRENCIES),
            Field("amount_usd", "amount", required=False),
            Field("qualifier", "text", required=False, vocabulary=QUALIFIERS),
            Field("items", "text", required=False),
            Field("phase", "text", vocabulary=PHASES),
            Field("supersedes", "id_list", required=False),
            *_common_fact_fields(),
        ),
        {"donor": ("countries", "iso3"), "supersedes": ("funding", "entry_id"), **FACT_REFERENCES},
    ),
    "trust_fund": Table(
        "trust_fund",
        "trust_fund.csv",
        "entry_id",
        (
            Field("entry_id", "id", unique=True),
            *DATED,
            Field("measure", "text", vocabulary=TRUST_FUND_MEASURES),
            Field("amount_usd", "amount"),
            Field("amount_usd_high", "amount", required=False),
            Field("qualifier", "text", vocabulary=QUALIFIERS),
            *_common_fact_fields(),
        ),
        FACT_REFERENCES,
    ),
    # Words used in the data and on the pages, explained (Sources and method page; per page under "Terms used
    # on this page"), with sources; "forms": other ways a text writes it; French and Creole forms and words.
    "glossary": Table(
        "glossary",
        "glossary.csv",
        "term",
        (
            Field("term", "text", unique=True),
            Field("expansion", "text"),
            Field("explanation", "text", required=False),
            Field("source_ids", "id_list"),
            *(Field(column, "text", required=False) for column in ("forms", *GLOSSARY_TRANSLATIONS)),
            # Forms a French or Creole text must not write for the term (components/glossary_rules.py).
            Field("avoid_fr", "text", required=False),
            Field("avoid_ht", "text", required=False),
        ),
        {"source_ids": ("sources", "source_id")},
    ),
}

# Tables whose dates say when a fact happened; the dataset's "as of" is the latest of them.
FACT_TABLES = ("events", "contributions", "strength", "funding", "trust_fund")
