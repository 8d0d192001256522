"""CSV downloads: the rows and sources as they are, and nothing a spreadsheet would run."""

import csv
import io

import pandas as pd
import pytest

from components import export, ui


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"https://ev.il\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR", "=1+1"])
def test_formula_cells_are_written_as_text(cell):
    frame = pd.DataFrame({"title": [cell, "ordinary"], "personnel": [1, 2]})
    header, first, second = rows(export.csv_bytes(frame))
    assert first[0] == "'" + cell and second[0] == "ordinary"


def test_negative_numbers_and_plain_numbers_stay_numbers():
    frame = pd.DataFrame({"change": [-200, 150], "amount": [-1.5, 2.0], "note": ["-40", "arrived"], "date": pd.to_datetime(["2024-06-25", "2024-07-16"])})
    _, first, second = rows(export.csv_bytes(frame))
    assert first == ["-200", "-1.5", "-40", "2024-06-25"] and second == ["150", "2.0", "arrived", "2024-07-16"]


def test_titles_and_tuples_and_sources():
    frame = pd.DataFrame({"=title": ["@event"], "source_ids": [("s1", "s2")], "countries": [("KEN", "JAM")]})
    sources = {"s1": {"url": "https://a.example/1"}, "s2": {"url": "https://b.example/2"}}
    header, row = rows(export.csv_bytes(frame, sources))
    assert header == ["'=title", "source_ids", "countries", "source_urls"]
    assert row == ["'@event", "s1;s2", "KEN;JAM", "https://a.example/1 https://b.example/2"]


def test_the_page_download_uses_the_export(ds):
    assert ui._csv_bytes is export.csv_bytes
    # Every real file exports whole, and no cell of today's data needed quoting.
    for frame in (ds.events, ds.contributions, ds.funding, ds.sources):
        exported = rows(export.csv_bytes(frame))
        assert len(exported) == len(frame) + 1
        assert not any(cell.startswith(("'=", "'+", "'-", "'@")) for row in exported for cell in row)


def test_a_carriage_return_inside_a_cell_cannot_start_a_row():
    data = export.csv_bytes(pd.DataFrame({"note": ["one\rtwo", "x"], "n": [1, 2]}))
    assert rows(data) == [["note", "n"], ["one\rtwo", "1"], ["x", "2"]]


def test_empty_frames_export():
    frame = pd.DataFrame({"date": pd.to_datetime([]), "title": pd.Series([], dtype="str")})
    assert rows(export.csv_bytes(frame)) == [["date", "title"]]
