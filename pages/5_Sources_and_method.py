"""Sources and method: every source, how the data is curated, how conflicts are shown."""

import streamlit as st

from components import metrics, ui

ui.page_setup("Sources and method")
ds = ui.dataset()
state = ui.filters(ds)

st.title("Sources and method")
ui.filter_line(state, ds, applies=False)
st.markdown(
    f"""
**Data as of {ds.as_of:%-d %B %Y}.** That date is computed from the data: it is the latest dated fact. Nothing
later was found in the sources; events after it are not covered yet.

**How the data is curated.** Every event, figure and amount is a row in a CSV file under `data/`, written in our
own words, with one or more source ids that point at the table below. Sources are news reports, official
statements (UN, governments) and, rarely, reference works or aggregators; the original publisher is named even
when the text was read on a mirror. Each row has a confidence grade: *high* when two independent sources agree or
an official source states it, *medium* for one reliable report, *low* for an aggregator or a single weak source.
A validator checks every file on every change.

**How conflicts are shown.** When sources disagree, each version stays in its own row with its own sources, and
the rows share a *dispute id*. Pages show such figures as ranges, each end with its source's wording (for example "about 200 to 400") or as two dated events,
marked *disputed*; the dashboard never picks one version silently. The disputes recorded so far are listed below.

**Estimates.** The number of a country's personnel in Haiti is computed from its ledger: arrivals add, departures
subtract, and a reported headcount replaces the running estimate. Mission-wide totals are reported figures.
"""
)
st.header(f"Glossary ({len(ds.glossary)})")
st.caption("Abbreviations and terms used in the data. Each page lists the ones it uses under \"Terms used on this page\".")
st.dataframe(ui.with_source_columns(ds.glossary, metrics.source_lookup(ds))[["term", "expansion", "explanation", "sources", "link"]], hide_index=True, column_config={"link": ui.link_column()})
st.header(f"Disputes ({len(ds.disputes)})")
st.dataframe(ds.disputes, hide_index=True)
st.header(f"Sources ({len(ds.sources)})")
st.dataframe(ui.sources_frame(ds, ds.sources["source_id"]), hide_index=True, column_config=ui.SOURCE_COLUMNS)
ui.download_csv(ds.sources, "haiti_mission_sources", state)
st.markdown("Data licence: CC BY 4.0 (see `data/README.md`). Country outlines: Natural Earth, public domain.")
ui.share_link(state)
ui.page_footer(ds)
