"""The validator: passes on data/, and names file, line, column, value and rule on bad data."""

import csv
import pathlib

import pytest

from components.data import DataError, check_dataset, load_dataset
from components.validate import main


def edit_cell(path: pathlib.Path, line: int, column: str, value: str) -> None:
    """Set one cell; `line` is the file line number (header = line 1)."""
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def messages(data_dir) -> list[str]:
    return [str(p) for p in check_dataset(data_dir)]


def test_committed_data_is_valid(capsys):
    assert main([]) == 0
    assert "all tables valid" in capsys.readouterr().out


# Each case breaks one thing and expects one precise message (file:line, column, value, rule).
BROKEN_CELLS = [
    ("events.csv", 3, "date", "2024-13-01", "events.csv:3: column 'date': value '2024-13-01' must be a real calendar date written YYYY-MM-DD"),
    ("events.csv", 4, "date", "12/03/2024", "events.csv:4: column 'date': value '12/03/2024' must be a real calendar date"),
    ("events.csv", 5, "category", "gossip", "events.csv:5: column 'category': value 'gossip' must be one of: un_security_council"),
    ("events.csv", 6, "countries", "KEN;ZZZ", "events.csv:6: column 'countries': value 'ZZZ' is not listed in countries.csv"),
    ("events.csv", 7, "source_ids", "src001;src999", "events.csv:7: column 'source_ids': value 'src999' is not listed in sources.csv"),
    ("events.csv", 8, "event_id", "T01", "events.csv:8: column 'event_id': value 'T01' must be unique"),
    ("events.csv", 9, "title", "", "events.csv:9: column 'title': value '' must not be empty"),
    ("contributions.csv", 2, "personnel", "-5", "contributions.csv:2: column 'personnel': value '-5' must be a non-negative whole number"),
    ("contributions.csv", 3, "personnel", "1,000", "contributions.csv:3: column 'personnel': value '1,000' must be a non-negative whole number"),
    ("contributions.csv", 4, "stage", "arrived", "contributions.csv:4: column 'stage': value 'arrived' must be one of: pledge, notification"),
    ("contributions.csv", 5, "country", "kenya", "contributions.csv:5: column 'country': value 'kenya' must be an ISO 3166 alpha-3 code"),
    ("contributions.csv", 6, "dispute_id", "no-such-dispute", "contributions.csv:6: column 'dispute_id': value 'no-such-dispute' is not listed in disputes.csv"),
    ("sources.csv", 2, "url", "javascript:alert(1)", "sources.csv:2: column 'url': value 'javascript:alert(1)' must be a web address starting with http:// or https://"),
    ("sources.csv", 3, "url", "data:text/html,hi", "sources.csv:3: column 'url': value 'data:text/html,hi' must be a web address"),
    ("countries.csv", 3, "latitude", "123.4", "countries.csv:3: column 'latitude': value '123.4' must be a latitude in decimal degrees between -90 and 90"),
    ("countries.csv", 4, "longitude", "east", "countries.csv:4: column 'longitude': value 'east' must be a longitude"),
    ("countries.csv", 5, "iso3", "XYZ", "countries.csv:5: column 'iso3': value 'XYZ' is not an ISO 3166-1 alpha-3 country code"),
    ("strength.csv", 2, "qualifier", "roughly", "strength.csv:2: column 'qualifier': value 'roughly' must be one of: exact, about"),
    ("funding.csv", 2, "currency", "", "funding.csv:2: column 'currency': value '' must be given when amount is given"),
    ("trust_fund.csv", 11, "amount_usd_high", "1", "trust_fund.csv:11: column 'amount_usd_high': value '1' must not be smaller than amount_usd"),
    ("phases.csv", 2, "authorised_ceiling", "2500.5", "phases.csv:2: column 'authorised_ceiling': value '2500.5' must be a non-negative whole number"),
]


@pytest.mark.parametrize("file, line, column, value, expected", BROKEN_CELLS, ids=[f"{c[0]}:{c[2]}={c[3]!r}" for c in BROKEN_CELLS])
def test_broken_cell_is_reported_precisely(data_copy, file, line, column, value, expected):
    edit_cell(data_copy / file, line, column, value)
    found = messages(data_copy)
    assert any(m.startswith(expected) for m in found), found
    assert main([str(data_copy)]) == 1


def test_month_precision_needs_day_01(data_copy):
    edit_cell(data_copy / "events.csv", 2, "date_precision", "month")  # T01 is 2021-07-07
    assert "events.csv:2: column 'date': value '2021-07-07' has date_precision 'month', so its day must be 01" in messages(data_copy)


def test_dispute_used_by_a_single_row_is_reported(data_copy):
    path = data_copy / "funding.csv"  # can-tf-pledge is used by exactly two funding rows
    text = path.read_text(encoding="utf-8").replace(",can-tf-pledge,", ",,", 1)
    path.write_text(text, encoding="utf-8")
    assert any(m.startswith("disputes.csv:") and "'can-tf-pledge' is used by 1 row(s)" in m for m in messages(data_copy))


def test_missing_and_unknown_columns(data_copy):
    path = data_copy / "strength.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("confidence", "certainty")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(data_copy)
    assert "strength.csv:1: column 'confidence': required column is missing from the header" in found
    assert any(m.startswith("strength.csv:1: column 'certainty': column is not in the schema") for m in found)


def test_row_with_wrong_field_count(data_copy):
    path = data_copy / "disputes.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra-row,only two fields\n", encoding="utf-8")
    assert any(m.startswith("disputes.csv:") and "has 2 fields but the header has 3" in m for m in messages(data_copy))


def test_empty_file(data_copy):
    (data_copy / "phases.csv").write_text("", encoding="utf-8")
    assert "phases.csv: file is empty: it needs at least a header line" in messages(data_copy)


def test_non_utf8_file_names_the_line(data_copy):
    path = data_copy / "countries.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b"United States", "\u00c9tats-Unis".encode("latin-1"))  # line 4: USA
    path.write_bytes(b"\n".join(raw))
    assert any(m.startswith("countries.csv:4: is not valid UTF-8 text") for m in messages(data_copy))


def test_missing_file(data_copy):
    (data_copy / "sources.csv").unlink()
    assert "sources.csv: file is missing" in messages(data_copy)


def test_loader_refuses_bad_data_with_all_problems(data_copy):
    edit_cell(data_copy / "events.csv", 3, "date", "yesterday")
    edit_cell(data_copy / "contributions.csv", 2, "personnel", "many")
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert len(error.value.problems) == 2
