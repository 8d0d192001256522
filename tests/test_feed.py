"""The feed of what is new (components/feed.py): Atom that a feed reader parses, newest fact
first, filtered by country as the pages are, every text escaped by the XML writer, and every
entry's link a page link that url_state reads back to the fact's date and countries."""

import dataclasses
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser
import pandas as pd
import pytest

from components import feed, url_state, views
from components.site import PAGE_BY_ROUTE

BASE = "https://hmt.example.org/tracker"


@pytest.fixture(scope="module")
def parsed(ds):
    return feedparser.parse(feed.changes_atom(ds, base_url=BASE))


def fact_rows(ds) -> dict[str, dict]:
    """'table/id' -> the fact row, for every fact table."""
    rows = {}
    for table, (_country, id_column) in views.FACT_VIEWS.items():
        for row in getattr(ds, table).to_dict("records"):
            rows[f"{table}/{row[id_column]}"] = row
    return rows


def key_of(entry) -> str:
    return entry.id.split(":", 2)[2]


def test_a_feed_reader_parses_it(parsed, ds):
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Haiti Mission Tracker: facts added to the data"
    assert str(feed.MAX_ENTRIES) in parsed.feed.subtitle and views.data_version(ds).isoformat() in parsed.feed.subtitle
    assert parsed.feed.links[0].href == f"{BASE}/api/v1/changes.atom"
    # every fact of the fixture data (fewer than the cap), each once, with a stable id
    assert len(parsed.entries) == len(fact_rows(ds)) < feed.MAX_ENTRIES
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)
    assert all(entry.id.startswith("tag:hmt.example.org,") for entry in parsed.entries)


def test_entries_are_newest_first(parsed, ds):
    rows = fact_rows(ds)
    added = [entry.updated_parsed[:3] for entry in parsed.entries]
    assert added == sorted(added, reverse=True)
    for entry in parsed.entries[:20]:
        assert entry.updated.startswith(f"{rows[key_of(entry)]['added']:%Y-%m-%d}")
    assert parsed.entries[0].updated.startswith(views.data_version(ds).isoformat())


def test_the_feed_is_capped(live_ds):
    total = sum(len(getattr(live_ds, table)) for table in views.FACT_VIEWS)
    entries = feedparser.parse(feed.changes_atom(live_ds, base_url=BASE)).entries
    assert len(entries) == min(total, feed.MAX_ENTRIES)
    assert [f.fact_id for f in feed.newest_facts(live_ds, limit=5)] == [key_of(e).split("/")[1] for e in entries[:5]]


def test_the_countries_filter_keeps_their_facts_and_the_mission_wide_ones(ds, parsed):
    kenya = feedparser.parse(feed.changes_atom(ds, base_url=BASE, countries=("KEN",)))
    assert not kenya.bozo and kenya.feed.title.endswith("· Kenya")
    rows = fact_rows(ds)
    tables = set()
    for entry in kenya.entries:
        table, _ = key_of(entry).split("/")
        tables.add(table)
        row = rows[key_of(entry)]
        about = {"events": row.get("countries"), "contributions": (row.get("country"),), "funding": (row.get("donor"),)}
        assert table not in about or "KEN" in about[table], key_of(entry)
    assert {"events", "contributions", "strength"} <= tables  # mission-wide rows belong to every country
    assert len(kenya.entries) < len(parsed.entries)
    # the same fact keeps its id whatever the filter
    assert {e.id for e in kenya.entries} <= {e.id for e in parsed.entries}


def test_each_link_opens_the_page_and_view_of_its_fact(ds, parsed):
    rows = fact_rows(ds)
    bounds = views.view_bounds(ds)
    for entry in parsed.entries:
        table, _ = key_of(entry).split("/")
        row = rows[key_of(entry)]
        link = urllib.parse.urlsplit(entry.link)
        assert f"{link.scheme}://{link.netloc}{link.path}" == BASE + PAGE_BY_ROUTE[feed.FACT_PAGES[table]].address
        state, notices = url_state.parse_query_params(urllib.parse.parse_qs(link.query), bounds)
        assert notices == []
        assert state.end == row["date"].date() and state.pinned_end and state.start <= state.end
        countries = {"events": row.get("countries"), "contributions": (row.get("country"),)}
        countries["funding"] = (row.get("donor"),)
        assert set(state.countries) == set(countries.get(table, ()))
    pledges = [e for e in parsed.entries if key_of(e).startswith("contributions/")]
    assert pledges and all("/Pledges_and_deployments?" in e.link for e in pledges)


def test_a_kenya_feed_links_events_to_kenya(ds):
    kenya = feedparser.parse(feed.changes_atom(ds, base_url=BASE, countries=("KEN",)))
    events = [e for e in kenya.entries if key_of(e).startswith("events/")]
    assert events and all(
        urllib.parse.parse_qs(urllib.parse.urlsplit(e.link).query)["countries"] == ["KEN"] for e in events
    )


def test_entries_carry_their_sources(ds, parsed):
    rows = fact_rows(ds)
    sources = ds.sources.set_index("source_id")
    for entry in parsed.entries[:30]:
        related = [link.href for link in entry.links if link.rel == "related"]
        expected = [sources.loc[s, "canonical_url"] or sources.loc[s, "url"] for s in rows[key_of(entry)]["source_ids"]]
        assert related == expected


def with_event(ds, **changes):
    events = ds.events.copy()
    first = events.index[0]
    for column, value in changes.items():
        events.loc[first, column] = value
    events.loc[first, "added"] = pd.Timestamp("2030-01-01")  # the newest entry
    return dataclasses.replace(ds, events=events), events.loc[first, "event_id"]


def test_markup_in_the_data_is_escaped_by_the_xml_writer(ds):
    title = '<script>alert("x")</script> & <b>bold</b>'
    hostile, event_id = with_event(ds, title=title, summary="a\x0bb <img src=x onerror=alert(1)>")
    xml = feed.changes_atom(hostile, base_url=BASE)
    assert "<script" not in xml and "<img" not in xml and "<b>" not in xml
    assert "&lt;script&gt;" in xml
    root = ET.fromstring(xml)
    atom = {"a": feed.ATOM}
    first = root.find("a:entry", atom)
    assert first.find("a:id", atom).text.endswith(f"events/{event_id}")
    assert first.find("a:title", atom).text == title  # the words themselves, unchanged
    assert "ab <img" in first.find("a:summary", atom).text  # a character XML cannot hold is dropped
    assert not feedparser.parse(xml).bozo


def test_the_feed_speaks_the_asked_language(ds):
    french = feed.changes_atom(ds, base_url=BASE, lang="fr")
    parsed = feedparser.parse(french)
    assert not parsed.bozo and 'xml:lang="fr"' in french
    assert parsed.feed.title == "Suivi de la mission en Haïti : faits ajoutés aux données"
    assert all("lang=fr" in entry.link for entry in parsed.entries)
    translated = ds.events[ds.events["title_fr"] != ""].iloc[0]
    entry = next(e for e in parsed.entries if key_of(e) == f"events/{translated['event_id']}")
    assert entry.title == translated["title_fr"]
    # an unknown language falls back to English
    assert 'xml:lang="en"' in feed.changes_atom(ds, base_url=BASE, lang="xx")


def test_only_well_formed_country_codes_are_read(ds):
    xml = feed.changes_atom(ds, base_url=BASE, countries=("KEN", "<b>x</b>", "ken;drop"))
    parsed = feedparser.parse(xml)
    assert "<b>" not in xml and "&lt;b&gt;" not in xml and "drop" not in xml
    assert parsed.feed.links[0].href == f"{BASE}/api/v1/changes.atom?countries=KEN"
    assert [e.id for e in parsed.entries] == [
        e.id for e in feedparser.parse(feed.changes_atom(ds, base_url=BASE, countries=("KEN",))).entries
    ]
