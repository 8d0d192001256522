"""The page context: one immutable value that the glue's helpers take as an argument, so each
can run (and be tested) without a page having run something else first."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from components import labels, metrics, page, share, site, view_sync
from components.url_state import FilterState


@pytest.fixture
def ctx(ds):
    bounds = view_sync.view_bounds(ds)
    state = FilterState(dt.date(2024, 6, 1), dt.date(2025, 10, 2), ("KEN",), pinned_end=True)
    spec = site.page_titled("Timeline")
    names = page.country_names(ds)
    new_ids = frozenset(ds.events["event_id"].head(2))
    return page.PageContext(
        spec, ds, state, bounds, "en", False, names, new_ids, "https://hmt.example/Timeline", 0.0, True
    )


def test_the_context_cannot_be_changed(ctx):
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.state = None
    assert ctx.without_tabs().tabbed is False and ctx.tabbed is True


def test_share_links_and_citation_come_from_the_context_alone(ctx):
    links = share.share_links(ctx)
    assert links[1]["url"].startswith("https://hmt.example/Timeline?from=2024-06-01&to=2025-10-02&countries=KEN")
    embed, citation, bibtex = (snippet["text"] for snippet in share.share_snippets(ctx, accessed=dt.date(2026, 12, 1)))
    assert "Timeline, 1 Jun 2024 – 2 Oct 2025 · Kenya, chart" in citation and links[1]["url"] in citation
    assert 'height="680"' in embed and "@misc{hmt_timeline_" in bibtex
    title, words = share.view_words(ctx.without_tabs())
    assert title == "Timeline" and not words.endswith("chart")


def test_rows_new_since_the_link_are_marked_from_the_context(ctx, ds):
    table = labels.with_source_columns(ds.events, metrics.source_lookup(ds), new_ids=ctx.new_ids)
    assert table["new"].tolist() == [row_id in ctx.new_ids for row_id in ds.events["event_id"]]
    assert table["new"].sum() == 2
    assert not labels.with_source_columns(ds.events, metrics.source_lookup(ds))["new"].any()


def test_a_table_views_embed_height_follows_its_tables(ctx):
    # A Table tab's snippet is sized from the tables it drew (tables.show_table with the
    # context), not the page list's fixed height; the one-line grid holds ten rows, then scrolls.
    from components import cite, tables

    assert labels.grid_height(3) == 4 * 35 + 2 and labels.grid_height(50) == labels.grid_height(10) == 387
    table_view = dataclasses.replace(ctx, state=dataclasses.replace(ctx.state, tab="table"))
    tables.show_table(pd.DataFrame({"a": ["x"] * 3}), ctx=table_view)  # outside a page: no element, a height
    assert table_view.tables == [labels.grid_height(3)]
    embed = share.share_snippets(table_view, accessed=dt.date(2026, 12, 1))[0]["text"]
    assert f'height="{cite.EMBED_ABOVE_PX + labels.grid_height(3) + cite.EMBED_BELOW_PX}"' in embed
    two = cite.embed_height("Timeline", tables=[387, 200])
    assert two == cite.EMBED_ABOVE_PX + 587 + site.page_titled("Timeline").embed_between_px + cite.EMBED_BELOW_PX
    assert cite.embed_height("Timeline", tables=[774] * 6) == cite.EMBED_TABLES_MAX_PX  # the cap
    assert cite.embed_height("Timeline") == site.page_titled("Timeline").embed_height  # neither: the page list's
