"""Every data file and column is documented in data/README.md (the test fails otherwise)."""

import pathlib
import re

from components.schema import FUNDING_FLOWS, STAGES, TABLES

README = (pathlib.Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")


def section(file: str) -> str:
    match = re.search(rf"^### `{re.escape(file)}`.*?(?=^### |\Z)", README, flags=re.S | re.M)
    assert match, f"data/README.md has no section for {file}"
    return match.group(0)


def test_every_column_is_documented():
    for table in TABLES.values():
        text = section(table.file)
        for column in table.columns:
            assert f"| `{column}` |" in text, f"{table.file}: column {column} is not documented"


def test_every_data_file_is_documented():
    data = pathlib.Path(__file__).resolve().parents[1] / "data"
    for path in data.iterdir():
        if path.suffix in (".csv", ".geojson"):
            section(path.name)


def test_every_row_meaning_is_documented():
    for table, vocabulary in (("contributions.csv", STAGES), ("funding.csv", FUNDING_FLOWS)):
        text = section(table)
        for value in vocabulary:
            assert f"| `{value}` |" in text, f"{table}: row meaning {value} has no row in its table of meanings"
