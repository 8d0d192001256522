"""Shared fixtures. Logic and page tests run on a small dataset made for them
(``tests/fixtures/data``: real rows of ``data/`` plus edge cases), so that a data update breaks
no test; only the tests that say so read the live ``data/`` (``live_ds``)."""

import pathlib
import shutil

import pytest

from components.data import DATA_DIR_ENV, DEFAULT_DATA_DIR, load_dataset

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture(autouse=True)
def fixture_data_for_pages(request, monkeypatch):
    """Pages run under AppTest read the fixture data too (the browser tests serve data/)."""
    if "e2e" not in request.node.path.parts:
        monkeypatch.setenv(DATA_DIR_ENV, str(FIXTURE_DATA))


@pytest.fixture(scope="session")
def ds():
    return load_dataset(FIXTURE_DATA)


@pytest.fixture(scope="session")
def live_ds():
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the fixture data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target
