"""Timeline: events by category across the MSS and GSF phases, and personnel over time."""

import itertools

import streamlit as st

from components import charts, i18n, metrics, ui, views
from components.i18n import N_, _

ctx = ui.open_page(N_("Timeline"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
events = metrics.localized_events(metrics.events_in_view(ds, state))

st.title(_("Timeline"))
ui.filter_line(ctx)
st.caption(
    _(
        "Shaded bands are the mission phases; dotted lines mark Security "
        "Council resolutions (Res.). Events and the mission's headcount share "
        "one time axis. Hover or tap a point for its date, summary, confidence "
        "and sources; a larger point holds several events of one day and names them."
    )
)
ui.terms_used(ctx, [*events["title"], *events["summary"], "MSS GSF"])
chart_tab, table_tab = ui.view_tabs(ctx)
with chart_tab:
    if chart_tab.open:
        series = metrics.strength_series(ds, state)
        ui.plotly_chart(
            charts.timeline_figure(
                events,
                ds.phases,
                sources,
                state.start,
                state.end,
                series=series,
                focus=views.mission_focus(ds, state, ctx.bounds.first),
                hover_table=charts.event_hover_table(ds),
                table_tab=not ctx.embedded,
            ),
            alt=metrics.events_alt(events, charts.category_labels(), state) + " " + metrics.strength_alt(series, state),
            key="timeline_chart",
            ctx=ctx,
            source_ids=itertools.chain.from_iterable([*events["source_ids"].tolist(), *series["source_ids"].tolist()]),
        )
        st.caption(
            _(
                "The mission-wide headcount is not split by country, so the country "
                "filter changes the events shown, not the line."
            )
        )
with table_tab:
    if table_tab.open:
        series = metrics.strength_series(ds, state)
        st.header(_("Mission-wide headcount reports ({n})").format(n=len(series)))
        columns = ["date", "label", "confidence", "disputed", "sources", "link", "report_ids", "new"]
        ui.fact_dataframe(
            ui.with_source_columns(series, sources, new_ids=ctx.new_ids)
            .assign(confidence=series["confidence"].map(metrics.confidence_word))
            .rename(columns={"label": "personnel"})
            .iloc[::-1],
            columns=[c if c != "label" else "personnel" for c in columns],
            hide_index=True,
            column_config=ui.column_config([c if c != "label" else "personnel" for c in columns]),
            ctx=ctx,
        )
        st.header(_("Events ({n})").format(n=i18n.number(len(events))))
        labels = charts.category_labels()
        columns = [
            "date",
            "title",
            "category",
            "countries",
            "disputed",
            "summary",
            "sources",
            "source_says",
            "link",
            "event_id",
            "new",
        ]
        table = ui.with_source_columns(events, sources, new_ids=ctx.new_ids).assign(
            category=events["category"].map(labels), countries=events["countries"].map(", ".join)
        )
        ui.fact_dataframe(table.iloc[::-1], columns, hide_index=True, column_config=ui.column_config(columns), ctx=ctx)
ui.download_csv(events, "haiti_mission_events", ctx, sources=sources)
ui.share_link(ctx)
ui.page_footer(ctx)
