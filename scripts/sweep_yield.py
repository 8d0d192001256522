"""How dry did each sweep of the public record run? Totals from the sweeps' search logs.

    .venv/bin/python scripts/sweep_yield.py [LOG ...]      (default: docs/sweeps/*.tsv)

A log has one line per search, tab-separated: time, query, results about the mission, of those
at addresses the data did not cite yet, and the ids of the facts the search added (empty or
"-" for none); a first line that is not a search (a header) is skipped. For each log this
prints the searches, the results, the new addresses, the searches that added a fact and the
facts added, with the facts per hundred searches: the figure that says whether "a further hour
finds nothing new". Fact ids that the data no longer holds (merged into another row entered by
a parallel sweep, or removed by a second reading as not about the mission) are counted where
they were found, and listed, so a reader can take them out.
"""

from __future__ import annotations

import csv
import dataclasses
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
FACT_FILES = ("events", "contributions", "strength", "funding", "trust_fund")
# A fact id in the last column (the rest of a cell may be a helper's words): T460, C440, S07, A200.
FACT_ID = re.compile(r"\b[TCFAS]\d{2,5}[a-z]?\b")


@dataclasses.dataclass
class Yield:
    name: str
    searches: int = 0
    results: int = 0
    new_addresses: int = 0
    fruitful_searches: int = 0
    facts: list[str] = dataclasses.field(default_factory=list)

    @property
    def facts_per_100(self) -> float:
        return 100 * len(self.facts) / self.searches if self.searches else 0.0


class LogError(ValueError):
    """A log line that is not time, query, two counts and fact ids."""


def read_log(path: pathlib.Path) -> Yield:
    tally = Yield(path.stem)
    with path.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if number == 1 and not (len(fields) > 2 and fields[2].strip().isdigit()):
                continue  # a header
            if not fields or not "".join(fields).strip():
                continue
            if len(fields) < 4 or not (fields[2].strip().isdigit() and fields[3].strip().isdigit()):
                raise LogError(f"{path.name}:{number}: expected time, query, two counts and fact ids, got {fields!r}")
            ids = FACT_ID.findall(fields[4]) if len(fields) > 4 else []
            tally.searches += 1
            tally.results += int(fields[2])
            tally.new_addresses += int(fields[3])
            tally.fruitful_searches += bool(ids)
            tally.facts += [i for i in ids if i not in tally.facts]
    return tally


def ids_in_data(data: pathlib.Path) -> set[str]:
    held: set[str] = set()
    for name in FACT_FILES:
        with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            held |= {row[0] for row in csv.reader(handle)}
    return held


def report(logs: list[pathlib.Path], data: pathlib.Path) -> list[str]:
    held = ids_in_data(data)
    tallies = [read_log(path) for path in logs]
    total = Yield(
        "total",
        sum(t.searches for t in tallies),
        sum(t.results for t in tallies),
        sum(t.new_addresses for t in tallies),
        sum(t.fruitful_searches for t in tallies),
        [i for t in tallies for i in t.facts],
    )
    lines = [f"{'log':<10}{'searches':>9}{'results':>9}{'new addr':>9}{'fruitful':>9}{'facts':>7}{'per 100':>9}"]
    for tally in [*tallies, total]:
        lines.append(
            f"{tally.name:<10}{tally.searches:>9}{tally.results:>9}{tally.new_addresses:>9}"
            f"{tally.fruitful_searches:>9}{len(tally.facts):>7}{tally.facts_per_100:>9.1f}"
        )
    merged = sorted({i for tally in tallies for i in tally.facts if i not in held})
    if merged:
        lines.append("found, then merged into another row or removed (no longer in the data): " + ", ".join(merged))
    return lines


# A record entry in data/README.md is one bullet; the figures it may copy from its one log.
_ENTRY = re.compile(r"\n(?=- \*\*)")
_LOG_NAME = re.compile(r"docs/sweeps/([\w.-]+)\.tsv")
_SEARCHES = re.compile(r"block of (\d+) searches")
_RESULTS = re.compile(r"([\d,]+) results about the mission, ([\d,]+) of them")


def record_mismatches(readme: str, sweeps: pathlib.Path) -> list[str]:
    """Figures a record entry typed that its log no longer gives (an entry names one log)."""
    problems = []
    for chunk in _ENTRY.split(readme):
        entry = chunk.split("\n\n")[0]  # a bullet ends at a blank line
        names = set(_LOG_NAME.findall(entry))
        if not entry.startswith("- **") or len(names) != 1:
            continue
        tally = read_log(sweeps / f"{names.pop()}.tsv")
        flat = " ".join(entry.split())
        typed = [("searches", int(n), tally.searches) for n in _SEARCHES.findall(flat)]
        for results, new in _RESULTS.findall(flat):
            typed += [("results", int(results.replace(",", "")), tally.results)]
            typed += [("new addresses", int(new.replace(",", "")), tally.new_addresses)]
        problems += [
            f"{tally.name}: the entry says {said} {what}, the log {logged}"
            for what, said, logged in typed
            if said != logged
        ]
    return problems


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    logs = [pathlib.Path(arg) for arg in argv] or sorted((ROOT / "docs" / "sweeps").glob("*.tsv"))
    missing = [str(log) for log in logs if not log.is_file()]
    if missing:
        print(f"no such log: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        print("\n".join(report(logs, ROOT / "data")))
    except LogError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
