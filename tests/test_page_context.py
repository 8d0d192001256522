"""The page context: one immutable value that the glue's helpers take as an argument, so each
can run (and be tested) without a page having run something else first."""

import dataclasses
import datetime as dt

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
