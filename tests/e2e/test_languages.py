"""In Chromium: the language is part of the view, so it survives a page switch in the sidebar,
a reload and Back, and the switch in the sidebar changes it (and the URL)."""

import re

from tests.e2e.test_browser import IDLE, PAGES, open_page, sidebar_to


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_the_language_is_kept_across_navigation_reload_and_back(browser, server):
    context, page, watch = open_page(browser, f"{server}/?countries=KEN&lang=fr")
    assert heading(page) == "Suivi de la mission en Haïti"
    sidebar_to(page, "Map", "Map")
    page.wait_for_function("() => location.search.includes('lang=fr')", timeout=30_000)
    assert "countries=KEN" in page.url
    page.wait_for_selector("h1:has-text('Pays contributeurs')", timeout=30_000)
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)  # drawn before the page is left
    page.reload()
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector("h1:has-text('Pays contributeurs')", timeout=30_000)
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    assert "lang=fr" in page.url
    sidebar_to(page, "Timeline", "Timeline")
    page.wait_for_selector("h1:has-text('Chronologie')", timeout=30_000)
    page.wait_for_selector(PAGES["Timeline"], state="attached", timeout=45_000)
    page.go_back()
    page.wait_for_url(re.compile(r"/Map\?"), timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector("h1:has-text('Pays contributeurs')", timeout=30_000)
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    assert "lang=fr" in page.url
    watch.assert_clean()
    context.close()


def test_the_sidebar_switch_changes_the_language_and_the_url(browser, server):
    context, page, watch = open_page(browser, f"{server}/Timeline")
    assert heading(page) == "Timeline"
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Kreyòl ayisyen").click()
    page.wait_for_function("() => location.search.includes('lang=ht')", timeout=30_000)
    page.wait_for_selector("h1:has-text('Kwonoloji')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    assert page.get_by_role("tab", name="Grafik").count() == 1
    page.go_back()  # a change of language is a change of view: Back undoes it
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=30_000)
    page.wait_for_selector("h1:has-text('Timeline')", timeout=30_000)
    watch.assert_clean()
    context.close()
