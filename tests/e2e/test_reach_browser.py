"""Issue #11 in a real browser: the Overview's name in the sidebar, an embedded page without the
sidebar, the share box's snippets shown as text, the "new since this link" notice, and printing."""

import re

import pytest

from tests.e2e.test_browser import IDLE, PAGES, SHARED, open_drawn, open_page, open_share_box


def test_the_sidebar_calls_the_first_page_overview_and_old_addresses_work(browser, server):
    context, page, watch = open_page(browser, f"{server}/?{SHARED}")
    nav = page.locator('[data-testid="stSidebarNav"] a')
    nav.first.wait_for(timeout=30_000)
    assert [text.strip() for text in nav.all_inner_texts()] == [
        "Overview",
        "Timeline",
        "Map",
        "Pledges and deployments",
        "Funding",
        "Sources and method",
    ]
    assert "app" not in [text.strip() for text in nav.all_inner_texts()]
    for path in ("Timeline", "Map", "Pledges_and_deployments", "Funding", "Sources_and_method"):
        page.goto(f"{server}/{path}?{SHARED}")
        page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
        assert page.url == f"{server}/{path}?{SHARED}"
        # Let the page's lazy chunks finish: leaving mid-load aborts them, which would count as
        # failed requests below although a reader never sees it.
        page.wait_for_load_state("networkidle", timeout=30_000)
    nav.first.click()  # back to the Overview, at /
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/\?"), timeout=30_000)
    page.wait_for_selector(PAGES[""], timeout=30_000)
    watch.assert_clean()
    context.close()


def test_an_embedded_chart_has_no_sidebar_and_keeps_the_view(browser, server, screenshots):
    context, page, watch = open_drawn(
        browser, f"{server}/Pledges_and_deployments?{SHARED}&embed=true", "Pledges_and_deployments"
    )
    assert (
        page.locator('[data-testid="stSidebar"]').count() == 0
        or not page.locator('[data-testid="stSidebar"]').is_visible()
    )
    assert (
        page.locator(
            '[data-testid="stDateInput"], [data-testid="stMultiSelect"],'
            ' [data-testid="stDownloadButton"], [data-testid="stExpander"], [data-testid="stPopover"]'
        ).count()
        == 0
    )
    assert (
        page.locator('[data-testid="stToolbar"]').count() == 0
        or not page.locator('[data-testid="stToolbar"]').is_visible()
    )
    body = page.inner_text("body")
    assert "Showing: 1 Jun 2024 – 2 Oct 2025 · Kenya." in body and '"From" date has no effect' in body
    assert "embed=true" in page.url and "countries=KEN" in page.url  # left as it was
    page.screenshot(path=str(screenshots / "Pledges_and_deployments_embedded.png"), full_page=True)
    watch.assert_clean()
    context.close()


def test_share_box_shows_the_embed_snippet_and_citation_as_text(browser, server):
    context, page, watch = open_share_box(browser, f"{server}/Funding?{SHARED}")
    snippets = page.locator(".share .snippet pre")
    snippets.first.wait_for(timeout=15_000)
    embed, plain, bibtex = snippets.all_text_contents()
    assert embed.startswith(
        f'<iframe src="{server}/Funding?from=2024-06-01&amp;to=2025-10-02&amp;countries=KEN&amp;embed=true" title="'
    )
    assert page.locator(".share iframe").count() == 0  # shown as text, never rendered
    assert (
        f"{server}/Funding?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28" in plain
        and "Data version 2026-11-28" in plain
    )
    assert bibtex.startswith("@misc{hmt_funding_20261128,")
    page.locator(".share .snippet button").nth(1).click()
    page.wait_for_selector(".share .snippet .status:has-text('Copied')", timeout=10_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == plain
    watch.assert_clean()
    context.close()


def test_a_link_made_with_an_older_data_version_says_what_is_new(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline?{SHARED}&tab=table&v=2026-11-24")
    alert = page.locator('[data-testid="stAlert"]', has_text="added since this link was shared")
    alert.wait_for(timeout=30_000)
    assert "1 fact added since this link was shared (data version 2026-11-24" in alert.inner_text()
    newest = page.locator('[data-testid="stLinkButton"] a')
    assert newest.get_attribute("href") == f"{server}/Timeline?from=2024-06-01&countries=KEN&tab=table"
    assert "v=2026-11-24" in page.url  # a reload says the same
    watch.assert_clean()
    context.close()


def test_printing_gives_the_content_and_the_link_without_the_sidebar(browser, server, screenshots):
    context, page, watch = open_drawn(browser, f"{server}/Funding?{SHARED}", "Funding")
    printed = page.locator(".st-key-hmt_print_only")
    assert not printed.is_visible()  # on screen, the print block is hidden
    page.emulate_media(media="print")

    def display(selector: str) -> str:
        return page.locator(selector).first.evaluate("e => getComputedStyle(e).display")

    assert display('[data-testid="stSidebar"]') == "none"
    assert display('[data-testid="stHeader"]') == "none"
    assert display('[data-testid="stExpander"]') == "none" and display('[data-testid="stDownloadButton"]') == "none"
    assert printed.is_visible()
    text = printed.inner_text()
    assert (
        "Cite this view:" in text
        and f"{server}/Funding?from=2024-06-01&to=2025-10-02&countries=KEN&v=2026-11-28" in text
    )
    assert page.locator(".hmt-chart").first.is_visible() and page.get_by_role("heading", name="Funding").is_visible()
    assert display('[data-testid="stTabs"] [role="tablist"]') == "none"
    # The browser announces printing (beforeprint): charts wider than the A4 page's text
    # (186 mm: about 703 CSS px) are redrawn to fit it, and follow their container again after.
    right = "() => [...document.querySelectorAll('.hmt-chart .main-svg')].map(s => s.getBoundingClientRect().width)"
    assert min(page.evaluate(right)) > 703  # drawn for a 1280 px window
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(
        f"() => {{ const widths = ({right})(); return widths.length > 0 && Math.max(...widths) <= 703; }}",
        timeout=10_000,
    )
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (screenshots / "Funding_print.pdf").write_bytes(pdf)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(f"() => Math.min(...({right})()) > 703", timeout=10_000)
    watch.assert_clean()
    context.close()


@pytest.fixture
def fresh_server():
    """A server nobody has visited yet: its first request is for a page other than the Overview."""
    from browser_kit import FIXTURE_DATA, ROOT, start_streamlit, stop_streamlit

    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)})
    yield url
    stop_streamlit(process)


def test_a_shared_link_to_a_page_is_the_first_visit_after_a_restart(browser, fresh_server):
    # Streamlit finds pages/ before app.py has declared the navigation; without the page's own
    # declaration the sidebar listed "app" beside "Overview".
    context, page, watch = open_page(browser, f"{fresh_server}/Map?{SHARED}")
    page.wait_for_selector(IDLE, timeout=45_000)
    nav = page.locator('[data-testid="stSidebarNav"] a')
    nav.first.wait_for(timeout=30_000)
    assert [text.strip() for text in nav.all_inner_texts()] == [
        "Overview",
        "Timeline",
        "Map",
        "Pledges and deployments",
        "Funding",
        "Sources and method",
    ]
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    watch.assert_clean()
    context.close()
