"""Merge duplicate sources (one source per article), run once by the maintainer.

Reads data/source_merges.csv (`duplicate_id,kept_id[,keep_address]`), then:
1. in every table with a `source_ids` column, replaces each duplicate id by its kept id
   (order kept, no id repeated in a row);
2. adds each duplicate's `url` (and its own `alternate_urls`) to the kept source's
   `alternate_urls` (unless `keep_address` is `no`: a wrong citation whose page is another
   article), then deletes the duplicate rows from sources.csv;
3. deletes data/source_merges.csv.

Usage: python scripts/merge_sources.py [DATA_DIR]   (default: data/)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

MERGES = "source_merges.csv"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _mapping(data: Path) -> tuple[dict[str, str], set[str]]:
    _, rows = _read(data / MERGES)
    mapping = {row["duplicate_id"]: row["kept_id"] for row in rows}
    no_address = {row["duplicate_id"] for row in rows if (row.get("keep_address") or "yes").strip() == "no"}
    for duplicate, kept in mapping.items():
        if kept in mapping or duplicate == kept:
            raise SystemExit(f"{MERGES}: {duplicate} -> {kept}: a kept id must not itself be a duplicate")
    return mapping, no_address


def remap_ids(value: str, mapping: dict[str, str]) -> str:
    """'src402;src043;src009' -> 'src043;src009' when src402 is a duplicate of src043."""
    out: list[str] = []
    for source_id in filter(None, (part.strip() for part in value.split(";"))):
        source_id = mapping.get(source_id, source_id)
        if source_id not in out:
            out.append(source_id)
    return ";".join(out)


def merge(data: Path) -> dict[str, int]:
    """Apply the merges under `data`; returns how many rows changed per file."""
    mapping, no_address = _mapping(data)
    changed: dict[str, int] = {}
    for path in sorted(data.glob("*.csv")):
        if path.name in ("sources.csv", MERGES):
            continue
        fields, rows = _read(path)
        if "source_ids" not in fields:
            continue
        count = 0
        for row in rows:
            new = remap_ids(row["source_ids"], mapping)
            if new != row["source_ids"]:
                row["source_ids"], count = new, count + 1
        if count:
            _write(path, fields, rows)
            changed[path.name] = count
    fields, rows = _read(data / "sources.csv")
    if "alternate_urls" not in fields:
        fields.append("alternate_urls")
    by_id = {row["source_id"]: row for row in rows}
    missing = [i for pair in mapping.items() for i in pair if i not in by_id]
    if missing:
        raise SystemExit(f"{MERGES}: unknown source ids {missing}")
    for duplicate, kept in mapping.items():
        if duplicate in no_address:
            continue
        target = by_id[kept]
        alternates = [u for u in (target.get("alternate_urls") or "").split(";") if u]
        extra = [by_id[duplicate]["url"], *(by_id[duplicate].get("alternate_urls") or "").split(";")]
        for url in extra:
            if url and url != target["url"] and url not in alternates:
                alternates.append(url)
        target["alternate_urls"] = ";".join(alternates)
    kept_rows = [row for row in rows if row["source_id"] not in mapping]
    _write(data / "sources.csv", fields, kept_rows)
    changed["sources.csv"] = len(rows) - len(kept_rows)
    (data / MERGES).unlink()
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data"
    for name, count in merge(target).items():
        print(f"{name}: {count} rows changed")
