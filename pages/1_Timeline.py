"""Timeline: events by category across the MSS and GSF phases, and personnel over time."""

import streamlit as st

from components import charts, metrics, ui

ui.page_setup("Timeline")
ds = ui.dataset()
state = ui.filters(ds)
sources = metrics.source_lookup(ds)
events = metrics.filter_events(ds.events, state)

st.title("Timeline")
st.caption("Shaded bands are the mission phases; dotted lines mark Security Council resolutions. Hover a point for its date, title and source.")
chart_tab, table_tab = ui.view_tabs()
with chart_tab:
    if chart_tab.open:
        series = metrics.strength_series(ds, state)
        ui.plotly_chart(charts.timeline_figure(events, ds.phases, sources, state.start, state.end), alt=metrics.events_alt(events, charts.CATEGORY_LABELS, state), key="timeline_chart")
        ui.plotly_chart(charts.strength_figure(series, ds.phases, events, sources, state.start, state.end), alt=metrics.strength_alt(series, state), key="strength_chart")
        st.caption("The mission-wide headcount is not split by country, so the country filter changes the events shown, not the line.")
with table_tab:
    if table_tab.open:
        series = metrics.strength_series(ds, state)
        st.subheader(f"Mission-wide headcount reports ({len(series)})")
        st.dataframe(
            ui.with_source_columns(series, sources)[["date", "label", "confidence", "disputed", "sources", "link", "report_ids"]].rename(columns={"label": "personnel"}).iloc[::-1],
            hide_index=True,
            column_config={"date": ui.date_column(), "link": ui.link_column("First source")},
        )
        st.subheader(f"Events ({len(events)})")
        table = ui.with_source_columns(events, sources).assign(
            category=events["category"].map(charts.CATEGORY_LABELS),
            countries=events["countries"].map(", ".join),
        )[["date", "title", "category", "countries", "disputed", "summary", "sources", "link", "event_id"]]
        st.dataframe(table.iloc[::-1], hide_index=True, column_config={"date": ui.date_column(), "link": ui.link_column("First source")})
ui.download_csv(events, "haiti_mission_events", state, sources=sources)
ui.share_link(state)
ui.page_footer(ds)
