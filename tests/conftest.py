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


# The suite runs on both cores (scripts/test.sh: pytest-xdist, --dist loadgroup). A file's tests
# share its servers and stacks (module fixtures), so they stay together on one worker; the few
# tests that build a stack of their own are long, so each is a group of its own and the two
# workers finish about together.
STANDALONE = {
    "test_start_fails_loudly_when_a_port_is_taken_and_leaves_nothing_running",
    "test_start_fails_loudly_when_a_replica_does_not_become_healthy",
    "test_a_fresh_clone_in_a_private_folder_serves_every_file",
    "test_tls_from_settings_http2_hsts_redirect_and_acme",
    "test_a_data_update_is_served_without_restart_and_a_bad_one_never_replaces_the_good",
    "test_the_container_image_builds_and_serves_as_an_unprivileged_user",
}


# The longest groups are handed out first (scripts/test.sh passes --no-loadscope-reorder, so
# the groups go to the workers in collection order): a long group started last would leave one
# worker running it alone at the end. Standalone stack tests, then the module stack
# (test_stack.py), then the other browser files, then the unit tests (short, so they fill in).
def _rank(item, standalone: bool) -> int:
    if standalone:
        return 0
    if item.path.stem == "test_stack":
        return 1
    return 2 if "e2e" in item.path.parts else 3


def pytest_collection_modifyitems(items):
    for item in items:
        name = getattr(item, "originalname", item.name)
        group = name if name in STANDALONE else item.path.stem
        item.add_marker(pytest.mark.xdist_group(group))
    # Stable: each file's tests keep their order.
    items.sort(key=lambda item: _rank(item, getattr(item, "originalname", item.name) in STANDALONE))
