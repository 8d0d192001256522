"""The interface's languages: the catalogues match the code, every message is translated with
the same placeholders, dates and numbers are written as each language writes them, the language
is per run, and a page in French or Creole has no English left in its interface text."""

import datetime as dt
import json
import pathlib
import re
import threading

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from components import i18n, map_deck, metrics, url_state
from components.data import load_dataset
from tests.test_pages import PAGES, plotly_specs, run

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]
FIXTURE = load_dataset(ROOT / "tests" / "fixtures" / "data")


def code_messages() -> set[str]:
    """What ``pybabel extract -F babel.cfg`` finds in the code today."""
    method_map = [("app.py", "python"), ("pages/**.py", "python"), ("components/**.py", "python")]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(str(ROOT), method_map=method_map):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalogue(lang: str):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


@pytest.fixture(scope="module")
def messages():
    return code_messages()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_in_the_code_is_translated_and_none_is_left_over(lang, messages):
    cat = catalogue(lang)
    held = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in cat if m.id}
    missing = sorted(map(str, messages - set(held)))
    unused = sorted(map(str, set(held) - messages))
    assert not missing, (
        f"{lang}: messages used in the code but missing from the catalogue (run pybabel extract and update): {missing}"
    )
    assert not unused, f"{lang}: messages in the catalogue that the code no longer uses (run pybabel update): {unused}"
    untranslated = [
        str(key)
        for key, m in held.items()
        if m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert not untranslated, f"{lang}: untranslated or fuzzy messages: {untranslated}"


PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang):
    for message in catalogue(lang):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted and (
                set(PLACEHOLDER.findall(text)) == wanted or len(strings) > 1
            ), (lang, message.id, text)
            text.format(**dict.fromkeys(wanted, "x"))  # no stray braces


def test_the_translation_is_read_from_the_catalogue():
    with i18n.language("fr"):
        assert i18n._("Share this view") == "Partager cette vue"
        assert i18n.ngettext("{n} event {period}: {parts}", "{n} events {period}: {parts}", 2).startswith(
            "{n} événements"
        )
    with i18n.language("ht"):
        assert i18n._("Share this view") == "Pataje vi sa a"
    assert i18n._("Share this view") == "Share this view"


def test_dates_and_numbers_as_each_language_writes_them():
    day = dt.date(2025, 10, 2)
    assert i18n.date(day) == "2 October 2025" and i18n.number(1000) == "1,000" and i18n.money(115_300_000) == "$115.3m"
    with i18n.language("fr"):
        assert i18n.date(day) == "2 octobre 2025"
        assert i18n.date(dt.date(2025, 10, 1)) == "1er octobre 2025"
        assert i18n.date(day, "month") == "octobre 2025"
        assert i18n.number(1000) == "1\u202f000"
        assert i18n.money(115_000_000) == "115\u00a0M\u00a0$US" and i18n.money(115_300_000) == "115,3\u00a0M\u00a0$US"
    with i18n.language("ht"):
        assert i18n.date(day) == "2 oktòb 2025" and i18n.date(dt.date(2024, 7, 1), "month") == "jiyè 2024"
        assert [i18n.date(dt.date(2025, m, 1), "month").split()[0] for m in range(1, 13)] == list(i18n.HT_MONTHS)
        assert i18n.number(1000).replace("\u202f", " ").replace("\u00a0", " ") == "1 000"


def test_figures_keep_their_qualifiers_in_every_language():
    from components.amount_words import range_label
    from components.amounts import Range

    assert range_label(Range(970, 1000, "exact", "about")) == "970 to about 1,000"
    with i18n.language("fr"):
        assert range_label(Range(970, 1000, "exact", "about")) == "970 à environ 1\u202f000"
        assert range_label(Range.of(800, "at_least")) == "au moins 800"
    with i18n.language("ht"):
        assert range_label(Range.of(700, "about")) == "anviwon 700"


def test_the_language_is_per_run_never_shared_between_threads():
    seen = {}
    i18n.set_language("fr")
    try:
        worker = threading.Thread(target=lambda: seen.setdefault("other", i18n.get_language()))
        worker.start()
        worker.join()
        assert i18n.get_language() == "fr" and seen["other"] == "en"
    finally:
        i18n.set_language("en")


def test_event_texts_in_the_language_or_marked_english(ds):
    with i18n.language("ht"):
        events = metrics.localized_events(ds.events).set_index("event_id")
        assert events.loc["T44", "title"].endswith("(an anglè)")  # the fixture leaves T44 untranslated in Creole
        assert events.loc["T12", "title"] == ds.events.set_index("event_id").loc["T12", "title_ht"]
    with i18n.language("fr"):
        assert not metrics.localized_events(ds.events)["title"].str.contains("en anglais").any()


def test_url_notices_in_french_hold_no_markup():
    bounds = url_state.Bounds(dt.date(2021, 7, 7), dt.date(2026, 3, 21), frozenset({"KEN"}))
    markup = set("[]()<>*_`#!|~\\{}$")
    for lang in TRANSLATED:
        with i18n.language(lang):
            _, notices = url_state.parse_query_params(
                {"from": "x", "to": "2030-01-01", "countries": "ZZZ", "tab": "x", "lang": "de"}, bounds
            )
            assert len(notices) == 5
            for notice in notices:
                assert not set(notice) & markup, notice


def test_map_tooltips_are_translated(ds):
    from components.url_state import FilterState

    state = FilterState(ds.first_date.date(), ds.as_of.date())
    with i18n.language("fr"):
        table = metrics.country_table(ds, state)
        text = " ".join(
            record["tooltip"] for record in map_deck.map_records(table, ds.countries)
        ) + map_deck.legend_caption(table, state.end)
    assert "Promis\u00a0:" in text and "Pledged" not in text and "Latest" not in text


def test_the_funding_table_names_the_european_union_in_each_language(ds):
    """The one donor that is not a country (code EUU) has no ISO 3166 entry to name it: CLDR's
    "EU" territory names it in French, and the Creole list in ``i18n``."""
    from components import worded_tables
    from components.url_state import FilterState

    state = FilterState(ds.first_date.date(), ds.as_of.date())
    names = {}
    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            table = worded_tables.donor_table(ds, state)
        names[lang] = table.set_index("donor").loc["EUU", "donor_name"]
    assert names == {"en": "European Union", "fr": "Union européenne", "ht": "Inyon Ewopeyen"}


def test_the_holy_see_is_named_as_the_party_the_data_means():
    # CLDR's French name for VAT is the Vatican City State; the observer the rows quote is the Holy See.
    names = {}
    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            names[lang] = i18n.country("VAT", "Holy See")
    assert names == {"en": "Holy See", "fr": "Saint-Siège", "ht": "Sen-Syèj"}


def test_every_country_the_live_data_names_has_a_creole_name(live_ds):
    """CLDR has no Creole: a country added to data/countries.csv needs its name in
    ``i18n.HT_COUNTRIES``, or the Creole pages show it in English."""
    missing = sorted(set(live_ds.countries["iso3"]) - set(i18n.HT_COUNTRIES))
    assert not missing, f"add their Creole names to components/i18n.py HT_COUNTRIES: {missing}"


# --- A page in French or Creole has no English left --------------------------------------------

# Words that are English only (none is French or Creole): one of them in a page's interface
# text means a message was not marked or not translated.
ENGLISH = re.compile(
    r"\b(the|and|of|with|from|this|that|these|not|is|are|was|were|events?|pledged|disputed|confidence|reported|about|least|between|"
    r"filters|share|download|latest|trust|fund|countries|country|view|headcount|timeline|funding|"
    r"overview|map|chart|personnel in|"
    r"arrived|deployed|withdrawn|support|considering|committed|deposited|released|frozen|"
    r"claimed|none|source of|first source|open)\b",
    re.IGNORECASE,
)


def data_texts(ds) -> list[str]:
    """The data's own English text (sources, notes, disputes, glossary, English names): shown
    as the data records it, so not interface text."""
    texts = []
    for frame, columns in (
        (ds.sources, ["publisher", "title", "outlet", "source_id"]),
        (ds.glossary, ["term", "expansion", "explanation"]),
        (ds.disputes, ["dispute_id", "topic", "summary"]),
        (ds.contributions, ["note", "entry_id"]),
        (ds.funding, ["note", "items", "entry_id"]),
        (ds.trust_fund, ["note"]),
        (ds.events, ["title", "summary", "event_id"]),
        (ds.strength, ["report_id"]),
        # The sources' own words, in the source's language whatever the page's (data/README.md).
        *((frame, ["quote", "unverified"]) for frame in (ds.events, ds.contributions, ds.funding, ds.trust_fund)),
    ):
        for column in columns:
            if column in frame.columns:
                texts += [str(value) for value in frame[column] if isinstance(value, str) and value]
    return sorted(set(texts), key=len, reverse=True)


def interface_text(at) -> str:
    """Everything a page says, Markdown escapes and link targets removed."""
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error"):
        parts += [str(element.value) for element in getattr(at, kind)]
    for element in at.metric:
        parts += [element.label, str(element.value), element.proto.help]
    for kind in ("expander", "tabs", "date_input", "multiselect", "selectbox"):
        parts += [element.label for element in getattr(at, kind) if element.label != "Language · Langue · Lang"]
    parts += [element.proto.label for element in at.get("download_button")]
    parts += [element.placeholder for element in at.multiselect]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        parts += [str(column.get("label", "")) for column in config.values()] + [
            str(column.get("display_text", ""))
            for column in config.values()
            if isinstance(column.get("type_config"), dict)
        ]
        parts += [
            str(value)
            for value in frame.value.select_dtypes(include=["object", "str"]).to_numpy().ravel()
            if isinstance(value, str)
        ]
    for spec in plotly_specs(at):
        layout = spec["layout"]
        parts += [str(a.get("text", "")) for a in layout.get("annotations", [])]
        parts += [
            str(axis.get("title", {}).get("text", ""))
            for key, axis in layout.items()
            if key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), dict)
        ]
        for trace in spec["data"]:
            parts += [str(trace.get("name", "")), re.sub(r"%\{[^}]*\}", " ", str(trace.get("hovertemplate", "")))]
            custom = trace.get("customdata")
            if isinstance(custom, list):
                parts += [str(value) for row in custom for value in (row if isinstance(row, list) else [row])]
    for element in at.get("bidi_component"):
        payload = json.loads(element.proto.json)
        if "export" in payload:
            parts += [payload["export"]["title"], payload["export"]["subtitle"], *payload["export"]["footer"]]
        parts += [link[key] for link in payload.get("links", []) for key in ("label", "note")]
        parts += list(payload.get("words", {}).values())
    text = "\n".join(parts)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # Markdown link targets
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)  # code: file names
    text = re.sub(r"<[^>]+>", " ", text)  # plotly's <br>, <b>
    return text.replace("\\", "")


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("tab", ["chart", "table"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_french_or_creole_has_no_english_left(page, tab, lang):
    at = run(
        page,
        {"lang": lang, "tab": tab, "countries": "KEN,JAM,BEN,DOM,SEN,USA,CAN"} if tab == "table" else {"lang": lang},
    )
    assert not at.exception
    assert not at.info, [info.value for info in at.info]  # a valid link: no notice
    text = interface_text(at)
    for data in [*data_texts(FIXTURE), *FIXTURE.countries["name"]]:
        text = text.replace(data, " ")
    text = re.sub(r"\b[A-Z]{2,}\b", " ", text)  # codes and acronyms (KEN, CSV, JDF)
    leftovers = sorted({match.group(0) for match in ENGLISH.finditer(text)})
    lines = [line for line in text.splitlines() if ENGLISH.search(line)][:5]
    assert not leftovers, f"English left on {page} in {lang}: {leftovers} in {lines}"


def test_the_language_switch_writes_lang_into_the_url_and_the_page_follows():
    at = run("pages/1_Timeline.py")
    assert at.title[0].value == "Timeline"
    at.selectbox(key="w_lang").set_value("fr").run()
    assert at.query_params["lang"] in ("fr", ["fr"])
    assert at.title[0].value == "Chronologie"
    assert at.date_input(key="w_from").label == "Du"


def test_an_unknown_language_falls_back_to_english_with_a_notice():
    at = run("app.py", {"lang": "de"})
    assert not at.exception
    assert at.title[0].value == "Haiti Mission Tracker"
    assert any("'lang' is not one of en, fr, ht" in info.value for info in at.info)
    assert "lang" not in at.query_params


def test_a_page_switch_keeps_the_language():
    # The session's view (language included) is used when the sidebar navigation drops the
    # query: the next page runs in the same session without params.
    at = run("app.py", {"lang": "ht", "countries": "KEN"})
    assert at.title[0].value == "Swivi misyon an Ayiti"
    at.switch_page("pages/2_Map.py").run()
    assert at.title[0].value == "Peyi ki kontribye"
    assert at.query_params["lang"] in ("ht", ["ht"])
