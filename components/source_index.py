"""Sources by id, as the pages, charts, feed and API credit them: each source's publisher,
title, the address a reader opens first, and an order for a chart's one-line credit. No
Streamlit, no wording."""

from __future__ import annotations

from collections import Counter

from components.data import Dataset


def source_lookup(ds: Dataset) -> dict[str, dict]:
    """source_id -> its publisher, title, url, published date and kind (read-only). ``url`` is
    the original publisher's address where the data gives one (``canonical_url``), so the link a
    reader sees first is the publisher's; ``read_at`` is where the text was read."""

    def build() -> dict[str, dict]:
        columns = ["publisher", "title", "url", "canonical_url", "published", "kind"]
        lookup = ds.sources.set_index("source_id")[columns].to_dict("index")
        for entry in lookup.values():
            entry["read_at"] = entry["url"]
            entry["url"] = entry.pop("canonical_url") or entry["url"]
        return lookup

    return ds.derived("source_lookup", build)


SOURCE_KIND_ORDER = {"official": 0, "news": 1, "founding_article": 2, "aggregator": 3, "reference": 4}


def main_sources(lookup: dict[str, dict], source_ids) -> tuple[str, ...]:
    """Source ids, official and news sources first, then the most cited: for a chart's
    one-line source credit."""
    # Counted in C (Counter), in order of first appearance, as the sort's ties need.
    counts = {source_id: n for source_id, n in Counter(source_ids).items() if source_id in lookup}
    return tuple(sorted(counts, key=lambda s: (SOURCE_KIND_ORDER.get(lookup[s]["kind"], 9), -counts[s])))
