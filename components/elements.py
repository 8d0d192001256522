"""A page's elements drawn from its context: the filter line, the Chart and Table tabs, the
glossary's terms, the "new since this link" mark, charts (with their PNG export's caption) and
the contributor map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import i18n, light_chart, map_deck, map_svg, metrics, time_frames, url_state, view_sync
from components.data import Dataset
from components.i18n import _
from components.safe_markdown import md_text


def filter_line(ctx) -> None:
    """A line at the top of the page with the view's filters, so that they can be found on a
    phone, where the sidebar is closed behind an unlabelled "»"."""
    applies = ctx.page.filters_apply
    if ctx.embedded:
        if applies:
            st.caption(md_text(_("Showing: {filters}.").format(filters=metrics.filter_summary(ctx.state, ctx.names))))
        return
    if not applies:
        st.caption(
            _(
                "This page ignores the filters: it lists every source, every dispute and the whole glossary, "
                "whatever the dates and countries chosen."
            )
        )
        return
    st.caption(
        _("Filters: {filters}. Change them in the sidebar (on a phone, open it with » at the top left).").format(
            filters=md_text(metrics.filter_summary(ctx.state, ctx.names))
        )
    )


def terms_used(ctx, texts) -> None:
    """The glossary's terms that appear in ``texts`` (what the page shows), explained."""
    if ctx.embedded:
        return
    # Found in the forms the page's language writes them (MMAS, FRG, CPT in French), then
    # explained in that language.
    terms = metrics.localized_glossary(metrics.terms_in(ctx.dataset.glossary, texts, i18n.get_language()))
    if terms.empty:
        return
    with st.expander(_("Terms used on this page ({n})").format(n=len(terms))):
        st.markdown(
            "\n".join(
                f"- **{md_text(t.term)}**: {md_text(t.expansion)}"
                + (f". {md_text(t.explanation)}" if t.explanation else "")
                for t in metrics.rows(terms)
            )
        )


def new_mark(ctx, row_id: str) -> str:
    """ " · new since this link" (Markdown) for a row added after the link's data version."""
    return " · **" + md_text(_("new since this link")) + "**" if row_id in ctx.new_ids else ""


def view_tabs(ctx):
    """A Chart tab and a Table tab, as on Our World in Data's grapher. Only the open tab's
    content runs (``tab.open``), so a chart view never builds or loads its table. The open
    tab is part of the view state, so it is in the link as a stable id (``?tab=table``)."""
    if ctx.embedded:  # no tab labels to click: the tab the link names, drawn as a plain container
        return tuple(_Pane(tab == ctx.state.tab, st.container()) for tab in url_state.TABS)
    return view_sync.synced_tabs(ctx.state, ctx.bounds)


def axis_switch(ctx, param: str, key: str) -> None:
    """A switch for a chart's axis (``scale``: linear or log; ``values``: absolute or share of
    the total), kept in the link; not drawn on an embedded page (the link's choice is shown)."""
    if not ctx.embedded:
        view_sync.synced_axis_switch(ctx.state, ctx.bounds, param, key)


def time_player(ctx, key: str, target: str, frames, kind: str = "chart") -> None:
    """The time slider with Play above the chart (``kind`` "chart") or map ("map") whose element
    has the key ``target``: ``frames()`` gives it month by month (components/time_frames.py,
    components/map_frames.py). Not drawn on an
    embedded page (its link's ``to`` is the month shown)."""
    if not ctx.embedded:
        stops = time_frames.stops(ctx.dataset)
        view_sync.synced_time_player(ctx.state, ctx.bounds, key, target, stops, frames, kind)


@dataclass
class _Pane:
    """What ``view_tabs`` gives an embedded page instead of a tab: a container that says
    whether it is the one shown (``open``), used as ``with pane:``."""

    open: bool
    container: object

    def __enter__(self):
        return self.container.__enter__()

    def __exit__(self, *exc):
        return self.container.__exit__(*exc)


def plotly_chart(figure, alt: str, key: str, ctx=None, source_ids=(), note: str = "") -> None:
    """The chart's title as text above it (it wraps on a phone and no toolbar covers it), then
    the chart, a figure named by that title; with ``ctx``, its PNG download carries the title,
    the filters, the "as of" date, the sources (``source_ids``) and the dashboard's name."""
    title = figure.layout.title.text or ""
    export = None
    if ctx is not None:
        ctx.drawn.append(int(figure.layout.height or 450))  # plotly's default height
        if title:
            st.markdown(f"**{md_text(title)}**")
        lookup = metrics.source_lookup(ctx.dataset)
        caption_sources = metrics.sources_label(lookup, metrics.main_sources(lookup, source_ids), limit=4)
        export = metrics.chart_export(
            title, ctx.state, ctx.names, ctx.dataset.as_of, caption_sources, f"haiti_mission_{key}", note
        )
    light_chart.plotly_chart(
        figure,
        alt=alt,
        key=key,
        export=export,
        table_hint=not (ctx.embedded if ctx is not None else view_sync.is_embedded()),
    )


# The deck lies on top of its SVG first paint (components/map_svg.py), in the same place: the
# SVG shows as soon as the page's elements arrive, the deck covers it once it has drawn.
# The deck's box has the map's height from the start, so the deck's arrival moves nothing (a
# layout shift Lighthouse counted: 0.13 on a phone).
MAP_CSS = f"""<style>
.st-key-hmt_map {{ position: relative; }}
.hmt-map-svg {{ display: block; width: 100%; height: {map_deck.MAP_HEIGHT}px; }}
.st-key-hmt_map > [data-testid="stElementContainer"]:nth-child(2) {{
  position: absolute; top: 0; left: 0; right: 0; height: {map_deck.MAP_HEIGHT}px; display: block !important; }}
</style>"""


def contributor_map(table: pd.DataFrame, ds: Dataset, alt: str) -> None:
    """The contributor map: its SVG first paint, then the deck over it (hover, zoom)."""
    with st.container(key="hmt_map"):
        # Our own constants and numbers formatted by map_svg: nothing from a URL or the data.
        outlines = ds.derived("map_outlines", lambda: map_svg.outline_paths(ds.world))
        st.html(MAP_CSS + map_svg.image_tag(map_svg.contributor_svg(table, ds.countries, outlines)))
        st.pydeck_chart(map_deck.contributor_deck(table, ds.countries, ds.world), height=map_deck.MAP_HEIGHT, alt=alt)
