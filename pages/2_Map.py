"""Map: contributing countries, coloured by stage and sized by personnel; Haiti in blue."""

import streamlit as st

from components import map_deck, map_frames, metrics, ui
from components.i18n import N_, _

ctx = ui.open_page(N_("Map"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
table = metrics.country_table(ds, state)

st.title(_("Contributing countries"))
ui.filter_line(ctx)
st.caption(ui.md_text(map_deck.legend_caption(table, state.end)))
if table.empty:
    st.info(_("No contributing country matches these filters."))
    ctx = ctx.without_tabs()  # no tabs drawn, so the citation names none
else:
    map_tab, table_tab = ui.view_tabs(ctx)
    with map_tab:
        if map_tab.open:
            ui.time_player(ctx, "map_player", "hmt_map", lambda: map_frames.map_frames(ds, state.countries), "map")
            ui.contributor_map(
                table,
                ds,
                alt=metrics.summary_text(ds, state, metrics.overview(ds, state, table))
                + " "
                + map_deck.circles_sentence(),
            )
    with table_tab:
        if table_tab.open:
            ui.country_dataframe(
                table,
                sources,
                [
                    "country",
                    "stage",
                    "pledged",
                    "arrived",
                    "in_haiti",
                    "in_haiti_date",
                    "in_haiti_confidence",
                    "in_haiti_note",
                    "disputed",
                    "latest_source",
                ],
                ctx=ctx,
            )
    ui.download_csv(metrics.exportable(table), "haiti_mission_map", ctx)
st.caption(
    _(
        "Country outlines: Natural Earth 1:110m (public domain), drawn "
        "locally; no map tiles are fetched. Small island states are shown by "
        "their capital's circle."
    )
)
ui.share_link(ctx)
ui.page_footer(ctx)
