"""What only a browser shows: charts drawn, no errors, nothing fetched from outside
localhost, shareable links, navigation, Back, and a phone-sized screen."""

import re
import urllib.parse

import pytest

from browser_kit import (  # noqa: F401 (re-exported to other tests)
    BASE_PATH_PROBE,
    IDLE,
    PAGES,
    PHONE,
    SHARED,
    Watch,
    open_drawn,
    open_filters,
    open_page,
    wait_settled,
)


def open_share_box(browser, url):
    """``open_page`` with the clipboard allowed, and the share box opened."""
    context, page, watch = open_page(browser, url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_text("Share this view").click()
    return context, page, watch


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "Overview")
def test_page_draws_its_charts_cleanly_and_fits_a_phone(browser, server, screenshots, path):
    context, page, watch = open_drawn(browser, f"{server}/{path}?{SHARED}", path)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(screenshots / f"{path or 'Overview'}.png"), full_page=True)
    watch.assert_clean()
    # The same visit on a phone's screen: Streamlit lays a resized page out as it lays out one
    # opened at that size (the sidebar folds away), so a second page load would check nothing more.
    page.set_viewport_size(PHONE)
    wait_settled(page)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.screenshot(path=str(screenshots / f"{path or 'Overview'}_phone.png"), full_page=True)
    assert width[0] <= width[1], f"page is {width[0]}px wide on a {width[1]}px screen"
    context.close()


def overview_figures(page) -> list[str]:
    # Six figures with a country selected: wait for all of them, not just the first.
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length === 6", timeout=30_000
    )
    page.wait_for_selector(IDLE, timeout=30_000)
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_shared_link_shows_the_same_view_in_a_fresh_browser(browser, server):
    first, page, _ = open_page(browser, f"{server}/?{SHARED}")
    figures = overview_figures(page)
    first.close()
    second, page, _ = open_page(browser, f"{server}/?{SHARED}")
    assert overview_figures(page) == figures
    assert "744" in figures  # Kenya's reported headcount of 6 February 2025 in the fixture data
    open_filters(page)
    dates = page.locator('[data-testid="stDateInput"] input[type=date]')
    assert [dates.nth(i).input_value() for i in range(dates.count())] == ["2024-06-01", "2025-10-02"]
    assert (
        page.locator('[data-testid="stMultiSelect"] span[data-tag]').all_inner_texts() == ["Kenya (KEN)"]
        or "KEN" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    )
    second.close()


def test_switching_pages_keeps_the_filters_in_the_url(browser, server):
    context, page, _ = open_page(browser, f"{server}/?{SHARED}")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Map").click()
    page.wait_for_url(re.compile(r"/Map\?"), timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_function("() => location.search.includes('countries=KEN')", timeout=30_000)
    assert "from=2024-06-01" in page.url and "to=2025-10-02" in page.url
    context.close()


def test_widget_change_updates_the_url_and_back_restores_it(browser, server):
    context, page, _ = open_page(browser, f"{server}/?{SHARED}")
    open_filters(page)
    page.locator(
        '[data-testid="stMultiSelect"] [aria-label="Remove Kenya (KEN)"],'
        ' [data-testid="stMultiSelect"] [aria-label*="Remove"]'
    ).first.click()
    page.wait_for_function("() => !location.search.includes('countries=')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.go_back()
    page.wait_for_function("() => location.search.includes('countries=KEN')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    open_filters(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMultiSelect\"]').innerText.includes('KEN')", timeout=30_000
    )
    context.close()


def test_hovering_a_point_shows_its_source(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline?{SHARED}")
    points = page.locator(PAGES["Timeline"])
    point = points.nth(points.count() // 2)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    # Plotly listens on a drag layer above the points, so move the mouse rather than hover the node.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.wait_for_selector(".hmt-chart .hoverlayer .hovertext", timeout=15_000)
    assert "Source" in hover.text_content() and "confidence" in hover.text_content()
    watch.assert_clean()
    context.close()


def test_a_filter_change_redraws_the_chart_in_place(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline?{SHARED}")
    page.wait_for_selector(PAGES["Timeline"], timeout=30_000)
    kenya = page.locator(PAGES["Timeline"]).count()
    open_filters(page)
    page.locator('[data-testid="stMultiSelect"] [aria-label*="Remove"]').first.click()
    page.wait_for_function(f"() => document.querySelectorAll('{PAGES['Timeline']}').length > {kenya}", timeout=30_000)
    assert page.locator(".hmt-chart").count() == 1  # the same chart (events and headcount), redrawn, not added
    watch.assert_clean()
    context.close()


def test_share_link_copies_this_view(browser, server):
    context, page, watch = open_share_box(browser, f"{server}/Funding?{SHARED}")
    links = page.locator(".share a")
    links.first.wait_for(timeout=15_000)
    following, pinned = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")
    assert following == f"{server}/Funding?from=2024-06-01&countries=KEN"  # up to the newest fact
    assert (
        pinned == f"{server}/Funding?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28"
    )  # and the data version
    page.locator(".share button").nth(1).click()
    page.wait_for_selector(".share .status:has-text('Copied')", timeout=10_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == pinned
    watch.assert_clean()
    context.close()


def test_csv_download_has_the_filtered_rows_and_their_sources(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline?{SHARED}")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("Download this data (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        text = handle.read()
    header, *lines = text.strip().splitlines()
    assert "source_urls" in header and "event_id" in header
    assert download.value.suggested_filename == "haiti_mission_events_20240601-20251002_KEN.csv"
    assert lines and all("http" in line for line in lines)
    watch.assert_clean()
    context.close()


def test_table_tab_is_in_the_url_and_survives_a_reload(browser, server):
    context, page, watch = open_page(browser, f"{server}/Funding?{SHARED}")
    page.wait_for_selector(PAGES["Funding"], timeout=30_000)
    page.get_by_role("tab", name="Table").click()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    page.wait_for_function("() => location.search.includes('tab=table')", timeout=30_000)
    assert "countries=KEN" in page.url
    page.reload()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    page.get_by_role("tab", name="Chart").click()
    page.wait_for_function("() => !location.search.includes('tab=')", timeout=30_000)
    page.wait_for_selector(PAGES["Funding"], timeout=30_000)
    # Drawn while its tab was hidden, the chart still fills its column once shown.
    widths = page.evaluate(
        "() => [document.querySelector('.hmt-chart .main-svg').getBoundingClientRect().width,"
        " document.querySelector('.hmt-chart').parentElement.getBoundingClientRect().width]"
    )
    assert widths[0] >= widths[1] - 2
    watch.assert_clean()
    context.close()


PNG_BUTTON = '.hmt-chart .modebar-btn[data-title^="Download this chart as a PNG"]'


def png_size(path) -> tuple[int, int]:
    import struct

    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_toolbar_has_no_cloud_button_and_the_png_stands_on_its_own(browser, server):
    _context, page, _watch = open_page(browser, f"{server}/Pledges_and_deployments?{SHARED}")
    page.wait_for_selector(PAGES["Pledges_and_deployments"], timeout=45_000)
    chart = page.locator(".hmt-chart").first
    chart.hover()
    page.wait_for_selector(PNG_BUTTON, state="attached", timeout=15_000)
    titles = page.locator(".hmt-chart .modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-title') || '')"
    )
    assert not [t for t in titles if re.search(r"share|cloud|chart studio|edit|json", t, re.I)], titles
    assert page.locator(".hmt-chart .modebar-btn--logo, .hmt-chart a[href*='plotly.com']").count() == 0
    assert page.locator(".hmt-chart .gtitle").count() == 0  # the title is text above the chart
    with page.expect_download(timeout=30_000) as download:
        page.locator(PNG_BUTTON).first.click()  # the pledge chart, the first of two
    assert download.value.suggested_filename == "haiti_mission_pledges_chart_20240601-20251002_KEN.png"
    width, height = png_size(download.value.path())
    figure_height = page.evaluate("() => document.querySelector('.hmt-chart')._fullLayout.height")
    assert width == 2400 and height > (figure_height + 100) * 2  # 1200 px at 2x, with a header and a footer


def sidebar_to(page, label: str, path: str):
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).click()
    page.wait_for_url(re.compile(f"/{path}"), timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)


def test_back_goes_back_one_view_per_press(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline?{SHARED}")
    entries = page.evaluate("() => history.length")  # the new tab's blank page, then Timeline
    sidebar_to(page, "Map", "Map")
    page.wait_for_function("() => location.search.includes('countries=KEN')", timeout=30_000)
    sidebar_to(page, "Funding", "Funding")
    page.wait_for_function("() => location.search.includes('countries=KEN')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    wait_settled(page)  # any late URL rewrite has landed: the run is over and the page drawn
    assert page.evaluate("() => history.length") == entries + 2  # one entry per view: no rewrite pushed its own
    page.go_back()
    page.wait_for_url(re.compile(r"/Map\?"), timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    assert page.url == f"{server}/Map?{SHARED}"
    open_filters(page)
    assert "KEN" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    assert page.get_by_role("heading", name="Contributing countries").count() == 1
    page.go_back()
    page.wait_for_url(re.compile(r"/Timeline\?"), timeout=30_000)
    assert page.url == f"{server}/Timeline?{SHARED}"
    watch.assert_clean()
    context.close()


def boxes_overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("path", ["Timeline", "Pledges_and_deployments", "Funding"])
def test_phone_chart_text_is_whole_and_clear_of_the_toolbar(browser, server, path):
    context, page, _ = open_page(browser, f"{server}/{path}", viewport=PHONE)
    page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
    chart = page.locator(".hmt-chart").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    page.wait_for_selector(".hmt-chart .modebar", state="visible", timeout=15_000)
    svg = chart.locator(".main-svg").first.bounding_box()
    toolbar = chart.locator(".modebar").first.bounding_box()
    for text in chart.locator(".infolayer .annotation-text, .infolayer .gtitle, .infolayer .legendtext").all():
        box = text.bounding_box()
        if not box or not text.text_content().strip():
            continue
        label = text.text_content()
        assert svg["x"] - 1 <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"] + 1, (
            f"{path}: '{label}' is cut at the edge"
        )
        assert not boxes_overlap(box, toolbar), f"{path}: the toolbar covers '{label}'"
    context.close()


def test_phone_shows_the_filters_without_opening_the_sidebar(browser, server):
    _context, page, _ = open_page(browser, f"{server}/Funding?{SHARED}", viewport=PHONE)
    line = page.locator('[data-testid="stCaptionContainer"]', has_text="Filters:").first
    line.wait_for(timeout=30_000)
    assert "1 Jun 2024 – 2 Oct 2025 · Kenya" in line.inner_text()
    box = line.bounding_box()
    assert box and box["y"] + box["height"] <= 844  # on the first screen


def test_an_old_link_is_rewritten_in_place(browser, server):
    # tab=Table and country= are old forms: the page shows them and rewrites the address bar
    # without adding a history entry.
    context, page, watch = open_page(
        browser, f"{server}/Funding?from=2024-06-01&to=2025-10-02&country=KEN&tab=Table&utm_source=x"
    )
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    page.wait_for_function("() => location.search.includes('tab=table')", timeout=30_000)
    assert page.url == f"{server}/Funding?{SHARED}&tab=table&utm_source=x"
    assert page.evaluate("() => history.length") == 2  # the new tab's blank page and this link
    watch.assert_clean()
    context.close()


def test_a_hostile_link_shows_no_markup(browser, server):
    hostile = urllib.parse.urlencode(
        {"from": "2024-01-01", "[x](https://ev.il)": "y" * 500, "**boldqq**": "1", "fbclid": "IwAR" + "x" * 600}
    )
    context, page, watch = open_page(browser, f"{server}/?{hostile}")
    overview_figures_any = page.locator('[data-testid="stMetricValue"]')
    overview_figures_any.first.wait_for(timeout=30_000)
    assert page.locator('a[href*="ev.il"]').count() == 0
    assert page.locator('[data-testid="stAlert"]').count() == 0  # nothing to say about them
    assert "boldqq" not in page.inner_text("body")
    watch.assert_clean()
    context.close()


@pytest.fixture(scope="module")
def prefixed_server():
    """The app under a path prefix, as behind a reverse proxy that serves it at /hmt/."""
    from browser_kit import FIXTURE_DATA, ROOT, start_streamlit, stop_streamlit

    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)}, base_path="hmt")
    yield url
    stop_streamlit(process)


@pytest.mark.parametrize("path, charts", [("Timeline", 1), ("Pledges_and_deployments", 2), ("Funding", 2)])
def test_every_chart_draws_under_a_path_prefix(browser, prefixed_server, path, charts):
    assert prefixed_server.endswith("/hmt")
    # Every country, so that Funding draws its donors chart too.
    context, page, watch = open_page(browser, f"{prefixed_server}/{path}?from=2024-06-01")
    page.wait_for_function(
        "n => document.querySelectorAll('.hmt-chart').length === n &&"
        " [...document.querySelectorAll('.hmt-chart')].every(c => c.querySelector('.point'))",
        arg=charts,
        timeout=45_000,
    )
    assert page.locator(".hmt-chart:has-text('could not be drawn')").count() == 0
    watch.assert_clean()
    context.close()


def test_a_chart_that_cannot_load_plotly_says_so_and_points_to_the_table(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    attempts = []

    def refuse(route):
        attempts.append(route.request.url)
        route.abort()

    page.route("**/app/static/vendor/plotly-basic-*.js*", refuse)
    page.goto(f"{server}/Funding?{SHARED}")
    page.wait_for_selector(".hmt-chart:has-text('could not be drawn')", timeout=45_000)
    text = page.locator(".hmt-chart").first.inner_text()
    assert "The Table tab above has the same data" in text
    assert len(attempts) == 2  # tried twice, not more
    page.get_by_role("tab", name="Table").click()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    context.close()


def test_the_map_shows_before_its_deck_and_without_webgl(browser, server):
    # Streamlit's deck.gl chunk refused: the SVG first paint is the map, at the map's size.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/DeckGlJsonChart*", lambda route: route.abort())
    page.goto(f"{server}/Map?{SHARED}")
    image = page.locator(".hmt-map-svg")
    image.wait_for(state="visible", timeout=45_000)
    page.wait_for_function("() => document.querySelector('.hmt-map-svg').complete", timeout=15_000)
    assert image.evaluate("img => img.naturalWidth > 0") and image.bounding_box()["height"] == 520
    context.close()
    # With the deck, the deck lies on top (its hover answers), in the same place.
    context, page, watch = open_page(browser, f"{server}/Map?{SHARED}")
    page.wait_for_selector(PAGES["Map"], state="visible", timeout=45_000)
    # deck.gl first shows its canvas at the browser's default 300 px and sizes it a frame later.
    page.wait_for_function(
        "(deck) => document.querySelector(deck).getBoundingClientRect().width !== 300", arg=PAGES["Map"], timeout=15_000
    )
    svg_box, deck_box = page.locator(".hmt-map-svg").bounding_box(), page.locator(PAGES["Map"]).bounding_box()
    assert (svg_box["x"], svg_box["y"], svg_box["width"]) == (deck_box["x"], deck_box["y"], deck_box["width"])
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('[data-testid=stDeckGlJsonChart]') !== null",
        [svg_box["x"] + svg_box["width"] / 2, svg_box["y"] + 100],
    )
    assert on_top
    watch.assert_clean()
    context.close()
