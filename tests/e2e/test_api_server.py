"""The data API on the real server: ``streamlit run app.py`` (the README's command) serves the
dashboard and /api/v1/ from one process, under ``server.baseUrlPath`` too. No browser needed."""

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import FIXTURE_DATA, ROOT, start_streamlit, stop_streamlit


@pytest.fixture(scope="module")
def prefixed():
    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)}, base_path="hmt")
    yield url
    stop_streamlit(process)


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("prefix", ["", "hmt"])
def test_streamlit_run_serves_the_api_beside_the_dashboard(request, prefix):
    url = request.getfixturevalue("prefixed" if prefix else "server")
    status, _headers, body = get(f"{url}/api/v1/")
    index = json.loads(body)
    assert status == 200 and index["openapi"] == f"{'/hmt' if prefix else ''}/api/v1/openapi.json"
    status, headers, body = get(f"{url}/api/v1/events.csv?from=2024-06-01&countries=KEN")
    assert status == 200 and headers["Content-Type"].startswith("text/csv; charset=utf-8")
    assert body.decode("utf-8").startswith("event_id,date,")
    document = json.loads(get(f"{url}/api/v1/figures/pledges.json?countries=KEN&lang=ht")[2])
    assert document["page"] == f"{'/hmt' if prefix else ''}/Pledges_and_deployments?countries=KEN&lang=ht"
    assert get(f"{url}/api/v1/events.csv", {"If-None-Match": headers["ETag"]})[0] == 200  # another view
    again = get(f"{url}/api/v1/events.csv?from=2024-06-01&countries=KEN", {"If-None-Match": headers["ETag"]})
    assert again[0] == 304
    status, headers, body = get(f"{url}/api/v1/nothing.csv")
    assert status == 404 and headers["Content-Type"].startswith("application/problem+json")
    # The dashboard is still there: its pages, and Streamlit's own routes.
    assert get(f"{url}/Timeline")[0] == 200 and get(f"{url}/_stcore/health")[2] == b"ok"


@pytest.mark.parametrize("width", [1400, 390])
def test_the_share_box_gets_this_views_data(browser, server, screenshots, width):
    from browser_kit import SHARED, open_page
    from tests.e2e.test_accessibility import describe, run_axe

    context, page, watch = open_page(browser, f"{server}/Funding?{SHARED}&lang=fr", {"width": width, "height": 900})
    page.get_by_text("Partager cette vue").click()
    heading = page.locator(".share .data-heading")
    heading.wait_for(timeout=15_000)
    assert heading.text_content() == "Obtenir ces données"
    csv_href, json_href = (link.get_attribute("href") for link in page.locator(".share .data-link a").all())
    view = "from=2024-06-01&to=2025-10-02&countries=KEN&lang=fr"
    assert csv_href == f"{server}/api/v1/figures/donors.csv?{view}"
    assert json_href == f"{server}/api/v1/figures/donors.json?{view}"
    assert page.request.get(json_href).json()["view"]["countries"] == ["KEN"]
    pandas_line, curl_line = page.locator(".share .data-snippet pre").all_text_contents()
    assert csv_href in pandas_line and curl_line == f'curl -OJ "{csv_href}"'
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"share-get-this-data-{width}.png"))
    violations = run_axe(page)  # the open share box, its new part included
    assert not violations, describe(violations)
    watch.assert_clean()
    context.close()
