"""The time slider with Play on Pledges and deployments, in Chromium: Play draws every month in
the browser from frames sent once, stops at the newest fact or when the reader touches anything,
and the month it stops on becomes the link's ``to`` with one history entry. The steps per second
are recorded (``record_property``), not timed against a limit."""

import re
import time

from browser_kit import IDLE, open_drawn

PLAYER = ".hmt-player"
STEPS = "() => (window.hmtPlayerSteps || [])"


def button_says(page, text: str) -> None:
    page.wait_for_function(
        f"() => {{ const b = document.querySelector('{PLAYER} button'); return b && b.textContent === '{text}'; }}",
        timeout=90_000,
    )


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)
    time.sleep(1.0)
    page.wait_for_selector(IDLE, timeout=30_000)


def test_play_draws_every_month_in_the_browser_and_the_link_holds_where_it_stops(browser, server, record_property):
    context, page, watch = open_drawn(
        browser, f"{server}/Pledges_and_deployments?to=2024-06-30", "Pledges_and_deployments"
    )
    slider = page.locator(f"{PLAYER} input[type=range]")
    assert slider.get_attribute("aria-valuetext") == "June 2024"
    assert page.locator(f"{PLAYER} label").text_content() == "As of"
    first_index = int(slider.input_value())
    history = page.evaluate("history.length")

    # Play from the keyboard: the first press asks the server once for the frames, then every
    # step is drawn in the browser up to the newest fact.
    page.locator(f"{PLAYER} button").focus()
    page.keyboard.press("Enter")
    button_says(page, "Play")
    steps = page.evaluate(STEPS)
    indices = [step["index"] for step in steps]
    assert indices == list(range(first_index, int(slider.get_attribute("max")) + 1)), indices  # every step drawn
    seconds = (steps[-1]["at"] - steps[0]["at"]) / 1000
    rate = (len(steps) - 1) / seconds
    record_property("player_steps_per_second", round(rate, 2))
    print(f"time player: {len(steps)} steps in {seconds:.1f} s, {rate:.2f} steps per second")
    settle(page)
    # Stopped on the newest fact: the view follows new data again (no `to`), one history entry.
    assert "to=" not in page.url and page.evaluate("history.length") == history + 1
    assert page.locator(f"{PLAYER} .hmt-player-status").get_attribute("aria-live") == "polite"
    assert "Showing" in page.locator(f"{PLAYER} .hmt-player-status").text_content()

    # Play again (from the first month), then touch the page: it stops on the month shown,
    # which the link then holds.
    page.evaluate("window.hmtPlayerSteps = []")
    page.locator(f"{PLAYER} button").click()
    page.wait_for_function("() => (window.hmtPlayerSteps || []).length >= 3", timeout=30_000)
    page.mouse.click(5, 300)  # anywhere else on the page
    button_says(page, "Play")
    shown = slider.get_attribute("aria-valuetext")
    settle(page)
    month = re.search(r"to=(\d{4}-\d{2}-\d{2})", page.url)
    assert month, page.url
    assert page.evaluate("history.length") == history + 2
    assert slider.get_attribute("aria-valuetext") == shown

    # The slider by keyboard: arrows move it, one history entry once it rests; Back goes back.
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    settle(page)
    moved = re.search(r"to=(\d{4}-\d{2}-\d{2})", page.url).group(1)
    assert moved > month.group(1) and page.evaluate("history.length") == history + 3
    assert page.evaluate("document.activeElement.type") == "range"  # the focus stays on the slider
    page.go_back()
    settle(page)
    assert f"to={month.group(1)}" in page.url
    watch.assert_clean()
    context.close()


def test_the_player_speaks_the_pages_language(browser, server):
    context, page, watch = open_drawn(
        browser, f"{server}/Pledges_and_deployments?to=2024-06-30&lang=fr", "Pledges_and_deployments"
    )
    assert page.locator(f"{PLAYER} button").text_content() == "Lecture"
    assert page.locator(f"{PLAYER}").get_attribute("aria-label") == "Temps"
    assert page.locator(f"{PLAYER} input[type=range]").get_attribute("aria-valuetext") == "juin 2024"
    watch.assert_clean()
    context.close()


def test_the_map_plays_in_the_browser_and_stops_where_the_reader_touches(browser, server):
    context, page, watch = open_drawn(browser, f"{server}/Map?to=2024-09-30", "Map")
    page.evaluate("window.hmtPlayerSteps = []")
    page.locator(f"{PLAYER} button").click()
    page.wait_for_function("() => (window.hmtPlayerSteps || []).length >= 3", timeout=90_000)
    assert page.locator(".hmt-map-frames svg circle").count() > 1  # the month's circles, over the map
    page.mouse.click(5, 400)
    button_says(page, "Play")
    shown = page.locator(f"{PLAYER} input[type=range]").get_attribute("aria-valuetext")
    settle(page)
    assert re.search(r"to=\d{4}-\d{2}-\d{2}", page.url), page.url
    assert page.locator(".hmt-map-frames").count() == 0  # the page's own map shows the chosen month
    assert page.locator(f"{PLAYER} input[type=range]").get_attribute("aria-valuetext") == shown
    watch.assert_clean()
    context.close()
