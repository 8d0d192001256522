"""A real Streamlit server and Debian's Chromium, driven by Playwright, for the browser tests.
The helpers are in browser_kit/, which the benchmarks use too."""

import shutil

import pytest

from browser_kit import (  # noqa: F401 (re-exported for the tests that import them from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    FILTER_CONTROLS,
    FIXTURE_DATA,
    ROOT,
    Stack,
    free_consecutive_ports,
    free_port,
    open_filters,
    start_streamlit,
    stop_streamlit,
)

SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(scope="session")
def server():
    # The fixture dataset (tests/fixtures/data), so that a data update breaks no browser test.
    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)})
    yield url
    stop_streamlit(process)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/test.sh, which installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
