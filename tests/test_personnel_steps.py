"""Personnel in Haiti by country over time: the ledger's steps, their chart, table and alt text
agree with the ledger's per-country totals as of any end date."""

import datetime as dt
import json

import pandas as pd
import pytest

from components import alt_text, chart_personnel, figures, i18n, light_chart, metrics, personnel_steps, plotly_adapter
from components.url_state import FilterState
from components.wording import country_names

D = dt.date
END_DATES = [D(2024, 7, 1), D(2024, 12, 31), D(2025, 6, 30), D(2026, 2, 8)]


def view(ds, end, countries=()):
    return FilterState(ds.first_date.date(), end, tuple(countries), pinned_end=True)


def build(ds, state, values="absolute"):
    steps = personnel_steps.personnel_steps(ds, state)
    chart = chart_personnel.personnel_figure(
        steps,
        personnel_steps.ceilings(ds, state.end),
        metrics.strength_series(ds, state),
        country_names(ds),
        metrics.source_lookup(ds),
        state.start,
        state.end,
        values,
    )
    return steps, chart


@pytest.mark.parametrize("end", END_DATES)
def test_the_last_step_of_each_country_is_the_ledgers_figure_at_the_end_date(ds, end):
    state = view(ds, end)
    steps, chart = build(ds, state)
    ledger = {iso3: status.in_haiti for iso3, status in figures.country_statuses(ds, state).items()}
    latest = personnel_steps.latest_by_country(steps)
    assert latest == {iso3: value for iso3, value in ledger.items() if iso3 in latest}
    # A country with no step has never had anyone in Haiti by then.
    assert all(value.high == 0 for iso3, value in ledger.items() if iso3 not in latest)
    # The table's last row per country and the chart's last point say the same.
    table = chart_personnel.steps_table(steps, country_names(ds))
    last_rows = table.drop_duplicates("iso3", keep="last").set_index("iso3")
    assert {iso3: (row["low"], row["high"]) for iso3, row in last_rows.iterrows()} == {
        iso3: (value.low, value.high) for iso3, value in latest.items()
    }
    names = country_names(ds)
    drawn = {trace.name: trace.y[-1] for trace in chart.data if trace.stackgroup == "countries"}
    assert drawn == {names[iso3]: value.high for iso3, value in latest.items()}


def test_steps_follow_the_country_filter_and_keep_earlier_steps(ds):
    every = personnel_steps.personnel_steps(ds, view(ds, D(2026, 2, 8)))
    kenya = personnel_steps.personnel_steps(ds, view(ds, D(2026, 2, 8), ["KEN"]))
    assert set(kenya["iso3"]) == {"KEN"} and len(kenya) == (every["iso3"] == "KEN").sum()
    late_start = FilterState(D(2025, 6, 1), D(2026, 2, 8), (), pinned_end=True)
    assert len(personnel_steps.personnel_steps(ds, late_start)) == len(every)  # the period starts with a headcount


def test_every_step_keeps_its_qualifier_confidence_and_sources(ds):
    steps = personnel_steps.personnel_steps(ds, view(ds, D(2026, 2, 8)))
    assert not steps.empty
    assert steps["qualifier"].isin(["exact", "about", "at_least", "at_most"]).all()
    assert steps["confidence"].isin(["high", "medium", "low"]).all()
    assert all(len(ids) > 0 for ids in steps["source_ids"])
    assert list(steps["date"]) == sorted(steps["date"])


def test_the_chart_is_valid_light_plotly_and_shares_add_up(ds, monkeypatch):
    state = view(ds, D(2026, 2, 8))
    _steps, chart = build(ds, state)
    assert light_chart.unsupported_traces(chart) == []
    names = [trace.name for trace in chart.data]
    assert any("Authorised" in name for name in names) and any("Mission-wide" in name for name in names)
    _steps, share = build(ds, state, "share")
    stacked = [trace for trace in share.data if trace.stackgroup == "countries"]
    assert stacked[0].groupnorm == "percent" and len(stacked) == len(share.data)  # no ceilings on shares
    assert share.layout.yaxis.range == (0, 100)
    fast = json.loads(chart.to_json())
    monkeypatch.setattr(plotly_adapter, "VALIDATE", True)
    assert json.loads(build(ds, state)[1].to_json()) == fast


def test_alt_text_words_the_last_steps_in_each_language(ds):
    state = view(ds, D(2026, 2, 8))
    steps = personnel_steps.personnel_steps(ds, state)
    texts = {}
    for lang in i18n.LANGUAGES:
        with i18n.language(lang):
            texts[lang] = alt_text.personnel_alt(steps, country_names(ds), state)
    assert len(set(texts.values())) == 3
    assert "Kenya" in texts["en"] and i18n.date(state.end) in texts["en"]
    empty = personnel_steps.personnel_steps(ds, view(ds, D(2023, 1, 1)))
    assert empty.empty and "No country" in alt_text.personnel_alt(empty, {}, view(ds, D(2023, 1, 1)))


def test_live_data_shows_kenyas_contingents_and_the_other_arrivals(live_ds):
    steps = personnel_steps.personnel_steps(live_ds, view(live_ds, live_ds.as_of.date()))
    kenya = steps[steps["iso3"] == "KEN"]
    changes = kenya["high"].diff().dropna()
    assert (changes > 0).sum() >= 3 and (changes < 0).any()  # contingents came, and some left
    first = steps.drop_duplicates("iso3").set_index("iso3")["date"]
    for iso3 in ("GTM", "SLV", "JAM", "BHS", "BLZ"):
        assert iso3 in first.index, iso3
        assert first[iso3] >= pd.Timestamp(2024, 6, 25)  # after Kenya's first contingent
