"""The validator: passes on data/, and names file, line, column, value and rule on bad data."""

import csv
import pathlib

import pandas as pd
import pytest

from components.data import DataError, check_dataset, load_dataset
from components.data_rules import RESOLUTION_CATEGORY_RULE
from components.validate import main, monthly_coverage
from tests.conftest import FIXTURE_DATA


def edit_cell(path: pathlib.Path, line: int, column: str, value: str) -> None:
    """Set one cell; `line` is the file line number (header = line 1)."""
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def messages(data_dir) -> list[str]:
    return [str(p) for p in check_dataset(data_dir)]


def test_committed_data_is_valid(capsys):
    assert main([]) == 0  # the live data/
    assert "all tables valid" in capsys.readouterr().out


def test_fixture_data_is_valid():
    assert messages(FIXTURE_DATA) == []


# Each case breaks one thing and expects one precise message (file:line, column, value, rule).
BROKEN_CELLS = [
    (
        "events.csv",
        3,
        "date",
        "2024-13-01",
        "events.csv:3: column 'date': value '2024-13-01' must be a real calendar date written YYYY-MM-DD",
    ),
    (
        "events.csv",
        4,
        "date",
        "12/03/2024",
        "events.csv:4: column 'date': value '12/03/2024' must be a real calendar date",
    ),
    (
        "events.csv",
        5,
        "category",
        "gossip",
        "events.csv:5: column 'category': value 'gossip' must be one of: un_security_council",
    ),
    (
        "events.csv",
        6,
        "countries",
        "KEN;ZZZ",
        "events.csv:6: column 'countries': value 'ZZZ' is not listed in countries.csv",
    ),
    (
        "events.csv",
        7,
        "source_ids",
        "src001;src999",
        "events.csv:7: column 'source_ids': value 'src999' is not listed in sources.csv",
    ),
    ("events.csv", 8, "event_id", "T01", "events.csv:8: column 'event_id': value 'T01' must be unique"),
    ("events.csv", 2, "title", "", "events.csv:2: column 'title': value '' must not be empty"),
    (
        "contributions.csv",
        2,
        "personnel",
        "-5",
        "contributions.csv:2: column 'personnel': value '-5' must be a non-negative whole number",
    ),
    (
        "contributions.csv",
        3,
        "personnel",
        "1,000",
        "contributions.csv:3: column 'personnel': value '1,000' must be a non-negative whole number",
    ),
    (
        "contributions.csv",
        4,
        "stage",
        "arrived",
        "contributions.csv:4: column 'stage': value 'arrived' must be one of: offer, pledge, additional_pledge, "
        "notification",
    ),
    (
        "contributions.csv",
        5,
        "country",
        "kenya",
        "contributions.csv:5: column 'country': value 'kenya' must be an ISO 3166 alpha-3 code",
    ),
    (
        "contributions.csv",
        6,
        "dispute_id",
        "no-such-dispute",
        "contributions.csv:6: column 'dispute_id': value 'no-such-dispute' is not listed in disputes.csv",
    ),
    (
        "sources.csv",
        2,
        "url",
        "javascript:alert(1)",
        "sources.csv:2: column 'url': value 'javascript:alert(1)' must be a web address starting with http:// or https://",
    ),
    (
        "sources.csv",
        3,
        "url",
        "data:text/html,hi",
        "sources.csv:3: column 'url': value 'data:text/html,hi' must be a web address",
    ),
    (
        "countries.csv",
        3,
        "latitude",
        "123.4",
        "countries.csv:3: column 'latitude': value '123.4' must be a latitude in decimal degrees between -90 and 90",
    ),
    ("countries.csv", 4, "longitude", "east", "countries.csv:4: column 'longitude': value 'east' must be a longitude"),
    (
        "countries.csv",
        5,
        "iso3",
        "XYZ",
        "countries.csv:5: column 'iso3': value 'XYZ' is not an ISO 3166-1 alpha-3 country code",
    ),
    (
        "strength.csv",
        2,
        "qualifier",
        "roughly",
        "strength.csv:2: column 'qualifier': value 'roughly' must be one of: exact, about",
    ),
    ("funding.csv", 2, "currency", "", "funding.csv:2: column 'currency': value '' must be given when amount is given"),
    (
        "trust_fund.csv",
        6,
        "amount_usd_high",
        "1",
        "trust_fund.csv:6: column 'amount_usd_high': value '1' must not be smaller than amount_usd",
    ),
    (
        "phases.csv",
        2,
        "authorised_ceiling",
        "2500.5",
        "phases.csv:2: column 'authorised_ceiling': value '2500.5' must be a non-negative whole number",
    ),
]


@pytest.mark.parametrize(
    "file, line, column, value, expected", BROKEN_CELLS, ids=[f"{c[0]}:{c[2]}={c[3]!r}" for c in BROKEN_CELLS]
)
def test_broken_cell_is_reported_precisely(data_copy, file, line, column, value, expected):
    edit_cell(data_copy / file, line, column, value)
    found = messages(data_copy)
    assert any(m.startswith(expected) for m in found), found
    assert main([str(data_copy)]) == 1


def test_month_precision_needs_day_01(data_copy):
    edit_cell(data_copy / "events.csv", 2, "date_precision", "month")  # T01 is 2021-07-07
    assert (
        "events.csv:2: column 'date': value '2021-07-07' has date_precision 'month', so its day must be 01"
        in messages(data_copy)
    )


def test_dispute_used_by_a_single_row_is_reported(data_copy):
    path = data_copy / "funding.csv"  # can-tf-pledge is used by exactly two funding rows
    text = path.read_text(encoding="utf-8").replace(",can-tf-pledge,", ",,", 1)
    path.write_text(text, encoding="utf-8")
    assert any(
        m.startswith("disputes.csv:") and "'can-tf-pledge' is used by 1 row(s)" in m for m in messages(data_copy)
    )


def test_missing_and_unknown_columns(data_copy):
    path = data_copy / "strength.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("confidence", "certainty")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(data_copy)
    assert "strength.csv:1: column 'confidence': required column is missing from the header" in found
    assert any(m.startswith("strength.csv:1: column 'certainty': column is not in the schema") for m in found)


def test_row_with_wrong_field_count(data_copy):
    path = data_copy / "disputes.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra-row,only two fields\n", encoding="utf-8")
    assert any(m.startswith("disputes.csv:") and "has 2 fields but the header has 7" in m for m in messages(data_copy))


def test_empty_file(data_copy):
    (data_copy / "phases.csv").write_text("", encoding="utf-8")
    assert "phases.csv: file is empty: it needs at least a header line" in messages(data_copy)


def test_non_utf8_file_names_the_line(data_copy):
    path = data_copy / "countries.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b"United States", "\u00c9tats-Unis".encode("latin-1"))  # line 4: USA
    path.write_bytes(b"\n".join(raw))
    assert any(m.startswith("countries.csv:4: is not valid UTF-8 text") for m in messages(data_copy))


def test_missing_file(data_copy):
    (data_copy / "sources.csv").unlink()
    assert "sources.csv: file is missing" in messages(data_copy)


def test_loader_refuses_bad_data_with_all_problems(data_copy):
    edit_cell(data_copy / "events.csv", 3, "date", "yesterday")
    edit_cell(data_copy / "contributions.csv", 2, "personnel", "many")
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert len(error.value.problems) == 2


# --- rules across rows and tables: each breaks one thing in a copy of the fixture data -------
def line_of(path: pathlib.Path, id_value: str) -> int:
    """The file line of the row whose first cell is ``id_value``."""
    for number, row in enumerate(csv.reader(path.open(encoding="utf-8", newline="")), start=1):
        if row and row[0] == id_value:
            return number
    raise KeyError(id_value)


def edit_row(data_dir: pathlib.Path, file: str, id_value: str, **cells) -> int:
    line = line_of(data_dir / file, id_value)
    for column, value in cells.items():
        edit_cell(data_dir / file, line, column, value)
    return line


def test_a_movement_must_belong_to_the_mission_in_force_on_its_date(data_copy):
    line = edit_row(data_copy, "contributions.csv", "C20", phase="mss")  # 2025-12-09: the GSF
    assert (
        f"contributions.csv:{line}: column 'phase': value 'mss' must be the mission in force on "
        "the row's date: a strength is dated, and there is 'gsf' on 2025-12-09 (phases.csv)" in messages(data_copy)
    )


def test_a_pledge_may_concern_a_mission_not_started_yet(data_copy):
    edit_row(data_copy, "contributions.csv", "C01", phase="gsf")
    assert messages(data_copy) == []


def test_arrivals_beyond_the_pledge_need_a_rotation_or_a_note(data_copy):
    line = edit_row(
        data_copy, "contributions.csv", "C18", stage="arrival", supersedes=""
    )  # a relief recorded as an arrival
    edit_row(data_copy, "contributions.csv", "C17", stage="offer", personnel="", qualifier="")
    edited = "Edited for this test: the source says otherwise."  # the quote rule accepts a stated reason
    edit_row(data_copy, "contributions.csv", "C02", personnel="500", quote_number_note=edited)
    edit_row(data_copy, "contributions.csv", "C01", personnel="500", quote_number_note=edited)
    edit_row(data_copy, "contributions.csv", "C08", stage="offer")  # the 600 more would count too
    found = messages(data_copy)
    assert any(
        m.startswith(
            f"contributions.csv:{line}: column 'stage': value 'arrival' arrivals "
            "of KEN add up to at least 630, more than its pledges in all (500)"
        )
        for m in found
    ), found
    edit_row(data_copy, "contributions.csv", "C18", note="Beyond the pledge: a test of the escape hatch.")
    assert messages(data_copy) == []


def test_the_estimate_in_haiti_never_goes_below_zero(data_copy):
    line = edit_row(data_copy, "contributions.csv", "C26o", personnel="60")  # Jamaica had 45 at most
    assert any(
        m.startswith(
            f"contributions.csv:{line}: column 'personnel': value '60' "
            "would take JAM's estimated personnel in Haiti below zero"
        )
        for m in messages(data_copy)
    )


def test_a_restated_total_is_never_smaller_than_its_parts(data_copy):
    edit_row(data_copy, "funding.csv", "F02", flow="commitment")  # now 100 + 200 = 300 before F04's restated 200
    assert any(
        m.startswith(
            f"funding.csv:{line_of(data_copy / 'funding.csv', 'F04')}: column 'amount_usd': "
            "value '200000000' is a restated total smaller than the commitments before it"
        )
        for m in messages(data_copy)
    )


def test_supersedes_must_name_an_earlier_row_of_the_same_country(data_copy):
    line = edit_row(data_copy, "contributions.csv", "C02", supersedes="C23")  # a Jamaican row
    assert any(
        m.startswith(
            f"contributions.csv:{line}: column 'supersedes': value 'C23' must name an earlier row of the same country"
        )
        for m in messages(data_copy)
    )
    line = edit_row(data_copy, "contributions.csv", "C02", supersedes="C99")
    assert any(
        m.startswith(f"contributions.csv:{line}: column 'supersedes': value 'C99' is not listed in contributions.csv")
        for m in messages(data_copy)
    )


def test_two_sources_never_share_a_page(data_copy):
    path = data_copy / "sources.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    url = rows[1][rows[0].index("url")]
    edit_cell(
        path,
        3,
        "url",
        url.replace("https://", "http://www.")
        + ("&" if "?" in url else "?")
        + "utm_source=rss&fbclid=abc&srsltid=AfmBOoq",
    )
    assert any(
        m.startswith("sources.csv:3: column 'url':") and "is the same page as line 2" in m for m in messages(data_copy)
    )


@pytest.mark.parametrize(
    "publisher, rule",
    [
        ("trtworld.com:443", "not a host name"),
        ("tengele.com", "not a host name"),
        ("UN spokesperson", "not a person or an office"),
    ],
)
def test_a_publisher_is_an_organisation(data_copy, publisher, rule):
    edit_cell(data_copy / "sources.csv", 2, "publisher", publisher)
    assert any(
        m.startswith(f"sources.csv:2: column 'publisher': value '{publisher}' must name") and rule in m
        for m in messages(data_copy)
    )


@pytest.mark.parametrize("note", ["Kenya had not notified the SG (Reuters: ).", "; AA says 150.", "Empty () here."])
def test_no_leftover_fragments(data_copy, note):
    line = edit_row(data_copy, "contributions.csv", "C01", note=note)
    assert any(
        m.startswith(f"contributions.csv:{line}: column 'note':") and "leftover fragment" in m
        for m in messages(data_copy)
    )


def test_coverage_report_is_computed_from_the_data(capsys):
    assert main(["--report", str(FIXTURE_DATA)]) == 0
    out = capsys.readouterr().out
    ds = load_dataset(FIXTURE_DATA)
    assert f"Newest dated fact: {ds.as_of:%Y-%m-%d}" in out
    assert f"  events: {len(ds.events)}" in out and "contributions by stage:" in out and "Disputes (" in out
    assert "Sources per publisher" in out


def test_monthly_coverage_counts_and_flags_empty_months():
    events = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02", "2023-12-31"])})
    sources = pd.DataFrame({"published": pd.to_datetime(["2024-02-10", None, "2024-05-01"])})
    table = monthly_coverage(events, sources, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-31"))
    assert [str(m) for m in table.index] == ["2024-01", "2024-02", "2024-03"]
    assert table["events"].tolist() == [2, 0, 1]  # outside the range (2023-12) is not counted
    assert table["sources"].tolist() == [0, 1, 0]  # an undated source is not counted
    assert table["gap"].tolist() == [False, True, False]


def test_coverage_report_lists_months_of_the_mission(capsys):
    assert main(["--report", str(FIXTURE_DATA)]) == 0
    out = capsys.readouterr().out
    ds = load_dataset(FIXTURE_DATA)
    assert f"Events and sources per month, {ds.phases['start'].min():%Y-%m} to the as-of month {ds.as_of:%Y-%m}:" in out
    assert "Months with no event: " in out


def test_no_document_types_the_data_as_of_date(live_ds):
    # "Data as of" is computed everywhere and typed nowhere: a typed copy goes stale.
    root = pathlib.Path(__file__).resolve().parents[1]
    for document in (root / "README.md", root / "data" / "README.md"):
        text = document.read_text(encoding="utf-8")
        for written in (f"{live_ds.as_of:%Y-%m-%d}", f"{live_ds.as_of:%-d %B %Y}"):
            assert written not in text, f"{document.name} types the data's as-of date {written}"


def test_glossary_rows_need_known_sources(data_copy):
    edit_cell(data_copy / "glossary.csv", 2, "source_ids", "")
    edit_cell(data_copy / "glossary.csv", 3, "source_ids", "nosuchsource")
    found = messages(data_copy)
    assert any(m.startswith("glossary.csv:2: column 'source_ids'") and "must not be empty" in m for m in found)
    assert "glossary.csv:3: column 'source_ids': value 'nosuchsource' is not listed in sources.csv (source_id)" in found


def test_glossary_terms_are_unique(data_copy):
    edit_cell(data_copy / "glossary.csv", 3, "term", "MSS")
    assert any(m.startswith("glossary.csv:3: column 'term': value 'MSS' must be unique") for m in messages(data_copy))


@pytest.mark.parametrize(
    "url, rule",
    [
        ("https://haiti9news.net/some-article/?random-post=1", "random-post, tag or category link"),
        ("https://example.org/tag/haiti/", "random-post, tag or category link"),
        ("https://example.org/category/news/", "random-post, tag or category link"),
        ("https://fightbacknews.org/tag:Haiti", "random-post, tag or category link"),
        ("https://example.org/statements?category=haiti&offset=20", "random-post, tag or category link"),
        ("https://example.org/", "is a home page"),
    ],
)
def test_listing_and_home_page_urls_are_refused(data_copy, url, rule):
    edit_cell(data_copy / "sources.csv", 2, "url", url)
    assert any(m.startswith("sources.csv:2: column 'url':") and rule in m for m in messages(data_copy))


def test_a_bracketed_title_is_a_description_and_only_it(data_copy):
    path = data_copy / "sources.csv"
    edit_cell(path, 2, "title", "[Reuters report on: the first Kenyan flight]")
    edit_cell(path, 2, "title_basis", "headline")
    assert any(m.startswith("sources.csv:2: column 'title_basis':") for m in messages(data_copy))
    edit_cell(path, 2, "title_basis", "description")
    assert not any(m.startswith("sources.csv:2: column 'title_basis':") for m in messages(data_copy))
    edit_cell(path, 2, "title", "Kenyan police land in Haiti")
    assert any(m.startswith("sources.csv:2: column 'title_basis':") for m in messages(data_copy))
    edit_cell(path, 2, "title_basis", "from the address")
    assert any("title_basis" in m and "from the address" in m for m in messages(data_copy))


@pytest.mark.parametrize(
    "host",
    [
        "staging.example.org",
        "test.example.org",
        "demo.example.org",
        "mail.example.org",
        "dev.example.org",
        "179-dot-example-int.appspot.com",
        "cmslocal.example.org",
    ],
)
def test_a_copy_on_a_staging_host_needs_the_publishers_address(data_copy, host):
    path = data_copy / "sources.csv"
    edit_cell(path, 2, "url", f"https://{host}/news/some-article")
    edit_cell(path, 2, "canonical_url", "")
    found = messages(data_copy)
    assert any(m.startswith("sources.csv:2: column 'canonical_url':") and "staging, test, demo" in m for m in found)
    edit_cell(path, 2, "canonical_url", "https://example.org/news/some-article")
    edit_cell(path, 2, "canonical_basis", "same_path")
    assert not any(m.startswith("sources.csv:2: column 'canonical_url':") for m in messages(data_copy))


def test_a_source_whose_address_gives_its_day_has_a_published_date(data_copy):
    path = data_copy / "sources.csv"
    edit_cell(path, 2, "url", "https://example.org/2025/01/20/some-article")
    edit_cell(path, 2, "published", "")
    found = messages(data_copy)
    assert (
        "sources.csv:2: column 'published': value '' is empty, but the address gives the day 2025-01-20: write it"
        in found
    )
    edit_cell(path, 2, "published", "2025-01-20")
    assert not any(m.startswith("sources.csv:2: column 'published':") for m in messages(data_copy))


def test_a_publisher_has_one_spelling(data_copy):
    path = data_copy / "sources.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    publisher = rows[1][rows[0].index("publisher")]
    edit_cell(path, 3, "publisher", f"{publisher.upper()} (Kenya)")
    found = messages(data_copy)
    assert any(
        m.startswith("sources.csv:3: column 'publisher':") and f"is spelt '{publisher}' in other rows" in m
        for m in found
    ), found


def test_a_site_named_after_its_publisher_gives_it_one_name(data_copy):
    # "Le Témoin" and "Le Témoin Haïti" on letemoinhaiti.com: publisher_key sees two names.
    path = data_copy / "sources.csv"
    edit_cell(path, 2, "url", "https://letemoinhaiti.com/home/article/one")
    edit_cell(path, 2, "publisher", "Le Témoin")
    edit_cell(path, 3, "url", "https://letemoinhaiti.com/home/article/two")
    edit_cell(path, 3, "publisher", "Le Témoin Haïti")
    found = messages(data_copy)
    assert any(
        m.startswith("sources.csv:3: column 'publisher':")
        and "is spelt 'Le Témoin' in other rows of the same site" in m
        for m in found
    ), found
    # An aggregator's site is named after neither of the publishers it carries.
    edit_cell(path, 2, "url", "https://www.miragenews.com/one")
    edit_cell(path, 2, "publisher", "United Nations")
    edit_cell(path, 3, "url", "https://www.miragenews.com/two")
    edit_cell(path, 3, "publisher", "United Nations Security Council")
    assert not any(
        m.startswith(("sources.csv:2: column 'publisher':", "sources.csv:3: column 'publisher':"))
        for m in messages(data_copy)
    )


def test_alternate_urls_are_http_and_unique(data_copy):
    path = data_copy / "sources.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    other_url = rows[2][rows[0].index("url")]
    edit_cell(path, 2, "alternate_urls", "ftp://example.org/a")
    assert any(m.startswith("sources.csv:2: column 'alternate_urls':") and "http(s)" in m for m in messages(data_copy))
    edit_cell(path, 2, "alternate_urls", other_url)
    found = messages(data_copy)
    assert any(m.startswith("sources.csv:2: column 'alternate_urls':") and "appears once" in m for m in found)
    edit_cell(path, 2, "alternate_urls", "https://mirror.example.org/a")
    edit_cell(path, 4, "alternate_urls", "https://mirror.example.org/a")
    found = messages(data_copy)
    assert any(m.startswith("sources.csv:4: column 'alternate_urls':") and "appears once" in m for m in found)


def test_canonical_basis_has_a_vocabulary(data_copy):
    edit_cell(data_copy / "sources.csv", 2, "canonical_basis", "guessed")
    assert any(m.startswith("sources.csv:2: column 'canonical_basis':") for m in messages(data_copy))


def test_the_european_union_is_the_one_code_outside_iso_3166(data_copy):
    """The fixture names the EU as a donor under EUU, the World Bank's code; another code
    that no standard knows is still refused."""
    assert messages(data_copy) == []
    line = line_of(data_copy / "countries.csv", "EUU")
    edit_cell(data_copy / "countries.csv", line, "iso3", "EUN")
    assert f"countries.csv:{line}: column 'iso3': value 'EUN' is not an ISO 3166-1 alpha-3 country code" in messages(
        data_copy
    )


def test_only_the_councils_vote_names_the_resolution_it_adopted(data_copy):
    """The timeline draws a line for each named resolution: a reaction naming one drew a second
    line on the day of the reaction."""
    line = edit_row(data_copy, "events.csv", "T44", resolution="2751")
    vote = line_of(data_copy / "events.csv", "T48")  # the vote comes after T44 in the file
    assert messages(data_copy) == [
        f"events.csv:{line}: column 'resolution': value '2751' {RESOLUTION_CATEGORY_RULE}",
        f"events.csv:{vote}: column 'resolution': value '2751' was adopted once: line {line} already names it",
    ]


def test_a_translation_that_writes_a_form_the_glossary_avoids_is_named(data_copy):
    # The fixture glossary's GSF avoids "Fòs Siprese Gang" in Creole and "GSF" in French.
    events, disputes = data_copy / "events.csv", data_copy / "disputes.csv"
    edit_cell(events, 2, "title_ht", "Fòs Siprese Gang la rive Pòtoprens")
    edit_cell(disputes, 3, "topic_fr", "Effectif de la GSF en décembre")
    found = messages(data_copy)
    assert (
        "events.csv:2: column 'title_ht': value 'Fòs Siprese Gang la rive Pòtoprens' writes 'Fòs Siprese Gang' "
        "for GSF: the glossary (avoid_ht) asks for 'FRG' or 'Fòs Represyon Gang'"
    ) in found
    assert any(m.startswith("disputes.csv:3: column 'topic_fr':") and "writes 'GSF'" in m for m in found)
    # Whole words only: a name that merely contains the letters is not a slip.
    edit_cell(events, 2, "title_ht", "Fòs Represyon Gang la rive Pòtoprens")
    edit_cell(disputes, 3, "topic_fr", "Effectif de la FRG (GSFX) en décembre")
    assert not any("glossary (avoid_" in m for m in messages(data_copy))


def test_a_malformed_cell_does_not_hide_a_slip_in_words_or_sources(data_copy):
    # A helper's copy once reported only a repeated address while three publisher spellings and a Creole slip
    # waited behind it: the rules on words and source records now run whatever else is wrong.
    edit_cell(data_copy / "events.csv", 3, "date", "yesterday")
    edit_cell(data_copy / "events.csv", 2, "title_ht", "Fòs Siprese Gang la rive Pòtoprens")
    edit_cell(data_copy / "events.csv", 4, "note", "; Reuters says 150.")
    found = messages(data_copy)
    assert any(m.startswith("events.csv:3: column 'date':") for m in found)
    assert any(m.startswith("events.csv:2: column 'title_ht':") and "writes 'Fòs Siprese Gang'" in m for m in found)
    assert any(m.startswith("events.csv:4: column 'note':") and "leftover fragment" in m for m in found)
