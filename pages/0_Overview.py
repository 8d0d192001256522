"""Overview: the mission as of the chosen end date, in numbers and in words."""

import streamlit as st

from components import metrics, ui

ui.page_setup("Overview")
ds = ui.dataset()
state = ui.filters(ds)
sources = metrics.source_lookup(ds)
table = metrics.country_table(ds, state)
view = metrics.overview(ds, state, table)
summary = metrics.summary_text(ds, state, view)

latest = metrics.filter_events(ds.events, state).tail(8).iloc[::-1]
INTRO = (
    "The Kenya-led Multinational Security Support Mission (MSS, UN Security Council Resolution 2699, renewed by 2751) "
    "and its successor, the Gang Suppression Force (GSF, Resolution 2793). Not a UN operation, so no UN dataset covers it."
)

st.title("Haiti Mission Tracker")
ui.filter_line(state, ds)
st.caption(INTRO)
ui.terms_used(ds, [INTRO, summary, *latest["title"], *latest["summary"]])
st.markdown(ui.md_text(summary))

left, right = st.columns(2)
with left:
    if view.strength is not None:
        ceiling = f" of {int(view.phase['authorised_ceiling']):,} ({view.phase['phase'].upper()})" if view.phase is not None else ""
        st.metric("Personnel in Haiti, mission-wide" + (" · disputed" if view.strength.disputed else ""), metrics.describe(view.strength, disputed_mark=False), help=metrics.HEADLINE_HELP["strength"])
        st.caption(f"Authorised or planned size{ceiling}. {metrics.sentence(metrics.provenance(view.strength))}: " + ui.source_links(sources, view.strength.source_ids))
    else:
        st.metric("Personnel in Haiti, mission-wide", "none yet")
        st.caption("No personnel had been deployed by the end date.")
    if view.selected_in_haiti is not None:
        st.metric("Selected countries' personnel in Haiti" + (" · disputed" if view.selected_in_haiti.disputed else ""), view.selected_in_haiti.label(), help=metrics.HEADLINE_HELP["selected"])
        as_of = f"Latest report {view.selected_as_of:%-d %B %Y}. " if view.selected_as_of is not None else ""
        st.caption(as_of + "From the contribution ledger; see Pledges and deployments for each entry's source.")
with right:
    st.metric("Countries with personnel in Haiti", f"{view.countries_in_haiti} of {view.countries_pledged} that pledged", help=metrics.HEADLINE_HELP["countries"])
    st.metric("Personnel pledged" + (" · disputed" if view.pledged_personnel.disputed else ""), view.pledged_personnel.label(), help=metrics.HEADLINE_HELP["pledged"])


def trust_fund_metric(label: str, figure) -> None:
    if figure is None:
        st.metric(label, "nothing reported yet")
        return
    st.metric(metrics.measure_label(figure.measure), metrics.money_figure(figure), help=metrics.HEADLINE_HELP["tf"])
    st.caption(f"{metrics.sentence(metrics.provenance(figure))}: " + ui.source_links(sources, figure.source_ids))


left, right = st.columns(2)
with left:
    trust_fund_metric("Trust fund received", view.tf_received)
with right:
    trust_fund_metric("Trust fund pledged", view.tf_pledged)

st.header("Latest events")
if latest.empty:
    st.write("No events in this period for these countries.")
for event in metrics.rows(latest):
    disputed = " · **disputed**" if event.dispute_id else ""
    st.markdown(f"**{event.date:%-d %b %Y}** · {ui.md_text(event.title)}{disputed}{ui.new_mark(event.event_id)}  \n{ui.md_text(event.summary)}  \nSources: {ui.source_links(sources, event.source_ids)}")

ui.download_csv(metrics.exportable(table), "haiti_mission_countries", state, "Download the country figures (CSV)")
ui.share_link(state)
ui.page_footer(ds)
