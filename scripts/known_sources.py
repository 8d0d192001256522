"""Which of these addresses does the dataset already cite? A sweep's first check on a search result.

    .venv/bin/python scripts/known_sources.py URL [URL ...]      (or URLs on standard input)

Prints one line per address: the source id that holds it (as its `url`, `canonical_url` or one
of its `alternate_urls`, compared without scheme, www., tracking parameters or a trailing
slash), or `new`. The last line counts them, so a sweep can record how many of the pages it
saw were already known: the share of new pages is how a sweep tells it is running dry.
"""

from __future__ import annotations

import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.source_rules import normalised_url  # noqa: E402


def address_owners(sources_csv: pathlib.Path) -> dict[str, str]:
    """normalised address -> source id, for every address a source row names."""
    owners: dict[str, str] = {}
    with sources_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            addresses = [row["url"], row.get("canonical_url") or ""]
            addresses += (row.get("alternate_urls") or "").split(";")
            for address in filter(None, (part.strip() for part in addresses)):
                owners.setdefault(normalised_url(address), row["source_id"])
    return owners


def verdicts(urls: list[str], owners: dict[str, str]) -> list[tuple[str, str]]:
    return [(url, owners.get(normalised_url(url), "new")) for url in urls]


def main(argv: list[str]) -> int:
    urls = argv or [line.strip() for line in sys.stdin if line.strip()]
    results = verdicts(urls, address_owners(ROOT / "data" / "sources.csv"))
    for url, owner in results:
        print(f"{owner}\t{url}")
    new = sum(owner == "new" for _, owner in results)
    print(f"# {len(results)} addresses: {len(results) - new} already cited, {new} new")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
