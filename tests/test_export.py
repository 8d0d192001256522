"""CSV downloads: the rows and sources as they are, and nothing a spreadsheet would run."""

import csv
import io
import shutil

import pandas as pd
import pytest

from components import export
from tests.conftest import FIXTURE_DATA, ROOT


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("https://ev.il","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR", "=1+1"]
)
def test_formula_cells_are_written_as_text(cell):
    frame = pd.DataFrame({"title": [cell, "ordinary"], "personnel": [1, 2]})
    _header, first, second = rows(export.csv_bytes(frame))
    assert first[0] == "'" + cell and second[0] == "ordinary"


def test_negative_numbers_and_plain_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "change": [-200, 150],
            "amount": [-1.5, 2.0],
            "note": ["-40", "arrived"],
            "date": pd.to_datetime(["2024-06-25", "2024-07-16"]),
        }
    )
    _, first, second = rows(export.csv_bytes(frame))
    assert first == ["-200", "-1.5", "-40", "2024-06-25"] and second == ["150", "2.0", "arrived", "2024-07-16"]


def test_titles_and_tuples_and_sources():
    frame = pd.DataFrame({"=title": ["@event"], "source_ids": [("s1", "s2")], "countries": [("KEN", "JAM")]})
    sources = {"s1": {"url": "https://a.example/1"}, "s2": {"url": "https://b.example/2"}}
    header, row = rows(export.csv_bytes(frame, sources))
    assert header == ["'=title", "source_ids", "countries", "source_urls"]
    assert row == ["'@event", "s1;s2", "KEN;JAM", "https://a.example/1 https://b.example/2"]


def test_real_data_exports_whole_and_needs_no_quoting(ds):
    # Every real file exports whole, and no cell of today's data needed quoting.
    for frame in (ds.events, ds.contributions, ds.funding, ds.sources):
        exported = rows(export.csv_bytes(frame))
        assert len(exported) == len(frame) + 1
        assert not any(cell.startswith(("'=", "'+", "'-", "'@")) for row in exported for cell in row)


# A formula's first character put before a text column of each table the pages export.
HOSTILE = {
    "events.csv": ("title", "=1+1 "),
    "contributions.csv": ("note", "@SUM(A1)"),
    "funding.csv": ("note", "+cmd|' /C calc'!A0"),
    "sources.csv": ("publisher", "-2+3"),
    "countries.csv": ("name", "="),
}
DOWNLOADING_PAGES = [
    "app.py",
    "pages/1_Timeline.py",
    "pages/2_Map.py",
    "pages/3_Pledges_and_deployments.py",
    "pages/4_Funding.py",
    "pages/5_Sources_and_method.py",
]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """The fixture data with a formula at the start of a text cell in every table a page offers."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURE_DATA, folder, dirs_exist_ok=True)
    for file, (column, text) in HOSTILE.items():
        frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
        frame[column] = text + frame[column]  # every row: whichever rows a page's view keeps, one is hostile
        frame.to_csv(folder / file, index=False)
    return folder


@pytest.mark.parametrize("page", DOWNLOADING_PAGES)
def test_a_pages_download_is_formula_safe(page, hostile_data, monkeypatch):
    """What a page hands to the download button, opened in a spreadsheet, runs no formula:
    whichever way the page builds its CSV, a text cell starting with =, +, - or @ is text."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    offered = []
    real = st.download_button

    def recording(label, data, *args, **kwargs):
        offered.append(data)
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    monkeypatch.setenv("HMT_DATA_DIR", str(hostile_data))
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception and offered, f"{page} offers no download"
    for data in offered:
        csv_text = (data() if callable(data) else data).decode("utf-8")
        cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
        assert not [
            c
            for c in cells
            if c.startswith(("=", "+", "@")) or (c.startswith("-") and not export.PLAIN_NUMBER.fullmatch(c))
        ]
        assert any(cell.startswith(("'=", "'+", "'-", "'@")) for cell in cells), (
            "the hostile cells were not in the download"
        )


def test_a_carriage_return_inside_a_cell_cannot_start_a_row():
    data = export.csv_bytes(pd.DataFrame({"note": ["one\rtwo", "x"], "n": [1, 2]}))
    assert rows(data) == [["note", "n"], ["one\rtwo", "1"], ["x", "2"]]


def test_empty_frames_export():
    frame = pd.DataFrame({"date": pd.to_datetime([]), "title": pd.Series([], dtype="str")})
    assert rows(export.csv_bytes(frame)) == [["date", "title"]]
