"""Issue #11 (reach): the Overview by name, embedded pages, citing a view, what is new since a
link, and the print stylesheet. Unit tests of the plain modules on the fixture data (rows added
2026-11-24, five added 2026-11-28), then AppTests of the pages."""

import datetime as dt
import json
import pathlib
import re

import pytest
from streamlit.testing.v1 import AppTest

from components import cite, metrics
from components.url_state import FilterState

ROOT = pathlib.Path(__file__).resolve().parents[1]
D = dt.date
OLD, NOW = D(2026, 11, 24), D(2026, 11, 28)  # the fixture data's two versions
ADDED_ON_28 = {"T74", "C26o", "F09s", "F09f", "S16"}


# --- What is new since a link: the counting (components/metrics.py) -----------------------------


def everything(ds) -> FilterState:
    return FilterState(ds.first_date.date(), ds.as_of.date())


def test_the_data_version_is_the_newest_added_date(ds):
    assert metrics.data_version(ds) == NOW
    assert ds.as_of.date() == D(2026, 2, 8)  # the newest *fact*: a different date


def test_rows_added_since_an_older_version_are_the_newer_rows(ds):
    added = metrics.rows_added_since(ds, OLD, everything(ds))
    assert set(added) == set(metrics.FACT_VIEWS)
    assert {
        row_id for name, (_c, id_column) in metrics.FACT_VIEWS.items() for row_id in added[name][id_column]
    } == ADDED_ON_28
    assert metrics.count_added_since(ds, OLD, everything(ds)) == 5
    assert metrics.new_ids(ds, OLD) == frozenset(ADDED_ON_28)


def test_nothing_is_new_since_the_current_version(ds):
    assert metrics.count_added_since(ds, NOW, everything(ds)) == 0
    assert metrics.new_ids(ds, NOW) == frozenset() and metrics.new_ids(ds, None) == frozenset()


def test_rows_added_since_follow_the_view(ds):
    # Kenya, 1 June 2024 to 2 October 2025: of the new rows only T74 (30 September 2025, Kenya
    # among its countries); not Jamaica's rotation, not the US money, not the 2026 headcount.
    kenya = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",), pinned_end=True)
    added = metrics.rows_added_since(ds, OLD, kenya)
    assert list(added["events"]["event_id"]) == ["T74"]
    assert metrics.count_added_since(ds, OLD, kenya) == 1
    # Mission-wide rows (the headcount) count for any country selection, within the dates.
    later = FilterState(D(2026, 1, 1), D(2026, 2, 8), ("JAM",), pinned_end=True)
    assert list(metrics.rows_added_since(ds, OLD, later)["strength"]["report_id"]) == ["S16"]
    assert metrics.count_added_since(ds, OLD, FilterState(D(2021, 7, 7), D(2023, 1, 1), pinned_end=True)) == 0


def test_is_new_without_a_version_is_all_false(ds):
    assert not metrics.is_new(ds.events, None).any()
    assert metrics.is_new(ds.events, OLD).sum() == 1


# --- Citing and embedding (components/cite.py) --------------------------------------------------

URL = "https://hmt.example/Pledges_and_deployments?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28"


def test_citation_names_the_view_its_link_version_and_access_date():
    description = cite.view_description("Pledges and deployments", "1 Jun 2024 – 2 Oct 2025 · Kenya", "table")
    text = cite.citation_text(description, URL, NOW, D(2026, 12, 3))
    assert text == (
        "Haiti Mission Tracker. \u201cPledges and deployments, 1 Jun 2024 – 2 Oct 2025 · Kenya, table.\u201d "
        f"Data version 2026-11-28. {URL} (accessed 3 December 2026)."
    )


def test_bibtex_is_a_misc_entry_with_url_urldate_and_the_data_version():
    entry = cite.bibtex(
        "Pledges and deployments", "Pledges and deployments, 1 Jun 2024 – 2 Oct 2025 · Kenya", URL, NOW, D(2026, 12, 3)
    )
    assert entry.startswith("@misc{hmt_pledges_and_deployments_20261128,\n") and entry.endswith("\n}")
    assert f"  url = {{{URL}}}," in entry.splitlines()
    assert "  urldate = {2026-12-03}," in entry.splitlines() and "  year = {2026}," in entry.splitlines()
    assert "  note = {Data version 2026-11-28}," in entry.splitlines()
    assert "  author = {{Haiti Mission Tracker}}," in entry.splitlines()
    assert entry.count("{") == entry.count("}")


def test_bibtex_escapes_its_special_characters():
    entry = cite.bibtex("Funding", "Funding & aid: 100% {x} #1 a_b ~c ^d \\e", "https://h.example/?a=1", NOW, NOW)
    title = next(line for line in entry.splitlines() if line.startswith("  title"))
    assert title == r"  title = {{Funding \& aid: 100\% \{x\} \#1 a\_b \~{}c \^{}d \textbackslash{}e}},"


def test_embed_snippet_is_an_iframe_with_a_title_and_height_and_escaped_attributes():
    snippet = cite.embed_snippet("https://hmt.example/Map?from=2024-06-01&to=2025-10-02", 'Map "quoted" <b>', 760)
    assert snippet.startswith('<iframe src="https://hmt.example/Map?from=2024-06-01&amp;to=2025-10-02&amp;embed=true" ')
    assert (
        'title="Map &quot;quoted&quot; &lt;b&gt;"' in snippet
        and 'height="760"' in snippet
        and snippet.endswith("></iframe>")
    )
    assert cite.embed_url("https://hmt.example/") == "https://hmt.example/?embed=true"
    assert cite.embed_height("Map") > cite.embed_height("Timeline") > 300


# --- Pages (AppTest) ------------------------------------------------------------------------------


def run(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def components_named(at: AppTest, name: str) -> list[dict]:
    return [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == name]


def test_the_first_page_is_called_overview_and_keeps_its_address():
    at = run("app.py")
    assert not at.exception
    pages = sorted(at._registered_pages.values(), key=lambda page: page["script_path"])
    assert [(page["page_name"], page["url_pathname"]) for page in pages] == [
        ("Overview", ""),  # the default page: /
        ("Timeline", "Timeline"),
        ("Map", "Map"),
        ("Pledges and deployments", "Pledges_and_deployments"),
        ("Funding", "Funding"),
        ("Sources and method", "Sources_and_method"),
    ]
    assert at.title[0].value == "Haiti Mission Tracker" and at.metric  # app.py draws the Overview
    assert not run("pages/0_Overview.py").exception  # which also runs on its own


SHARED = {"from": "2024-06-01", "to": "2025-10-02", "countries": "KEN"}
SHEETS = [
    "app.py",
    "pages/1_Timeline.py",
    "pages/2_Map.py",
    "pages/3_Pledges_and_deployments.py",
    "pages/4_Funding.py",
    "pages/5_Sources_and_method.py",
]


@pytest.mark.parametrize("page", SHEETS)
def test_an_embedded_page_has_no_sidebar_widgets_share_box_or_downloads(page):
    at = run(page, {**SHARED, "embed": "true", "embed_options": "show_toolbar"})
    assert not at.exception and not at.info  # embed and embed_options are not ours: no notice
    assert len(at.sidebar.children) == 0  # nothing drawn in the sidebar, so the browser shows none
    assert not at.date_input and not at.multiselect and not at.get("download_button") and not at.expander
    assert components_named(at, "hmt_share_link") == [] and components_named(at, "hmt_url_sync") == []
    assert at.title  # the page is still there, with the view from the URL
    if page != "pages/5_Sources_and_method.py":
        assert any("Showing: 1 Jun 2024 – 2 Oct 2025 · Kenya" in c.value for c in at.caption)


def test_an_embedded_chart_keeps_its_caption_and_sources():
    at = run("pages/3_Pledges_and_deployments.py", {**SHARED, "embed": "true"})
    assert components_named(at, "hmt_plotly_chart")
    assert any('"From" date has no effect' in c.value for c in at.caption)
    assert any("Open this view in Haiti Mission Tracker" in c.value for c in at.caption)
    assert not at.tabs  # no tab labels to click: the chart the link names
    assert not any("Table tab" in c.value for c in at.caption)  # so no caption points to one
    assert all(
        "Table tab" not in chart["alt"] for chart in components_named(at, "hmt_plotly_chart")
    )  # nor the text alternative
    assert all(
        "Table tab" in chart["alt"]
        for chart in components_named(run("pages/3_Pledges_and_deployments.py", SHARED), "hmt_plotly_chart")
    )
    assert any("Table tab" in c.value for c in run("pages/3_Pledges_and_deployments.py", SHARED).caption)


def test_an_embedded_table_view_draws_the_table():
    at = run("pages/4_Funding.py", {**SHARED, "tab": "table", "embed": "true"})
    assert not at.exception and at.dataframe and not components_named(at, "hmt_plotly_chart")


def share_box(at: AppTest) -> dict:
    (box,) = components_named(at, "hmt_share_link")
    return box


def test_share_box_gives_embed_snippet_and_citations_as_text():
    at = run("pages/3_Pledges_and_deployments.py", {**SHARED, "tab": "table"})
    box = share_box(at)
    embed, plain, bibtex = box["snippets"]
    assert [embed["label"], plain["label"], bibtex["label"]] == ["Embed", "Cite this view", "BibTeX"]
    assert re.fullmatch(
        r'<iframe src="\?from=2024-06-01&amp;to=2025-10-02&amp;countries=KEN&amp;tab=table&amp;embed=true"'
        r' title="[^"<>]+"'
        r' width="100%" height="\d+" style="border: 0;" loading="lazy"></iframe>',
        embed["text"],
    )
    today = dt.date.today()
    assert plain["text"].startswith(
        "Haiti Mission Tracker. \u201cPledges and deployments, 1 Jun 2024 – 2 Oct 2025 · Kenya, table.\u201d"
        " Data version 2026-11-28. "
    )
    assert "?from=2024-06-01&to=2025-10-02&countries=KEN&tab=table&v=2026-11-28" in plain["text"]
    assert plain["text"].endswith(f"(accessed {today.day} {today:%B %Y}).")
    assert (
        "@misc{" in bibtex["text"]
        and f"urldate = {{{today.isoformat()}}}" in bibtex["text"]
        and "note = {Data version 2026-11-28}" in bibtex["text"]
    )
    # Shown as text: no element of the page renders the snippet.
    assert not any("<iframe" in str(element.value) for kind in ("markdown", "caption") for element in getattr(at, kind))


def test_a_hostile_link_reaches_no_snippet():
    at = run(
        "pages/2_Map.py",
        {"from": "2024-01-01", "countries": "KEN,<script>", "[x](https://ev.il)": '"><iframe>', "v": "<b>"},
    )
    assert not at.exception
    texts = " ".join(s["text"] for s in share_box(at)["snippets"])
    assert "ev.il" not in texts and "<script" not in texts and "<b>" not in texts and texts.count("<iframe") == 1


def test_the_print_block_cites_the_view():
    at = run("pages/1_Timeline.py", SHARED)
    printed = [t.value for t in at.text if t.value.startswith("Cite this view:")]
    assert (
        len(printed) == 1
        and "Data version 2026-11-28. ?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28 (accessed" in printed[0]
    )
    styles = [e.proto.body for e in at.get("html")]
    assert sum("@media print" in body for body in styles) == 1  # once per page


OLD_LINK = {**SHARED, "v": "2026-11-24"}


def test_a_link_with_an_older_data_version_says_what_is_new():
    at = run("pages/1_Timeline.py", {**OLD_LINK, "tab": "table"})
    assert not at.exception
    (notice,) = [i.value for i in at.info]
    assert notice.startswith(
        "1 fact added since this link was shared \\(data version 2026\\-11\\-24;"
        " the data is now at version 2026\\-11\\-28\\)"
    )
    assert "1 more is dated after this view" in notice  # S16, the 2026 headcount
    events = next(frame.value for frame in at.dataframe if "event_id" in frame.value.columns)
    assert list(events.columns[:1]) == ["new"] and set(events.loc[events["new"], "event_id"]) == {"T74"}
    (newest,) = at.get("link_button")
    assert newest.proto.url == "?from=2024-06-01&countries=KEN&tab=table"  # the same view, following new data
    assert at.query_params["v"] == "2026-11-24"  # kept: a reload says the same


def test_without_a_data_version_no_table_has_a_new_column():
    at = run("pages/4_Funding.py", {**SHARED, "tab": "table"})
    assert all("new" not in frame.value.columns for frame in at.dataframe)
    assert not at.get("link_button")


def test_a_link_with_the_current_data_version_says_nothing_is_new():
    at = run("pages/4_Funding.py", {**SHARED, "v": "2026-11-28"})
    assert not at.info and any("No facts have been added since this link was shared" in c.value for c in at.caption)


def test_the_new_marks_and_plural_on_the_overview():
    at = run("app.py", {"from": "2021-07-07", "to": "2026-02-08", "v": "2026-11-24"})
    (notice,) = [i.value for i in at.info]
    assert notice.startswith("5 facts added since this link was shared") and "They are marked new" in notice
    assert any("T74" not in md.value and "new since this link" in md.value for md in at.markdown)


def test_only_the_pinned_share_link_carries_a_data_version():
    at = run("pages/4_Funding.py", OLD_LINK)
    following, pinned = next(
        json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "hmt_share_link"
    )["links"]
    assert following["url"] == "?from=2024-06-01&countries=KEN"
    assert pinned["url"] == "?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28"  # made now: today's version


# --- With the languages (components/i18n.py): names, links and words ------------------------------


def test_the_sidebar_names_the_pages_in_the_links_language():
    at = run("app.py", {"lang": "fr"})
    assert not at.exception
    pages = sorted(at._registered_pages.values(), key=lambda page: page["script_path"])
    assert [(page["page_name"], page["url_pathname"]) for page in pages] == [
        ("Vue d'ensemble", ""),
        ("Chronologie", "Timeline"),
        ("Carte", "Map"),
        ("Promesses et déploiements", "Pledges_and_deployments"),
        ("Financement", "Funding"),
        ("Sources et méthode", "Sources_and_method"),
    ]  # the addresses never change with the language
    assert at.title[0].value == "Suivi de la mission en Haïti"
    # After a page switch (the URL without params) the names follow the session's language: checked
    # in Chromium (tests/e2e/test_languages.py), as AppTest's switch_page skips app.py's navigation.


def test_every_link_the_app_builds_carries_the_language():
    at = run("pages/4_Funding.py", {**OLD_LINK, "tab": "table", "lang": "fr"})
    assert not at.exception
    box = share_box(at)
    following, pinned = box["links"]
    assert following["url"] == "?from=2024-06-01&countries=KEN&tab=table&lang=fr"
    assert pinned["url"] == "?from=2024-06-01&to=2025-10-02&countries=KEN&tab=table&v=2026-11-28&lang=fr"
    embed, plain, bibtex = box["snippets"]
    assert [embed["label"], plain["label"]] == ["Intégrer", "Citer cette vue"]
    assert (
        'src="?from=2024-06-01&amp;to=2025-10-02&amp;countries=KEN&amp;tab=table&amp;lang=fr&amp;embed=true"'
        in embed["text"]
    )
    assert plain["text"].startswith(
        "Suivi de la mission en Haïti. «\u00a0Financement, 1er juin 2024 – 2 oct. 2025 · Kenya, tableau\u00a0»."
        " Version des données 2026-11-28. "
    )
    assert "?from=2024-06-01&to=2025-10-02&countries=KEN&tab=table&v=2026-11-28&lang=fr (consulté le " in plain["text"]
    assert (
        "note = {Version des données 2026-11-28}" in bibtex["text"] and "@misc{hmt_funding_20261128," in bibtex["text"]
    )
    (newest,) = at.get("link_button")
    assert (
        newest.proto.url == "?from=2024-06-01&countries=KEN&tab=table&lang=fr"
        and newest.proto.label == "Ouvrir cette vue avec les données les plus récentes"
    )
    printed = [t.value for t in at.text if t.value.startswith("Citer cette vue")]
    assert len(printed) == 1 and "&v=2026-11-28&lang=fr (consulté le" in printed[0]


def test_an_embedded_page_in_creole_links_back_in_creole():
    at = run("pages/3_Pledges_and_deployments.py", {**SHARED, "lang": "ht", "embed": "true"})
    assert not at.exception and not at.info
    assert any(
        "Louvri vi sa a nan Swivi misyon an Ayiti" in c.value for c in at.caption
    )  # a link where the page knows its address
    assert any(c.value.startswith("N ap montre: ") for c in at.caption)


def test_what_is_new_speaks_the_language_and_v_survives_a_language_switch():
    at = run("pages/1_Timeline.py", {**OLD_LINK, "tab": "table"})
    at.selectbox(key="w_lang").set_value("ht").run()
    assert not at.exception
    assert at.query_params["lang"] in ("ht", ["ht"]) and at.query_params["v"] in ("2026-11-24", ["2026-11-24"])
    (notice,) = [i.value for i in at.info]
    assert notice.startswith("1 fè yo ajoute depi yo te pataje lyen sa a")
    events = next(frame.value for frame in at.dataframe if "event_id" in frame.value.columns)
    assert list(events.columns[:1]) == ["new"] and set(events.loc[events["new"], "event_id"]) == {"T74"}
    (newest,) = at.get("link_button")
    assert newest.proto.url == "?from=2024-06-01&countries=KEN&tab=table&lang=ht"
