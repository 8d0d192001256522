"""Pledges and deployments: per country, pledged against arrived and in Haiti, stage by stage."""

import streamlit as st

from components import alt_text, chart_personnel, charts, i18n, metrics, personnel_steps, time_frames, ui
from components.i18n import N_, _

ctx = ui.open_page(N_("Pledges and deployments"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
# The view's countries as row dicts (kept per day): the chart, notes and figures read these;
# the Table tab's DataFrame is built only when that tab is open.
rows = metrics.country_records(ds, state)
ledger = metrics.filter_by_country(ds.contributions, "country", state)
# Why a country's figure can be above the mission-wide headcount (empty if none is).
HEADCOUNT_NOTE = metrics.headcount_note(ds, rows, metrics.mission_strength(ds, state.end))
# Which pledge "Pledged" counts, and where all pledges differ from the largest single one.
PLEDGE_NOTE = metrics.pledge_measures_note(rows)
VIEW = metrics.overview(ds, state, rows)

st.title(_("Pledges and deployments"))
ui.filter_line(ctx)
# An embedded page has no tabs, so it does not point to one.
st.caption(
    _("As of {date}. Whiskers and ranges show where sources disagree.").format(date=i18n.date(state.end))
    + ("" if ctx.embedded else " " + _("The Table tab lists every ledger entry with its source."))
)
disputes = metrics.dataset_disputes(ds)
ui.terms_used(ctx, [*ledger["note"], *disputes["topic"], *disputes["summary"]])
chart_tab, table_tab = ui.view_tabs(ctx)
with chart_tab:
    if chart_tab.open:
        pledgers = metrics.pledging_countries(rows)
        if not pledgers:
            st.info(_("No country that pledged or sent personnel matches these filters."))
        else:
            ui.axis_switch(ctx, "scale", "w_pledges_scale")
            ui.time_player(
                ctx,
                "pledges_player",
                "pledges_chart",
                lambda: time_frames.pledges_frames(ds, state.countries, state.scale),
            )
            ui.plotly_chart(
                charts.pledges_figure(rows, ctx.state.scale),
                alt=" ".join(filter(None, [metrics.summary_text(ds, state, VIEW), PLEDGE_NOTE, HEADCOUNT_NOTE])),
                key="pledges_chart",
                ctx=ctx,
                source_ids=[
                    s
                    for ids in metrics.up_to(ds.contributions, state.end).loc[
                        lambda f: f["country"].isin([r["iso3"] for r in pledgers]), "source_ids"
                    ]
                    for s in ids
                ],
                note=_("Bars are totals as of the end date."),
            )
        st.caption(
            _(
                'Bars are totals as of the end date ({date}): the "From" date has no effect '
                "on them. Only countries that pledged, notified or sent personnel have bars."
            ).format(date=i18n.date(state.end))
        )
        no_number = metrics.without_bars(
            pledgers,
            metrics.PLEDGE_BARS,
            N_("Pledged or notified without a number, so no bar: {names}."),
        )
        for line in (PLEDGE_NOTE, no_number):
            if line:
                st.caption(ui.md_text(line))
        others = metrics.other_contributors(rows)
        if others:
            st.caption(_("Not shown as bars (no personnel pledged): {countries}").format(countries=ui.md_text(others)))
with table_tab:
    if table_tab.open:
        st.header(_("Stages by country"))
        ui.country_dataframe(
            metrics.country_table(ds, state),
            sources,
            [
                "country",
                "stage",
                "pledged",
                "largest_pledge",
                "pledge_source",
                "arrived",
                "rotated_in",
                "in_haiti",
                "in_haiti_date",
                "in_haiti_confidence",
                "in_haiti_note",
                "announced",
                "notified",
                "first_arrival",
                "withdrawn_or_suspended",
                "disputed",
                "latest_source",
            ],
            ctx=ctx,
        )
        st.header(_("Ledger entries in the period ({n})").format(n=len(ledger)))
        columns = [
            "date",
            "country",
            "stage",
            "personnel",
            "qualifier",
            "personnel_type",
            "phase",
            "disputed",
            "note",
            "sources",
            "source_says",
            "link",
            "entry_id",
            "new",
        ]
        ui.fact_dataframe(
            ui.readable(ui.with_source_columns(ledger, sources, new_ids=ctx.new_ids)).iloc[::-1],
            columns,
            hide_index=True,
            column_config=ui.column_config(columns, link=ui.link_column()),
            ctx=ctx,
        )

if HEADCOUNT_NOTE:
    st.caption(ui.md_text(HEADCOUNT_NOTE))

# Disputes stay visible whichever tab is open: a disputed figure is never shown as settled.
disputed = ledger[ledger["dispute_id"] != ""]
if not disputed.empty:
    st.header(_("Disputed figures"))
    for dispute_id in dict.fromkeys(disputed["dispute_id"]):
        st.warning(ui.dispute_notice(ds, dispute_id), icon="⚖️")

# Personnel in Haiti by country over time: the ledger's steps up to the end date, as a chart
# (Chart tab) or a table (Table tab), and their CSV.
steps = personnel_steps.personnel_steps(ds, state)
names = metrics.country_names(ds)
st.header(_("Personnel in Haiti over time"))
if steps.empty:
    st.info(_("No country had personnel in Haiti by the end date for these filters."))
elif state.tab == "table":
    st.caption(_("Every change of a country's personnel in Haiti, as the ledger counts it, up to the end date."))
    step_columns = [*chart_personnel.STEP_TABLE_COLUMNS, "sources", "link"]
    ui.fact_dataframe(
        ui.with_source_columns(chart_personnel.steps_table(steps, names), sources)[step_columns].iloc[::-1],
        hide_index=True,
        column_config=ui.column_config(step_columns, link=ui.link_column(), low=N_("Low end"), high=N_("High end")),
        ctx=ctx,
    )
else:
    ui.axis_switch(ctx, "values", "w_personnel_values")
    ui.plotly_chart(
        chart_personnel.personnel_figure(
            steps,
            personnel_steps.ceilings(ds, state.end),
            metrics.strength_series(ds, state),
            names,
            sources,
            state.start,
            state.end,
            state.values,
        ),
        alt=alt_text.personnel_alt(steps, names, state),
        key="personnel_chart",
        ctx=ctx,
        source_ids=[s for ids in steps["source_ids"] for s in ids],
        note=_("Each country's area is its personnel in Haiti; where sources disagree, the high end."),
    )
    st.caption(
        _(
            "Each country's area steps at its arrivals, rotations, departures and reported headcounts; where "
            "sources disagree it is drawn at the high end."
        )
        + " "
        + (_("The hover gives the range.") if ctx.embedded else _("The hover and the Table tab give the range."))
        + " "
        + (
            _("Diamonds: mission-wide headcounts as reported (a whisker where reports disagree).")
            if state.values == "absolute"
            else _("The authorised size and the mission-wide headcounts are counts: choose Absolute to see them.")
        )
    )
if not steps.empty:
    ui.download_csv(
        chart_personnel.steps_table(steps, names),
        "haiti_mission_personnel_steps",
        ctx,
        N_("Download personnel in Haiti over time (CSV)"),
        sources=sources,
    )

ui.download_csv(ledger, "haiti_mission_ledger", ctx, N_("Download the ledger entries (CSV)"), sources=sources)
ui.share_link(ctx)
ui.page_footer(ctx)
