"""Fill the `added` column of every fact table: the day each row entered the dataset.

    .venv/bin/python scripts/fill_added.py [DATA_DIR]

A row's `added` date is the commit date of the first commit of this repository whose copy of
the file held the row's id (from ``git log``); a row that no commit holds yet gets today's date
(it is being added now). Cells that already have a date are kept. Run it after adding rows,
before committing; the validator rejects an empty `added`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.schema import FACT_TABLES, TABLES  # noqa: E402


def first_seen(relative: str, id_column: str) -> dict[str, str]:
    """id -> date of the first commit whose version of the file holds it."""
    log = subprocess.run(
        ["git", "log", "--reverse", "--format=%H %cs", "--", relative],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    seen: dict[str, str] = {}
    for line in log.splitlines():
        commit, date = line.split()
        shown = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True, text=True)
        if shown.returncode != 0:
            continue
        for row in csv.DictReader(io.StringIO(shown.stdout)):
            if row.get(id_column):
                seen.setdefault(row[id_column], date)
    return seen


def fill(data_dir: pathlib.Path) -> int:
    today = dt.date.today().isoformat()
    filled = 0
    for name in FACT_TABLES:
        table = TABLES[name]
        path = data_dir / table.file
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = list(reader.fieldnames or []), list(reader)
        if "added" not in header:
            header.append("added")
        try:
            history = first_seen(str(path.resolve().relative_to(ROOT)), table.id_column)
        except (ValueError, subprocess.CalledProcessError):
            history = {}  # a folder outside the repository: no history to read
        for row in rows:
            if not row.get("added"):
                row["added"] = history.get(row[table.id_column], today)
                filled += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return filled


if __name__ == "__main__":
    target = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    print(f"{fill(target)} `added` cell(s) filled in {target}")
