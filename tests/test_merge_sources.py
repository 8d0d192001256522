"""scripts/merge_sources.py on a tiny copy of the fixture data."""

import csv
import shutil
from pathlib import Path

from scripts.merge_sources import merge, remap_ids

FIXTURES = Path(__file__).parent / "fixtures" / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_remap_keeps_order_and_drops_repeats():
    assert remap_ids("src402;src009;src043", {"src402": "src043"}) == "src043;src009"
    assert remap_ids("src009", {"src402": "src043"}) == "src009"


def test_merge_rewrites_fact_tables_and_drops_duplicates(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    events = _rows(data / "events.csv")
    fields = list(events[0])
    events[0]["source_ids"] = "src002;src005;src001"
    with (data / "events.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(events)
    (data / "source_merges.csv").write_text(
        "duplicate_id,kept_id,keep_address\nsrc002,src001,yes\nsrc004,src001,no\n", encoding="utf-8"
    )
    urls = {r["source_id"]: r["url"] for r in _rows(data / "sources.csv")}

    merge(data)

    assert _rows(data / "events.csv")[0]["source_ids"] == "src001;src005"
    for path in data.glob("*.csv"):
        for row in _rows(path):
            if "source_ids" in row:
                ids = row["source_ids"].split(";")
                assert "src002" not in ids and "src004" not in ids and len(ids) == len(set(ids)), (path.name, row)
    sources = {r["source_id"]: r for r in _rows(data / "sources.csv")}
    assert "src002" not in sources and "src004" not in sources
    assert urls["src002"] in sources["src001"]["alternate_urls"].split(";")
    assert urls["src004"] not in sources["src001"]["alternate_urls"].split(";")
    assert not (data / "source_merges.csv").exists()
