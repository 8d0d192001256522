"""What is new in the data, as an Atom 1.0 feed (RFC 4287). No Streamlit here.

One entry per fact row (events, contributions, strength, funding, trust_fund), newest ``added``
first, at most ``MAX_ENTRIES``. Each entry links to the dashboard page that shows the fact, in
the dashboard's own link grammar (components/url_state.py): the month before the fact up to its
date, its countries, the feed's language. A fact belongs to a country as the pages decide
(``views.facts_in_view``: a mission-wide row belongs to every country). The XML is built with
ElementTree, so every text from the data is escaped by the XML writer, never by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pandas as pd

from components import i18n, url_state, views, wording
from components.amount_words import money_label, qualified
from components.amounts import Range
from components.data import Dataset
from components.datapackage import LICENCE
from components.i18n import _, ngettext
from components.labels import CODE_LABELS, source_says
from components.site import DASHBOARD, PAGE_BY_ROUTE, PageSpec
from components.source_index import source_lookup
from components.url_state import ISO3, Bounds, FilterState
from components.worded_tables import trust_fund_amount

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 200
FEED_PATH = "api/v1/changes.atom"  # under the dashboard's address
LINK_WINDOW = dt.timedelta(days=30)  # an entry's link shows the month before the fact up to its date
# The page that shows each fact table's rows (components/site.py routes).
FACT_PAGES = {
    "events": "Timeline",
    "contributions": "Pledges_and_deployments",
    "strength": "Timeline",  # the headcount series
    "funding": "Funding",
    "trust_fund": "Funding",
}
# Characters XML 1.0 cannot carry at all: dropped rather than written into a broken feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Fact:
    table: str
    fact_id: str
    date: dt.date
    added: dt.date
    countries: tuple[str, ...]
    row: dict


def _text(value: object) -> str:
    return NOT_XML.sub("", "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def _add(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _stamp(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}T00:00:00Z"


# ---------------------------------------------------------------------------------------
# Which facts, in which order
# ---------------------------------------------------------------------------------------
def newest_facts(ds: Dataset, countries: tuple[str, ...] = (), limit: int = MAX_ENTRIES) -> list[Fact]:
    """The fact rows that the pages show for ``countries`` (all when empty), newest ``added``
    first (then the newest date, then table and id, so the order never varies)."""
    bounds = views.view_bounds(ds)
    state = FilterState(bounds.first, bounds.last, tuple(sorted(set(countries))))
    facts = []
    for table, frame in views.facts_in_view(ds, state).items():
        country_column, id_column = views.FACT_VIEWS[table]
        # Only each table's newest rows can make the cut: the rest are never turned into records.
        order_in_table = ["added", "date", id_column]  # the final order's key, within one table
        newest = frame.sort_values(order_in_table, ascending=[False, False, True], kind="stable").head(limit)
        for row in newest.to_dict("records"):
            codes = row[country_column] if country_column else ()
            countries_of = tuple(codes) if isinstance(codes, tuple) else (codes,)
            facts.append(Fact(table, row[id_column], row["date"].date(), row["added"].date(), countries_of, row))
    order = {table: i for i, table in enumerate(FACT_PAGES)}
    facts.sort(key=lambda f: (-f.added.toordinal(), -f.date.toordinal(), order[f.table], f.fact_id))
    return facts[:limit]


# ---------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------
def fact_page(fact: Fact) -> PageSpec:
    return PAGE_BY_ROUTE[FACT_PAGES[fact.table]]


def fact_state(fact: Fact, bounds: Bounds, lang: str, within: tuple[str, ...] = ()) -> FilterState:
    """The view that shows the fact: the month before it up to its date, its countries (those
    of them in ``within``, the feed's own countries, when it has some and they share one)."""
    start = max(bounds.first, fact.date - LINK_WINDOW)
    countries = {c for c in fact.countries if c in bounds.countries}
    countries = (countries & set(within)) or countries
    return FilterState(start, fact.date, tuple(sorted(countries)), pinned_end=True, lang=lang)


def page_url(base_url: str, page: PageSpec, query: str) -> str:
    return f"{base_url.rstrip('/')}{page.address}" + (f"?{query}" if query else "")


def fact_url(base_url: str, fact: Fact, bounds: Bounds, lang: str, within: tuple[str, ...] = ()) -> str:
    """The fact's page, written as the share box writes a page's link (url_state's grammar)."""
    state = fact_state(fact, bounds, lang, within)
    return page_url(base_url, fact_page(fact), url_state.query_string(state, bounds))


def entry_id(base_url: str, fact: Fact) -> str:
    """A tag URI (RFC 4151) that never changes: the site's host, the day the fact was added,
    its table and id."""
    host = urllib.parse.urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{fact.added:%Y-%m-%d}:{fact.table}/{fact.fact_id}"


def feed_url(base_url: str, countries: tuple[str, ...], lang: str) -> str:
    params = {}
    if countries:
        params["countries"] = ",".join(countries)
    if lang != i18n.DEFAULT_LANGUAGE:
        params["lang"] = lang
    query = urllib.parse.urlencode(params, safe=",")
    return f"{base_url.rstrip('/')}/{FEED_PATH}" + (f"?{query}" if query else "")


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------
def _code(column: str, code: str) -> str:
    label = CODE_LABELS.get(column, {}).get(code)
    return _(label) if label else code


def _personnel(row: dict) -> str:
    return qualified(row["qualifier"] or "exact", i18n.number(row["personnel"]))


def _funding_amount(row: dict) -> str:
    qualifier = row["qualifier"] or "exact"
    if not pd.isna(row["amount_usd"]):
        return money_label(Range.of(round(row["amount_usd"]), qualifier))
    if not pd.isna(row["amount"]):
        return qualified(qualifier, f"{i18n.number(row['amount'])} {row['currency']}")
    return row["items"]


def fact_title(fact: Fact, names: dict[str, str]) -> str:
    """What the fact is, in a line: "Kenya: arrival, about 400 (police)"."""
    row = fact.row
    if fact.table == "events":
        title = row["title"]
    elif fact.table == "contributions":
        what = {"country": names.get(row["country"], row["country"]), "stage": _code("stage", row["stage"])}
        if pd.isna(row["personnel"]):
            title = _("{country}: {stage}").format(**what)
        else:
            title = _("{country}: {stage}, {personnel} ({personnel_type})").format(
                **what, personnel=_personnel(row), personnel_type=_code("personnel_type", row["personnel_type"])
            )
    elif fact.table == "strength":
        title = _("Mission-wide headcount: {personnel}").format(personnel=_personnel(row))
    elif fact.table == "funding":
        what = {"donor": names.get(row["donor"], row["donor"]), "flow": _code("flow", row["flow"])}
        amount = _funding_amount(row)
        title = (
            _("{donor}: {flow}, {amount}").format(**what, amount=amount)
            if amount
            else _("{donor}: {flow}").format(**what)
        )
    else:
        title = _("{measure}: {amount}").format(
            measure=wording.measure_label(row["measure"]), amount=trust_fund_amount(pd.Series(row))
        )
    return wording.mark_disputed(title) if row.get("dispute_id") else title


def fact_summary(fact: Fact) -> str:
    """When (with the date's precision) and how sure, then the row's own words."""
    row = fact.row
    when = _("{date}, {confidence}.").format(
        date=wording.date_label(row["date"], row["date_precision"]),
        confidence=wording.confidence_word(row["confidence"]),
    )
    words = row["summary"] if fact.table == "events" else row["note"]
    quote = row.get("quote")
    said = _("Source says: {quote}").format(quote=quote) if quote else source_says("", row.get("unverified"))
    return " ".join(part for part in (when, words, said) if part)


def _localized(facts: list[Fact]) -> list[Fact]:
    """Events' titles and summaries in the current language (English, marked, where missing)."""
    events = [f for f in facts if f.table == "events"]
    if not events:
        return facts
    frame = wording.localized_events(pd.DataFrame([f.row for f in events]))
    texts = {f.fact_id: row for f, row in zip(events, frame.to_dict("records"), strict=True)}
    return [
        Fact(f.table, f.fact_id, f.date, f.added, f.countries, texts[f.fact_id]) if f.table == "events" else f
        for f in facts
    ]


# ---------------------------------------------------------------------------------------
# The feed
# ---------------------------------------------------------------------------------------
def _entry(feed: ET.Element, fact: Fact, context: dict) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(context["base_url"], fact))
    _add(entry, "title", fact_title(fact, context["names"]), type="text")
    _add(entry, "updated", _stamp(fact.added))
    _add(entry, "published", _stamp(fact.added))
    _add(entry, "link", rel="alternate", type="text/html", href=fact_url(context["base_url"], fact, *context["view"]))
    for source_id in fact.row["source_ids"]:
        source = context["sources"].get(source_id)
        if source:
            title = f"{source['publisher']}: {source['title']}"
            _add(entry, "link", rel="related", type="text/html", href=source["url"], title=title)
    _add(entry, "category", term=fact.table)
    _add(entry, "summary", fact_summary(fact), type="text")


def changes_atom(ds: Dataset, *, base_url: str, countries: tuple[str, ...] = (), lang: str = "en") -> str:
    """The Atom feed of the facts added to the data, newest first, for ``countries`` (all
    when empty) in ``lang``. ``base_url``: the dashboard's public address (no trailing path
    of a page), from which every link and id is made."""
    lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    # Only well-formed codes are read (and written back into the feed's title and address).
    countries = tuple(sorted({code for code in countries if ISO3.fullmatch(code)}))
    with i18n.language(lang):
        bounds = views.view_bounds(ds)
        facts = _localized(newest_facts(ds, countries))
        names = wording.country_names(ds)
        # Plain tag names and the Atom namespace as the root's default (ElementTree writes no prefixes then).
        feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
        self_url = feed_url(base_url, countries, lang)
        _add(feed, "id", self_url)
        title = _("{dashboard}: facts added to the data").format(dashboard=_(DASHBOARD))
        if countries:
            title += " · " + wording.country_list(countries, names)
        _add(feed, "title", title, type="text")
        _add(feed, "subtitle", _subtitle(len(facts), views.data_version(ds), bool(countries)), type="text")
        _add(feed, "updated", _stamp(facts[0].added if facts else views.data_version(ds)))
        _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
        _add(feed, "link", rel="alternate", type="text/html", href=base_url.rstrip("/") + "/")
        author = _add(feed, "author")
        _add(author, "name", _(DASHBOARD))
        _add(feed, "rights", f"{LICENCE['title']}: {LICENCE['path']}")  # the data's licence
        context = {
            "base_url": base_url,
            "names": names,
            "sources": source_lookup(ds),
            "view": (bounds, lang, tuple(countries)),
        }
        for fact in facts:
            _entry(feed, fact, context)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _subtitle(count: int, version: dt.date, filtered: bool) -> str:
    text = ngettext(
        "{n} fact, the newest added to the data first (at most {limit} are listed).",
        "{n} facts, the newest added to the data first (at most {limit} are listed).",
        count,
    ).format(n=count, limit=MAX_ENTRIES)
    if filtered:
        text += " " + _("Facts about the whole mission are listed for every country.")
    return text + " " + _("Data version {version}").format(version=version.isoformat()) + "."
