"""Check the dataset: ``python -m components.validate [DATA_DIR]`` (default: data/).

Exits 0 when the data is good. Otherwise prints one line per problem (file, line as seen
in the CSV, column, bad value, rule broken) and exits 1.

``python -m components.validate --report [DATA_DIR]`` also prints a coverage report: rows per
table, per year and per category, sources per publisher, disputes, events and sources per month
of the mission (months with no event flagged), and the newest dated fact.
"""

from __future__ import annotations

import sys

import pandas as pd

from components.data import DEFAULT_DATA_DIR, Dataset, check_dataset, load_dataset
from components.schema import FACT_TABLES

# The column that says what kind of fact a row is, per table.
CATEGORY_COLUMNS = {
    "events": "category",
    "contributions": "stage",
    "funding": "flow",
    "trust_fund": "measure",
    "strength": "confidence",
}


def _counts(series: pd.Series) -> str:
    counts = series.value_counts()
    return ", ".join(f"{key} {count}" for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def monthly_coverage(
    events: pd.DataFrame, sources: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Events (by ``date``) and sources (by ``published``) per month from ``start`` to ``end``;
    ``gap`` is True for a month with no event, so a quiet stretch in the record is visible."""
    months = pd.period_range(start.to_period("M"), end.to_period("M"), freq="M")

    def per_month(dates: pd.Series) -> pd.Series:
        return dates.dropna().dt.to_period("M").value_counts().reindex(months, fill_value=0)

    table = pd.DataFrame({"events": per_month(events["date"]), "sources": per_month(sources["published"])})
    return table.assign(gap=table["events"] == 0)


def _coverage_lines(ds: Dataset) -> list[str]:
    start = ds.phases["start"].min()
    table = monthly_coverage(ds.events, ds.sources, start, ds.as_of)
    gaps = [f"{month}" for month in table.index[table["gap"]]]
    lines = ["", f"Events and sources per month, {start:%Y-%m} to the as-of month {ds.as_of:%Y-%m}:"]
    lines += [
        f"  {month}: events {row.events}, sources {row.sources}" + ("  <- no event" if row.gap else "")
        for month, row in table.iterrows()
    ]
    lines.append("Months with no event: " + (", ".join(gaps) if gaps else "none"))
    return lines


def coverage_report(ds: Dataset) -> str:
    """What the data covers, in plain text (computed, so nothing in it is typed by hand)."""
    lines = ["Coverage report", "", "Rows per table:"]
    for name in (*FACT_TABLES, "sources", "disputes", "countries", "phases"):
        lines.append(f"  {name}: {len(getattr(ds, name))}")
    lines += ["", "Fact rows per year:"]
    years = pd.concat([getattr(ds, name)[["date"]].assign(table=name) for name in FACT_TABLES])
    table = pd.crosstab(years["date"].dt.year, years["table"])
    for year, row in table.iterrows():
        lines.append(f"  {year}: " + ", ".join(f"{name} {int(row[name])}" for name in table.columns if row[name]))
    lines += ["", "Rows per category:"]
    for name, column in CATEGORY_COLUMNS.items():
        lines.append(f"  {name} by {column}: {_counts(getattr(ds, name)[column])}")
    lines += [
        "",
        "Confidence of fact rows: " + _counts(pd.concat([getattr(ds, name)["confidence"] for name in FACT_TABLES])),
    ]
    lines += ["", f"Sources per publisher ({ds.sources['publisher'].nunique()} publishers):"]
    counts = ds.sources["publisher"].value_counts()
    lines.append("  " + ", ".join(f"{publisher} {count}" for publisher, count in counts.items()))
    lines.append(
        f"  by kind: {_counts(ds.sources['kind'])}; with the original "
        f"publisher's link: {int((ds.sources['canonical_url'] != '').sum())}"
    )
    lines += ["", f"Disputes ({len(ds.disputes)}):"]
    uses = pd.concat([getattr(ds, name)["dispute_id"] for name in FACT_TABLES]).value_counts()
    for dispute in ds.disputes.to_dict("records"):
        lines.append(f"  {dispute['dispute_id']} ({int(uses.get(dispute['dispute_id'], 0))} rows): {dispute['topic']}")
    lines += _coverage_lines(ds)
    newest = {name: getattr(ds, name)["date"].max() for name in FACT_TABLES}
    latest_table = max(newest, key=newest.get)
    lines += ["", f"Newest dated fact: {ds.as_of:%Y-%m-%d} (in {latest_table}); oldest: {ds.first_date:%Y-%m-%d}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    report = "--report" in args
    args = [a for a in args if a != "--report"]
    data_dir = args[0] if args else DEFAULT_DATA_DIR
    problems = check_dataset(data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {data_dir}", file=sys.stderr)
        return 1
    print(f"{data_dir}: all tables valid")
    if report:
        print()
        print(coverage_report(load_dataset(data_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
