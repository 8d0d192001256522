"""Sources and method: every source, how the data is curated, how conflicts are shown."""

import streamlit as st

from components import i18n, metrics, ui
from components.i18n import N_, _

ctx = ui.open_page(N_("Sources and method"))
ds, state = ctx.dataset, ctx.state

st.title(_("Sources and method"))
ui.filter_line(ctx)
# One message per paragraph, so that a translator sees each whole; Markdown marks are part of it.
st.markdown(
    "\n\n".join(
        [
            _(
                "**Data as of {date}.** That date is computed from the data: it is the "
                "latest dated fact. Nothing later was found in the sources; events "
                "after it are not covered yet."
            ).format(date=ui.md_text(i18n.date(ds.as_of))),
            _(
                "**How the data is curated.** Every event, figure and amount is a row "
                "in a CSV file under `data/`, written in our own words, with one or "
                "more source ids that point at the table below. "
                "Sources are news reports, official statements (UN, governments) and, "
                "rarely, reference works or aggregators; the original publisher is "
                "named even when the text was read on a mirror. "
                "Each row has a confidence grade: *high* when two independent sources "
                "agree or an official source states it, *medium* for one reliable "
                "report, *low* for an aggregator or a single weak source. "
                "A validator checks every file on every change."
            ),
            _(
                "**How conflicts are shown.** When sources disagree, each version "
                "stays in its own row with its own sources, and the rows share a "
                "*dispute id*. "
                "Pages show such figures as ranges, each end with its source's wording (for "
                'example "about 200 to 400") or as two dated events, marked *disputed*; '
                "the dashboard never picks one version silently. The disputes recorded so far are listed below."
            ),
            _(
                "**Estimates.** The number of a country's personnel in Haiti is "
                "computed from its ledger: arrivals add, departures subtract, and a "
                "reported headcount replaces the running estimate. "
                "Mission-wide totals are reported figures."
            ),
            _(
                "**Languages.** The interface is in English, French and Haitian "
                "Creole. Event titles and summaries, and the topic and summary of each dispute, "
                "are translated; where a translation is missing, the English text is shown and marked *(in "
                "English)*. The glossary is translated too. Sources and notes are "
                "in English, as the data records them."
            ),
        ]
    )
)
st.header(_("Glossary ({n})").format(n=len(ds.glossary)))
st.caption(
    _('Abbreviations and terms used in the data. Each page lists the ones it uses under "Terms used on this page".')
)
columns = ["term", "expansion", "explanation", "sources", "link"]
# The three tables depend on the data and the language only: prepared once, not per rerun.
ui.show_table(
    lambda: ui.with_source_columns(metrics.localized_glossary(ds.glossary), metrics.source_lookup(ds)),
    columns,
    column_config=ui.column_config(columns, link=ui.link_column()),
    memo=(ds, "glossary"),
)
st.header(_("Disputes ({n})").format(n=len(ds.disputes)))
# In the page's language (the CSV and the API keep every column), each with every source of its
# versions; the id, for matching the data's rows, last, so the texts are what a reader sees first.
dispute_columns = ["topic", "summary", "sources", "link", "dispute_id"]
ui.show_table(
    lambda: ui.with_source_columns(
        metrics.dataset_disputes(ds).join(metrics.dispute_source_ids(ds)).reset_index(), metrics.source_lookup(ds)
    ),
    dispute_columns,
    column_config=ui.column_config(dispute_columns, link=ui.link_column()),
    memo=(ds, "disputes"),
)
st.header(_("Sources ({n})").format(n=i18n.number(len(ds.sources))))
sources_table = ui.sources_table(ds)
ui.show_table(sources_table, column_config=ui.column_config(sources_table.columns), memo=(ds, "sources"))
ui.download_csv(ds.sources, "haiti_mission_sources", ctx)
st.markdown(_("Data licence: CC BY 4.0 (see `data/README.md`). Country outlines: Natural Earth, public domain."))
ui.share_link(ctx)
ui.page_footer(ctx)
