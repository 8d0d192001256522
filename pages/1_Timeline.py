"""Timeline: events by category across the MSS and GSF phases, and personnel over time."""

import streamlit as st

from components import charts, metrics, ui

ui.page_setup("Timeline")
ds = ui.dataset()
state = ui.filters(ds)
sources = metrics.source_lookup(ds)
events = metrics.filter_events(ds.events, state)

st.title("Timeline")
ui.filter_line(state, ds)
st.caption("Shaded bands are the mission phases; dotted lines mark Security Council resolutions (Res.). Events and the mission's headcount share one time axis. Hover or tap a point for its date, summary, confidence and sources.")
ui.terms_used(ds, [*events["title"], *events["summary"], "MSS GSF"])
chart_tab, table_tab = ui.view_tabs()
with chart_tab:
    if chart_tab.open:
        series = metrics.strength_series(ds, state)
        ui.plotly_chart(
            charts.timeline_figure(events, ds.phases, sources, state.start, state.end, series=series),
            alt=metrics.events_alt(events, charts.CATEGORY_LABELS, state) + " " + metrics.strength_alt(series, state),
            key="timeline_chart",
            state=state,
            ds=ds,
            source_ids=[s for ids in [*events["source_ids"], *series["source_ids"]] for s in ids],
        )
        st.caption("The mission-wide headcount is not split by country, so the country filter changes the events shown, not the line.")
with table_tab:
    if table_tab.open:
        series = metrics.strength_series(ds, state)
        st.header(f"Mission-wide headcount reports ({len(series)})")
        ui.fact_dataframe(
            ui.with_source_columns(series, sources)[["date", "label", "confidence", "disputed", "sources", "link", "report_ids", "new"]].rename(columns={"label": "personnel"}).iloc[::-1],
            hide_index=True,
            column_config={"date": ui.date_column(), "link": ui.link_column("First source")},
        )
        st.header(f"Events ({len(events)})")
        table = ui.with_source_columns(events, sources).assign(
            category=events["category"].map(charts.CATEGORY_LABELS),
            countries=events["countries"].map(", ".join),
        )[["date", "title", "category", "countries", "disputed", "summary", "sources", "link", "event_id", "new"]]
        ui.fact_dataframe(table.iloc[::-1], hide_index=True, column_config={"date": ui.date_column(), "link": ui.link_column("First source")})
ui.download_csv(events, "haiti_mission_events", state, sources=sources)
ui.share_link(state)
ui.page_footer(ds)
