"""AppTest for every page: runs clean with no params, a shared link, and a malformed link;
the charts' data follows the filters; changing a widget writes the state into the URL."""

import json
import pathlib
import re

import pytest
from streamlit.testing.v1 import AppTest

from components import site, url_state
from components.data import load_dataset

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Every page of the page list; the default page through app.py, which runs the navigation.
PAGES = ["app.py" if spec is site.PAGES[0] else spec.file for spec in site.PAGES]
# The newest fact of the fixture data (pages run on it, see tests/conftest.py).
AS_OF = load_dataset(ROOT / "tests" / "fixtures" / "data").as_of.date().isoformat()
DATA_VERSION = "2026-11-28"  # the newest `added` date of the fixture data
SHARED = {"from": "2024-06-01", "to": "2025-10-02", "countries": "KEN"}
GRAMMAR_KEYS = [*url_state.PARAMS, *url_state.LEGACY_PARAMS]  # what url_sync.js may rewrite
MALFORMED = {"from": "2024-99-99", "to": "<script>", "countries": "ZZZ,KEN,,", "country": "x" * 900}


def run(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def decoded(value):
    """Plotly 7 sends numeric arrays as base64 typed arrays: turn them back into lists."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return value


def plotly_specs(at: AppTest) -> list[dict]:
    """The plotly figures a page sent to the browser (drawn by components/light_chart.py)."""
    charts = [
        element.proto for element in at.get("bidi_component") if element.proto.component_name == "hmt_plotly_chart"
    ]
    return [json.loads(json.loads(chart.json)["figure"]) for chart in charts]


def qp(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else ",".join(value)


def notices(at: AppTest) -> str:
    return " ".join(info.value for info in at.info)


def view_params(at: AppTest) -> dict[str, str]:
    return {key: qp(at, key) for key in at.query_params if key in GRAMMAR_KEYS}


def url_syncs(at: AppTest) -> list[dict]:
    """The URL rewrites a run asked the browser for (history.replaceState, url_sync.js)."""
    return [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == "hmt_url_sync"
    ]


def share_box(at: AppTest) -> list[dict]:
    boxes = [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == "hmt_share_link"
    ]
    assert len(boxes) == 1
    return boxes[0]["links"]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_params(page):
    at = run(page)
    assert not at.exception
    # The default view needs no parameters, so nothing is written into the URL.
    assert view_params(at) == {} and url_syncs(at) == []


@pytest.mark.parametrize("page", PAGES)
def test_shared_link_restores_the_view(page):
    at = run(page, SHARED)
    assert not at.exception
    assert at.date_input(key="w_from").value.isoformat() == "2024-06-01"
    assert at.date_input(key="w_to").value.isoformat() == "2025-10-02"
    assert at.multiselect(key="w_countries").value == ["KEN"]
    assert not notices(at)


@pytest.mark.parametrize("page", PAGES)
def test_malformed_link_falls_back_with_one_notice(page):
    at = run(page, MALFORMED)
    assert not at.exception
    assert len(at.info) == 1 and "link" in notices(at)
    assert "<script>" not in notices(at)
    assert at.multiselect(key="w_countries").value == ["KEN"]
    assert view_params(at) == {"countries": "KEN"}
    assert url_syncs(at) == [{"query": "countries=KEN", "keys": GRAMMAR_KEYS}]


def test_timeline_chart_follows_the_filters():
    everything = plotly_specs(run("pages/1_Timeline.py"))[0]
    kenya = plotly_specs(run("pages/1_Timeline.py", SHARED))[0]
    # The events row (y); the headcount row below it (y2) shares its time axis.

    def count(spec) -> int:
        return sum(len(trace["x"]) for trace in spec["data"] if trace.get("yaxis", "y") == "y")

    from components.data import load_dataset
    from tests.conftest import FIXTURE_DATA

    assert count(everything) == len(load_dataset(FIXTURE_DATA).events)  # every event of the fixture data
    assert everything["layout"]["xaxis2"]["matches"] == "x"
    assert 0 < count(kenya) < count(everything)
    assert all(
        "2024-06-01" <= x[:10] <= "2025-10-02"
        for trace in kenya["data"]
        if trace.get("yaxis", "y") == "y"
        for x in trace["x"]
    )


def test_map_deck_follows_the_filters_and_needs_no_tiles():
    at = run("pages/2_Map.py", SHARED)
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in deck  # no basemap, no tiles
    capitals = next(layer for layer in deck["layers"] if layer["id"] == "capitals")
    assert [record["iso3"] for record in capitals["data"]] == ["KEN"]


def test_pledges_chart_shows_disputed_benin_range():
    at = run("pages/3_Pledges_and_deployments.py", {"countries": "BEN"})
    spec = plotly_specs(at)[0]
    pledged = spec["data"][0]
    assert decoded(pledged["x"]) == [2000] and decoded(pledged["error_x"]["arrayminus"]) == [500]
    benin = next(w.value for w in at.warning if "Size of Benin's pledge" in w.value)
    # Each version with its qualifier, full date and confidence (issue #13).
    assert "2,000 on 26 February 2024 \\(high confidence\\)" in benin and "about 1,500 on 28 February 2024" in benin


def test_overview_shows_figures_with_sources():
    at = run("app.py", SHARED)
    labels = {m.label: m.value for m in at.metric}
    assert labels["Selected countries' personnel in Haiti"] == "744"
    assert labels["Personnel in Haiti, mission-wide · disputed"] == "970 to about 1,000"
    # The card's label loses its parenthesis (st.metric cuts a long label on a phone); the
    # parenthesis opens the card's caption, before the figure's date and source.
    assert labels["Trust fund: total raised"] == "$115m"
    assert any(md.value.startswith("Basis not stated\\. ") and "efe.com" in md.value for md in at.caption)
    assert any("medium confidence" in md.value for md in at.caption)


def test_overview_headline_passes_over_a_weaker_later_report():
    at = run("app.py")
    labels = {m.label: m.value for m in at.metric}
    assert labels["Personnel in Haiti, mission-wide"] == "980"
    assert labels["Countries with personnel in Haiti"] == "2 of 4 that pledged or sent"
    captions = [c.value.replace("\\", "") for c in at.caption]  # Markdown escapes removed
    card = next(c for c in captions if "later low-confidence report of 8 February 2026 says about 1,000" in c)
    # Each report carries its own link, so a reader can tell which is which: 980 (high
    # confidence) and the later, weaker "about 1,000".
    first, later = card.split("; a later")
    assert "](http" in first and "](http" in later


def test_overview_selected_countries_card_has_its_confidence_and_sources():
    at = run("app.py", SHARED)
    captions = [c.value.replace("\\", "") for c in at.caption]
    card = next(c for c in captions if "From the contribution ledger" in c)
    assert "confidence" in card and "](http" in card


def test_changing_widgets_writes_the_url():
    at = run("app.py")
    at.multiselect(key="w_countries").set_value(["JAM", "KEN"]).run()
    assert qp(at, "countries") == "JAM,KEN"
    at.date_input(key="w_from").set_value(__import__("datetime").date(2024, 1, 1)).run()
    assert qp(at, "from") == "2024-01-01"
    assert not at.exception


def test_state_survives_switching_pages_without_params():
    at = run("app.py", SHARED)
    at.query_params.clear()  # what the browser's sidebar navigation does
    at.switch_page("pages/4_Funding.py").run()
    assert not at.exception
    assert qp(at, "countries") == "KEN" and qp(at, "from") == "2024-06-01"
    # Written back by replacing the page switch's history entry, not by pushing a second one.
    assert url_syncs(at) == [{"query": "from=2024-06-01&to=2025-10-02&countries=KEN", "keys": GRAMMAR_KEYS}]


def test_a_canonical_link_is_not_rewritten():
    at = run("pages/2_Map.py", {**SHARED, "utm_source": "newsletter"})
    assert not at.exception and url_syncs(at) == [] and not at.info
    assert qp(at, "utm_source") == "newsletter"  # not ours: left alone


HOSTILE = {
    "from": "2024-01-01",
    "[x](https://ev.il)": "y" * 500,  # issue #9: this name became a working link in the notice
    "**boldqq**": "x" * 401,
    "<b>boldqq</b>": "1",
    "utm_source": "qqnews" * 100,
    "fbclid": "IwARqq" + "x" * 900,
}


@pytest.mark.parametrize("page", PAGES)
def test_nothing_from_the_url_becomes_markup(page):
    at = run(page, HOSTILE)
    assert not at.exception
    assert not at.info, "parameters outside the grammar are ignored silently"
    text = " ".join(
        str(element.value)
        for kind in ("markdown", "caption", "info", "warning", "title", "header", "subheader")
        for element in getattr(at, kind)
    )
    assert "ev.il" not in text and "qq" not in text
    for link in share_box(at):
        assert "ev.il" not in link["url"] and "qq" not in link["url"] and "utm" not in link["url"]
    assert at.date_input(key="w_from").value.isoformat() == "2024-01-01"


def test_notices_are_escaped_markdown():
    at = run("app.py", {"countries": "KEN,ZZZ", "from": "1999-01-01"})
    assert len(at.info) == 1
    # Only url_state's own words, with Markdown's special characters escaped all the same.
    assert "ZZZ" in notices(at) and "1999\\-01\\-01" in notices(at)


def test_a_link_without_to_follows_new_data_and_the_share_box_offers_both():
    at = run("pages/4_Funding.py", {"from": "2024-06-01", "countries": "KEN"})
    assert not at.exception
    assert at.date_input(key="w_to").value.isoformat() == AS_OF  # the newest fact
    assert url_syncs(at) == []  # already canonical
    following, pinned = share_box(at)
    assert following["url"].endswith("?from=2024-06-01&countries=KEN") and "newest fact" in following["note"]
    assert pinned["url"].endswith(f"?from=2024-06-01&to={AS_OF}&countries=KEN&v={DATA_VERSION}")  # and the data version


def test_a_donor_with_no_dollar_figure_is_named_on_the_chart_tab_even_alone():
    """The EU gave euros only: with it alone selected there is no donor bar to draw, and the
    chart tab still says so rather than showing nothing of it."""
    at = run("pages/4_Funding.py", {"countries": "EUU"})
    assert not at.exception
    assert any("so no bar: European Union." in c.value.replace("\\", "") for c in at.caption)


def test_choosing_the_newest_date_follows_new_data_and_any_other_pins_it():
    import datetime

    at = run("app.py", {"countries": "KEN"})
    at.date_input(key="w_to").set_value(datetime.date(2025, 1, 1)).run()
    assert qp(at, "to") == "2025-01-01"
    at.date_input(key="w_to").set_value(datetime.date.fromisoformat(AS_OF)).run()
    assert "to" not in at.query_params and qp(at, "countries") == "KEN"


def test_bad_data_shows_a_message_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2021-07-07", "2021-07-99", 1), encoding="utf-8")
    monkeypatch.setenv("HMT_DATA_DIR", str(tmp_path / "data"))
    at = run("pages/1_Timeline.py")
    assert not at.exception
    assert "problem(s)" in at.error[0].value
    assert "events.csv:2: column 'date': value '2021-07-99'" in at.code[0].value


TABBED = [spec.file for spec in site.PAGES if spec.tabbed]


def charts_drawn(at: AppTest) -> int:
    return len(plotly_specs(at)) + len(at.get("deck_gl_json_chart"))


@pytest.mark.parametrize("page", TABBED)
def test_chart_tab_opens_by_default_and_a_link_can_open_the_table(page):
    chart_view = run(page, SHARED)
    assert not chart_view.exception
    assert charts_drawn(chart_view) >= 1 and len(chart_view.dataframe) == 0  # the table is not even built
    table_view = run(page, {**SHARED, "tab": "table"})
    assert not table_view.exception
    assert charts_drawn(table_view) == 0 and len(table_view.dataframe) >= 1
    assert not table_view.info, "a valid tab in the link needs no notice"
    assert url_syncs(table_view) == []
    following, pinned = share_box(table_view)
    assert following["url"].endswith("&tab=table") and pinned["url"].endswith(f"&tab=table&v={DATA_VERSION}")


@pytest.mark.parametrize("page", TABBED)
def test_old_links_with_tab_labels_open_the_table(page):
    # A link written before tab ids (2026-11-28): it opens the table and is rewritten in place.
    at = run(page, {**SHARED, "tab": "Table"})
    assert not at.exception and not at.info
    assert charts_drawn(at) == 0 and len(at.dataframe) >= 1
    assert qp(at, "tab") == "table"
    assert url_syncs(at)[0]["query"].endswith("&tab=table")


def test_charts_still_draw_without_static_serving():
    # A deployment whose config turns static serving off cannot serve the vendored plotly.js:
    # the page must fall back to st.plotly_chart rather than show empty boxes.
    from streamlit import config

    config.set_option("server.enableStaticServing", False)
    try:
        at = run("pages/4_Funding.py", SHARED)
    finally:
        config.set_option("server.enableStaticServing", True)
    assert not at.exception
    assert plotly_specs(at) == [] and len(at.get("plotly_chart")) >= 1


# --- Issue #13: filters findable, words explained, what each chart counts ------------------
FILTERED = [page for page, spec in zip(PAGES, site.PAGES, strict=True) if spec.filters_apply]


@pytest.mark.parametrize("page", FILTERED)
def test_every_page_says_its_filters_at_the_top(page):
    at = run(page, SHARED)
    line = at.caption[0].value
    assert line.startswith("Filters: 1 Jun 2024 – 2 Oct 2025 · Kenya") and "sidebar" in line and "»" in line


def test_sources_page_says_it_ignores_the_filters_and_shows_the_glossary():
    at = run("pages/5_Sources_and_method.py", SHARED)
    assert "ignores the filters" in at.caption[0].value
    glossary = next(frame.value for frame in at.dataframe if "expansion" in frame.value.columns)
    assert {"MSS", "GSF"} <= set(glossary["term"]) and glossary["sources"].map(bool).all()


def test_terms_used_on_a_page_are_explained():
    at = run("pages/1_Timeline.py")
    expander = next(e for e in at.expander if e.label.startswith("Terms used on this page"))
    text = " ".join(md.value for md in expander.markdown)
    assert "**MSS**: Multinational Security Support Mission" in text


def test_pledges_chart_says_from_has_no_effect_and_lists_the_others():
    at = run("pages/3_Pledges_and_deployments.py")
    captions = " ".join(c.value for c in at.caption)
    assert '"From" date has no effect' in captions
    assert "Support without personnel: Dominican Republic" in captions
    bars = plotly_specs(at)[0]["data"][0]["y"]
    assert "Dominican Republic" not in bars and "Senegal" not in bars


def test_charts_send_their_png_caption_and_no_title_to_draw():
    at = run("pages/4_Funding.py", SHARED)
    chart = next(
        element.proto for element in at.get("bidi_component") if element.proto.component_name == "hmt_plotly_chart"
    )
    payload = json.loads(chart.json)
    assert "title" not in json.loads(payload["figure"])["layout"]  # shown as text above the chart instead
    assert payload["export"]["title"].startswith("Trust fund totals") and "Kenya" in payload["export"]["subtitle"]
    assert (
        payload["title"] == "Trust fund totals and cost estimates, US dollars (hollow marker: disputed)"
    )  # names the figure
    assert any(
        md.value == "**Trust fund totals and cost estimates, US dollars \\(hollow marker: disputed\\)**"
        for md in at.markdown
    )
    # The browser reserves the figure's height before plotly.js draws it, and says it is loading.
    assert payload["height"] == json.loads(payload["figure"])["layout"]["height"] > 0 and payload["loading"]
    assert payload["alt"].endswith("Every value is in the Table tab.")


@pytest.mark.parametrize(
    "base, expected",
    [("", "/app/static/vendor/"), ("hmt", "/hmt/app/static/vendor/"), ("/a/b/", "/a/b/app/static/vendor/")],
)
def test_plotly_js_url_comes_from_the_server_base_path(base, expected):
    # Built from what the server knows, not guessed in the browser from Streamlit's own scripts.
    from streamlit import config

    from components import light_chart

    config.set_option("server.baseUrlPath", base)
    try:
        at = run("pages/4_Funding.py", SHARED)
    finally:
        config.set_option("server.baseUrlPath", "")
    charts = [
        json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "hmt_plotly_chart"
    ]
    assert charts and all(chart["plotly_url"] == expected + light_chart.PLOTLY_URL_FILE for chart in charts)


# --- tables a reader can read (issue 21) --------------------------------------------------
@pytest.mark.parametrize("page", ["pages/3_Pledges_and_deployments.py", "pages/4_Funding.py"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tables_have_no_none_cells_and_numbers_in_the_readers_language(page, lang):
    at = run(page, {"tab": "table", "lang": lang})
    assert not at.exception
    for frame in (element.value for element in at.dataframe):
        for column in frame.columns:
            cells = frame[column].tolist()
            assert not any(cell is None or (isinstance(cell, float) and cell != cell) for cell in cells), column
            assert not any(str(cell) in ("None", "nan", "NaT", "<NA>") for cell in cells), column
    text = " ".join(str(cell) for element in at.dataframe for cell in element.value.to_numpy().ravel())
    if page.endswith("Funding.py"):  # Canada's 80.5 million, as the language writes it, never raw
        assert "80500000" not in text
        assert ("80\u202f500\u202f000" in text) if lang == "fr" else ("80,500,000" in text)


def test_every_source_of_a_row_is_a_link_of_its_own():
    at = run("pages/3_Pledges_and_deployments.py", {"tab": "table"})
    ledger = next(element.value for element in at.dataframe if "entry_id" in element.value.columns)
    links = [column for column in ledger.columns if column == "link" or column.startswith("link_")]
    assert len(links) >= 3  # the fixture's rows name up to three sources
    kenya_flight = ledger.set_index("entry_id").loc["C05b"]  # three sources: RFI, Stening Simpson, AP
    assert sum(isinstance(kenya_flight[c], str) and kenya_flight[c].startswith("http") for c in links) == 3
    stages = next(
        element.value
        for element in at.dataframe
        if "stage" in element.value.columns and "pledged" in element.value.columns
    )
    assert "pledge_source" in stages.columns and "latest_source" in stages.columns


# A tab reconnected to another replica (deploy/) gets a new session, whose first run carries the
# reader's click as a widget value with no on_change callback (components/view_sync.py). Here the
# browser's values are given as Streamlit's adapter would read them.
RECONNECT_CASES = [
    ("pages/3_Pledges_and_deployments.py", {"w_pledges_scale": "Log"}, "scale", "log"),
    ("pages/3_Pledges_and_deployments.py", {"w_personnel_values": "Share of total"}, "values", "share"),
    ("pages/4_Funding.py", {"w_donors_scale": "Log"}, "scale", "log"),
    ("pages/2_Map.py", {"map_player__events": '[{"event": "stopped", "value": "2024-09-01"}]'}, "to", "2024-09-01"),
    (
        "pages/3_Pledges_and_deployments.py",
        {"pledges_player__events": '[{"event": "frames", "value": 1}, {"event": "stopped", "value": "2025-03-01"}]'},
        "to",
        "2025-03-01",
    ),
]


@pytest.mark.parametrize(
    ("page", "sent", "param", "value"), RECONNECT_CASES, ids=[next(iter(c[1])) for c in RECONNECT_CASES]
)
def test_a_click_sent_with_a_reconnected_sessions_first_run_is_kept(monkeypatch, page, sent, param, value):
    from components import streamlit_internals, view_sync

    assert set(sent) <= set(view_sync.WIDGET_KEYS)
    monkeypatch.setattr(streamlit_internals, "widget_values_sent_with_first_run", lambda keys: dict(sent))
    at = run(page)
    assert not at.exception
    assert qp(at, param) == value


def test_the_unchanged_values_sent_after_a_reconnect_change_nothing(monkeypatch):
    from components import streamlit_internals

    sent = {"w_pledges_scale": "Linear", "w_personnel_values": "Absolute", "pledges_player__events": "[]"}
    monkeypatch.setattr(streamlit_internals, "widget_values_sent_with_first_run", lambda keys: dict(sent))
    at = run("pages/3_Pledges_and_deployments.py", {"to": "2025-10-02"})
    assert not at.exception and {key: qp(at, key) for key in at.query_params} == {"to": "2025-10-02"}


def test_every_axis_switch_and_time_player_is_kept_across_a_reconnect():
    from components import time_frames, view_sync

    keys = set()
    for path in ROOT.glob("pages/*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'axis_switch\(ctx, "\w+", "(\w+)"\)', text))
        keys |= {k + view_sync.TRIGGERS for k in re.findall(r'time_player\(\s*ctx,\s*"(\w+)"', text)}
    assert len(keys) == 5 and keys <= set(view_sync.WIDGET_KEYS)
    assert time_frames.sent_stop('[{"event": "stopped", "value": "2024-09-01"}]') == "2024-09-01"
    assert time_frames.sent_stop("not json") is None and time_frames.sent_stop('[{"event": "frames"}]') is None
