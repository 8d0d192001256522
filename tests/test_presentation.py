"""Issue #13, presentation: every figure keeps its qualifier, confidence and date; charts and
the map fit a phone; the toolbar has no cloud buttons; the PNG stands on its own; words are
explained. Runs on the fixture dataset."""

import datetime as dt
import json

import pandas as pd

from components import charts, ledger, light_chart, map_deck, metrics
from components.url_state import FilterState

D = dt.date
EVERYTHING = FilterState(D(2021, 7, 7), D(2026, 2, 8))


def hover_texts(trace) -> list[str]:
    """What a trace's hover shows, with each customdata row filled into its template."""
    out = []
    for row in trace.customdata:
        text = trace.hovertemplate
        for i, value in enumerate(row if hasattr(row, "__len__") and not isinstance(row, str) else [row]):
            text = text.replace(f"%{{customdata[{i}]}}", str(value))
        out.append(text.replace("%{customdata}", str(row)))
    return out


# --- 1. qualifiers, confidence and dates everywhere ------------------------------------
def test_headcount_hover_uses_the_series_label_and_confidence(ds):
    series = metrics.strength_series(ds, EVERYTHING)
    figure = charts.strength_figure(
        series, ds.phases, ds.events.iloc[:0], metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end
    )
    line = next(t for t in figure.data if t.name == charts.HEADCOUNT_NAME)
    texts = hover_texts(line)
    about = series.index[series["label"] == "about 1,000"][0]
    assert "<b>about 1,000 personnel</b>" in texts[about]
    disputed = series.index[series["disputed"]][0]
    assert f"<b>{series.loc[disputed, 'label']} personnel</b> (disputed)" in texts[disputed]
    assert all("confidence" in text for text in texts)


def test_trust_fund_hover_keeps_the_qualifier_and_confidence(ds):
    figure = charts.trust_fund_figure(ds.trust_fund, metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end)
    received = next(t for t in figure.data if t.name == metrics.measure_label("tf_received"))
    texts = " ".join(hover_texts(received))
    assert "at least $110m" in texts and "$110.0m" not in texts
    assert "high confidence" in texts


def test_trust_fund_amounts_in_words_for_the_table(ds):
    table = metrics.trust_fund_rows(ds.trust_fund)
    assert "at least $110m" in set(table["amount"])
    assert set(table["measure_label"]) <= {metrics.measure_label(m) for m in metrics.MEASURE_WORDS}


def test_dispute_versions_keep_qualifier_date_and_confidence():
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-10-01", "2025-09-22"]),
            "date_precision": ["day", "day"],
            "personnel": pd.array([800, 735], dtype="Int64"),
            "qualifier": ["at_least", "exact"],
            "confidence": ["medium", "high"],
            "source_ids": [("src1",), ("src2",)],
        }
    )
    versions = [text for text, _ in metrics.dispute_versions(rows)]
    assert versions == [
        "735 on 22 September 2025 (high confidence)",
        "at least 800 on 1 October 2025 (medium confidence)",
    ]


def test_pledges_hover_gives_the_headcount_date_and_confidence(ds):
    figure = charts.pledges_figure(metrics.country_table(ds, EVERYTHING))
    in_haiti = next(t for t in figure.data if t.name.startswith("In Haiti"))
    kenya = dict(zip(in_haiti.y, hover_texts(in_haiti), strict=True))["Kenya"]
    assert "as of" in kenya and "confidence" in kenya


# --- 2. toolbar and PNG --------------------------------------------------------------
def test_toolbar_has_no_cloud_or_edit_button_nor_logo():
    config = light_chart.CONFIG
    assert (
        config["displaylogo"] is False
        and config["showSendToCloud"] is False
        and config["showEditInChartStudio"] is False
    )
    assert {"sendChartToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
    assert "toImage" not in config["modeBarButtonsToRemove"]  # the PNG download stays (the frontend swaps in its own)


def test_png_export_carries_title_filters_date_sources_and_name(ds):
    state = FilterState(D(2024, 6, 1), D(2025, 10, 2), ("KEN",))
    names = ds.countries.set_index("iso3")["name"].to_dict()
    export = metrics.chart_export(
        "Personnel pledged", state, names, ds.as_of, "Reuters; AP", "haiti_mission_pledges_chart"
    )
    assert export["title"] == "Personnel pledged"
    assert (
        "1 Jun 2024 – 2 Oct 2025" in export["subtitle"]
        and "Kenya" in export["subtitle"]
        and "as of 2 October 2025" in export["subtitle"]
    )
    footer = " ".join(export["footer"])
    assert "Reuters; AP" in footer and metrics.DASHBOARD_NAME in footer and f"{ds.as_of:%-d %B %Y}" in footer
    assert export["filename"] == "haiti_mission_pledges_chart_20240601-20251002_KEN"


def test_the_figure_is_drawn_without_its_title_when_the_page_shows_it(ds):
    figure = charts.pledges_figure(metrics.country_table(ds, EVERYTHING))
    assert figure.layout.title.text == charts.PLEDGES_TITLE  # the page shows it above the chart
    assert "title" not in json.loads(light_chart.untitled(figure.to_json()))["layout"]


# --- 3. phone: legend, map -----------------------------------------------------------
def test_legends_sit_in_the_figures_own_bottom_margin(ds):
    from tests.test_charts import every_figure

    for name, figure in every_figure(ds).items():
        assert figure.layout.legend.yref == "container" and figure.layout.legend.y == 0, name


def test_map_first_view_holds_haiti_and_every_shown_country_on_a_phone(ds):
    for countries in ((), ("KEN",), ("JAM",), ("KEN", "BEN")):
        table = metrics.country_table(ds, FilterState(EVERYTHING.start, EVERYTHING.end, countries))
        deck = map_deck.contributor_deck(table, ds.countries, ds.world)
        west, south, east, north = map_deck.view_bounds(
            deck.initial_view_state, map_deck.PHONE_MAP_WIDTH, map_deck.MAP_HEIGHT
        )
        places = [map_deck.PORT_AU_PRINCE] + [tuple(r["position"]) for r in map_deck.map_records(table, ds.countries)]
        for lon, lat in places:
            assert west < lon < east and south < lat < north, (countries, lon, lat)
    kenya = map_deck.contributor_deck(
        metrics.country_table(ds, FilterState(EVERYTHING.start, EVERYTHING.end, ("JAM",))), ds.countries, ds.world
    )
    assert kenya.initial_view_state.zoom > 2  # a nearby country is shown close, not as a speck on a world map


def test_map_legend_names_only_the_stages_shown(ds):
    table = metrics.country_table(ds, FilterState(EVERYTHING.start, EVERYTHING.end, ("KEN",)))
    caption = map_deck.legend_caption(table, EVERYTHING.end)
    assert "Green: personnel in Haiti (1)" in caption and "purple" not in caption


# --- 4. timeline ---------------------------------------------------------------------
def test_resolutions_adopted_close_together_share_one_label(ds):
    base = ds.events[ds.events["resolution"].map(bool)].head(1)
    events = pd.concat(
        [
            base.assign(resolution=[("2751",)], date=pd.Timestamp("2024-09-30")),
            base.assign(resolution=[("2752",)], date=pd.Timestamp("2024-10-18"), event_id="X"),
        ]
    )
    figure = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end)
    labels = [a.text for a in figure.layout.annotations if a.text.startswith("Res.")]
    assert labels == ["Res. 2751, 2752"]
    assert len([s for s in figure.layout.shapes if s.type == "line"]) == 2  # both lines drawn


def test_events_and_headcount_share_one_time_axis(ds):
    events = metrics.filter_events(ds.events, EVERYTHING)
    figure = charts.timeline_figure(
        events,
        ds.phases,
        metrics.source_lookup(ds),
        EVERYTHING.start,
        EVERYTHING.end,
        series=metrics.strength_series(ds, EVERYTHING),
    )
    assert figure.layout.xaxis2.matches == "x" and list(figure.layout.xaxis.range) == list(figure.layout.xaxis2.range)
    assert {t.yaxis for t in figure.data} == {"y", "y2"}
    assert any(t.name == charts.HEADCOUNT_NAME and t.xaxis == "x2" for t in figure.data)


def test_event_hover_shows_the_summary_escaped_and_wrapped(ds):
    events = ds.events.head(1).assign(summary="<b>bold</b> " + "word " * 30)
    figure = charts.timeline_figure(events, ds.phases, metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end)
    text = hover_texts(figure.data[0])[0]
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "<b>bold" not in text
    assert text.count("<br>") >= 4  # the summary is broken into lines


# --- 5. words and controls -----------------------------------------------------------
def test_money_log_axis_has_readable_ticks(ds):
    figure = charts.trust_fund_figure(ds.trust_fund, metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end)
    ticks = list(figure.layout.yaxis.ticktext)
    assert "$100m" in ticks and all(t.startswith("$") for t in ticks)
    assert charts.money_ticks([5, 1500])["ticktext"] == ["$10m", "$100m", "$1bn"]  # several decades: powers of ten only
    assert charts.money_ticks([60, 600])["ticktext"] == ["$50m", "$100m", "$200m", "$500m", "$1bn"]


def test_one_label_per_trust_fund_measure(ds):
    figure = charts.trust_fund_figure(ds.trust_fund, metrics.source_lookup(ds), EVERYTHING.start, EVERYTHING.end)
    assert {t.name for t in figure.data} <= {metrics.measure_label(m) for m in metrics.MEASURE_WORDS}
    assert metrics.measure_label("tf_raised") == "Trust fund: " + metrics.MEASURE_WORDS["tf_raised"]


def test_glossary_terms_are_found_as_whole_words(ds):
    found = set(metrics.terms_in(ds.glossary, ["The UNSOH supports the GSF."])["term"])
    assert found == {"UNSOH", "GSF"}  # UN is not found inside UNSOH


def test_glossary_terms_are_found_in_the_forms_of_each_language(ds):
    french = "La FRG succède à la MMAS ; le Conseil de sécurité de l'ONU, un vote."
    assert set(metrics.terms_in(ds.glossary, [french], "fr")["term"]) == {"GSF", "MSS", "UNSC", "UN"}
    assert set(metrics.terms_in(ds.glossary, [french])["term"]) == set()  # English forms only
    assert set(metrics.terms_in(ds.glossary, ["Konsèy Sekirite Nasyonzini an ak FRG"], "ht")["term"]) == {
        "UNSC",
        "UN",
        "GSF",
    }
    # The English notes stay English on a French page: their terms are found there too.
    assert set(metrics.terms_in(ds.glossary, ["Annual need of the GSF."], "fr")["term"]) == {"GSF"}
    # An abbreviation is matched as written: "un" is not the UN.
    assert "UN" not in set(metrics.terms_in(ds.glossary, ["un rapport"], "fr")["term"])


def test_a_form_inside_a_longer_one_is_not_found_there():
    glossary = pd.DataFrame(
        {
            "term": ["UNSC", "NSC"],
            "forms": ["Security Council", "National Security Council"],
            "forms_fr": ["Conseil de sécurité", "NSC;Conseil de sécurité nationale"],
        }
    )
    kenyan = "le Conseil de sécurité nationale kényan a approuvé"
    assert set(metrics.terms_in(glossary, [kenyan], "fr")["term"]) == {"NSC"}
    assert set(metrics.terms_in(glossary, [kenyan + " ; le Conseil de sécurité vote"], "fr")["term"]) == {"NSC", "UNSC"}
    assert set(metrics.terms_in(glossary, ["Kenya's National Security Council"])["term"]) == {"NSC"}
    assert set(metrics.terms_in(glossary, ["the UN security council voted"])["term"]) == {"UNSC"}  # a name, any case


def test_filter_summary_names_dates_and_countries(ds):
    names = ds.countries.set_index("iso3")["name"]
    assert metrics.filter_summary(EVERYTHING, names) == "7 Jul 2021 – 8 Feb 2026 · all countries"
    assert metrics.filter_summary(FilterState(D(2024, 1, 1), D(2025, 1, 1), ("KEN", "JAM")), names).endswith(
        "Kenya, Jamaica"
    )


# --- 6. who counts as a contributor --------------------------------------------------
def test_pledges_chart_shows_only_countries_that_pledged_personnel(ds):
    table = metrics.country_table(ds, EVERYTHING)
    figure = charts.pledges_figure(table)
    shown = set(figure.data[0].y)
    assert "Dominican Republic" not in shown and "Senegal" not in shown
    pledgers = table[table["status"].isin(ledger.PLEDGING_STATUSES)]
    drawn = pledgers[(pledgers[["pledged_high", "arrived_high", "in_haiti_high"]].fillna(0) > 0).any(axis=1)]
    assert shown == set(drawn["country"])
    # Every row earns its place: a pledger with nothing to draw is named under the chart instead.
    no_bar = set(pledgers["country"]) - shown
    assert no_bar, "the fixture has a pledge without a number (Barbados)"
    line = metrics.without_bars(pledgers, metrics.PLEDGE_BARS, "No bar: {names}.")
    assert all(name in line for name in no_bar) and not any(name in line for name in shown)
    others = metrics.other_contributors(table)
    assert "Support without personnel: Dominican Republic." in others and "Considering or offered: Senegal." in others


# --- tables a reader can read (issue 21) ---------------------------------------------------
def test_table_cells_are_whole_numbers_in_the_readers_language_and_never_none():
    from components import i18n, labels

    frame = pd.DataFrame(
        {
            "n": [46000000.0, None],
            "when": [pd.Timestamp("2024-10-11"), pd.NaT],
            "text": ["a", None],
            "flag": [True, False],
        }
    )
    with i18n.language("fr"):
        shown = labels.shown_frame(frame)
    assert shown["n"].tolist() == ["46\u202f000\u202f000", ""]
    assert shown["when"].tolist() == ["2024-10-11", ""] and shown["text"].tolist() == ["a", ""]
    assert shown["flag"].dtype == bool  # a checkbox stays a checkbox
    header = "medium confidence"  # a column is as wide as its header and longest cell, never cut
    assert labels.column_width(["about 761 to 1,018"], header) >= len("about 761 to 1,018") * labels.CHAR_PX


def test_every_source_of_a_row_gets_its_own_link_column():
    from components import labels

    sources = {s: {"url": f"https://www.{s}.example/story", "publisher": s} for s in ("a", "b", "c")}
    columns = labels.link_columns(sources, [("a", "b", "c"), ("b",), ()])
    assert columns == {
        "link": ["https://www.a.example/story", "https://www.b.example/story", None],
        "link_2": ["https://www.b.example/story", None, None],
        "link_3": ["https://www.c.example/story", None, None],
    }
    assert labels.site_name("https://www.reuters.com/world/x") == "reuters.com"


def test_a_trust_fund_cards_label_fits_a_phone_in_every_language():
    # st.metric shows its label on one line and cuts it with "…": at 390 px (the help icon
    # beside it) about 48 characters fit. The parenthesis moves to the card's caption.
    from components import i18n, wording

    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            for measure in ("tf_received", "tf_raised", "tf_pledged", "tf_balance"):
                label, note = wording.measure_card_label(measure)
                assert len(label) <= 48 and "(" not in label, (lang, label)
                whole = f"{label} ({note[:1].lower()}{note[1:-1]})" if note else label
                assert whole == wording.measure_label(measure)  # the same words, split
            assert (
                wording.measure_card_label("tf_raised")[1]
                == {
                    "en": "Basis not stated.",
                    "fr": "Base non précisée.",
                    "ht": "Yo pa di sou ki baz.",
                }[lang]
            )


def test_beside_a_long_text_a_short_one_wraps_instead_of_pushing_the_table_off_the_page():
    # The Sources page's disputes at 1400 px: a 4-line summary beside a topic kept on one line
    # put the summary and its links off the right edge. The topic now wraps within the 4 lines.
    from components import labels

    frame = pd.DataFrame(
        {
            "id": ["ken-delegate-death-date-feb-2024"],
            "topic": ["Size of the first Kenyan contingent (25 June 2024) as reported"],
            "summary": ["About 200 per France 24 and KBC; 400 per RFI and AP. " * 6],
        }
    )
    headers = {"id": "Dispute id", "topic": "Topic", "summary": "Summary"}
    widths = {c: labels.column_width(frame[c].tolist(), headers[c]) for c in frame.columns}
    narrowed = labels.narrowed_to_rows(frame, widths, headers)
    assert narrowed["topic"] < widths["topic"] and narrowed["summary"] == widths["summary"]
    assert narrowed["id"] == widths["id"]  # an id has no space to wrap at
    assert labels.row_lines(frame, narrowed) == labels.row_lines(frame, widths) == labels.MAX_LINES
    assert narrowed["topic"] >= len("contingent") * labels.CHAR_PX + labels.CELL_PADDING_PX  # no word cut
