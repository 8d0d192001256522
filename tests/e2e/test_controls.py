"""Issue #21, in Chromium: the sidebar's controls behave. The language switch's button stays on
one line in every language, on a phone and on a wide screen; the Filters popover keeps the width
it opens with when countries are chosen, and its country list closes after a choice (by click or
by Enter) while the popover stays open."""

import pytest

from components.i18n import LANGUAGES
from tests.e2e.test_browser import IDLE, open_filters, open_page, wait_settled

POPOVER_BODY = '[data-testid="stPopoverBody"]:has(.st-key-w_countries)'
COUNTRIES = ".st-key-w_countries input"


def open_sidebar(page) -> None:
    """On a phone the sidebar starts closed behind "»"."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count() and expand.first.is_visible():
        expand.first.click()
    page.locator(".st-key-language_popover button").first.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=10_000)  # measured in its font
    wait_settled(page)  # the sidebar has stopped sliding in


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_language_switch_is_on_one_line(browser, server, lang, width):
    context, page, watch = open_page(browser, f"{server}/?lang={lang}", viewport={"width": width, "height": 900})
    open_sidebar(page)
    button = page.locator(".st-key-language_popover button").first
    text = button.locator("p").first
    line = float(text.evaluate("(p) => parseFloat(getComputedStyle(p).lineHeight)"))
    assert text.bounding_box()["height"] < 1.5 * line, text.inner_text()  # one line
    assert text.evaluate("(p) => p.scrollWidth <= p.closest('button').clientWidth")  # and inside its button
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("width", [390, 1400])
def test_the_country_list_closes_after_a_choice_and_the_filters_keep_their_width(browser, server, width):
    context, page, watch = open_page(browser, f"{server}/Timeline?lang=fr", viewport={"width": width, "height": 900})
    open_sidebar(page)
    open_filters(page)
    body = page.locator(POPOVER_BODY)
    opened_width = body.bounding_box()["width"]
    page.locator(COUNTRIES).click()
    page.wait_for_selector('[role="listbox"]', timeout=10_000)
    assert body.bounding_box()["width"] == opened_width  # focusing the box does not widen it
    page.keyboard.type("Keny")
    page.locator('[role="option"]').first.click()  # by click (or tap)
    page.wait_for_function("() => location.search.includes('countries=KEN')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector('[role="listbox"]', state="detached", timeout=10_000)
    assert body.is_visible() and body.bounding_box()["width"] == opened_width
    page.locator(COUNTRIES).click()
    page.wait_for_selector('[role="listbox"]', timeout=10_000)
    page.keyboard.type("Jama")
    page.keyboard.press("Enter")  # by keyboard
    page.wait_for_function("() => location.search.includes('JAM')", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_selector('[role="listbox"]', state="detached", timeout=10_000)
    assert body.is_visible() and body.bounding_box()["width"] == opened_width
    assert page.evaluate("() => document.activeElement.closest('.st-key-w_countries') !== null")  # focus kept
    watch.assert_clean()
    context.close()
