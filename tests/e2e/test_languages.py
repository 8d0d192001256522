"""In Chromium: the language is part of the view, so it survives a page switch in the sidebar,
a reload and Back, and the switch in the sidebar changes it (and the URL); the sidebar's page
names are in the page's language."""

import re

from tests.e2e.test_browser import IDLE, PAGES, open_page, sidebar_to

FRENCH_PAGES = [
    "Vue d'ensemble",
    "Chronologie",
    "Carte",
    "Promesses et déploiements",
    "Financement",
    "Sources et méthode",
]


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def page_names(page) -> list[str]:
    nav = page.locator('[data-testid="stSidebarNav"] a')
    nav.first.wait_for(timeout=30_000)
    return [text.strip() for text in nav.all_inner_texts()]


def test_the_language_is_kept_across_navigation_reload_and_back(browser, server):
    context, page, watch = open_page(browser, f"{server}/?countries=KEN&lang=fr")
    assert heading(page) == "Suivi de la mission en Haïti"
    assert page_names(page) == FRENCH_PAGES
    sidebar_to(page, "Carte", "Map")
    page.wait_for_function("() => location.search.includes('lang=fr')", timeout=30_000)
    assert "countries=KEN" in page.url
    page.wait_for_selector("h1:has-text('Pays contributeurs')", timeout=30_000)
    assert page_names(page) == FRENCH_PAGES  # a page switch: the session's language, before the navigation
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)  # drawn before the page is left
    page.reload()
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector("h1:has-text('Pays contributeurs')", timeout=30_000)
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    assert "lang=fr" in page.url
    sidebar_to(page, "Chronologie", "Timeline")
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
    page.locator(".st-key-language_popover button").first.click()  # the switch's own popover
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Kreyòl ayisyen").click()
    page.wait_for_function("() => location.search.includes('lang=ht')", timeout=30_000)
    page.wait_for_selector("h1:has-text('Kwonoloji')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    assert page.get_by_role("tab", name="Grafik").count() == 1
    page.wait_for_selector('[data-testid="stSidebarNav"] a:has-text("Kwonoloji")', timeout=30_000)
    page.go_back()  # a change of language is a change of view: Back undoes it
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=30_000)
    page.wait_for_selector("h1:has-text('Timeline')", timeout=30_000)
    watch.assert_clean()
    context.close()
