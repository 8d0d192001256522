"""No chart text collides with another text, a mark or a line, on any page with a plotly chart, at a phone's,
a tablet's and a desktop's width, in each language (browser_kit/overlap.py measures the boxes
in Chromium and names every colliding pair).

On the live data (data/), as one of the few tests that read it: collisions come from how many
marks there are and how long the names are, which the fixture's handful of rows cannot show.
One server and one browser page for the whole matrix: each page and language is opened once
and measured at every width by resizing the viewport.
"""

import pytest

from browser_kit import IDLE, PAGES, PHONE, ROOT, open_page, start_streamlit, stop_streamlit
from browser_kit.overlap import chart_collisions, measure

# The Map is not here: it draws no plotly chart (its deck and first-paint SVG carry no text, and its
# legend is page text), so there is nothing on it this test could find colliding.
CHART_PAGES = ("Timeline", "Pledges_and_deployments", "Funding")
LANGUAGES = ("en", "fr", "ht")
WIDTHS = (390, 768, 1400)


def case(path, lang, width):
    return pytest.param(path, lang, width, id=f"{path}-{lang}-{width}px")


@pytest.fixture(scope="module")
def live_server():
    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(ROOT / "data")})
    yield url
    stop_streamlit(process)


@pytest.fixture(scope="module")
def measured(browser, live_server):
    """(page, language) -> {width: the charts' boxes}, each page and language opened once."""
    context, page, _watch = open_page(browser, live_server, viewport={"width": WIDTHS[-1], "height": 1000})
    cache = {}

    def at(path, lang, width):
        if (path, lang) not in cache:
            page.set_viewport_size({"width": WIDTHS[-1], "height": 1000})
            page.goto(f"{live_server}/{path}?lang={lang}")
            page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
            page.wait_for_selector(IDLE, timeout=30_000)
            cache[(path, lang)] = {w: measure(page, w) for w in WIDTHS}
        return cache[(path, lang)][width]

    yield at
    context.close()


@pytest.mark.parametrize(
    ("path", "lang", "width"), [case(p, lang, w) for p in CHART_PAGES for lang in LANGUAGES for w in WIDTHS]
)
def test_no_chart_text_collides(measured, path, lang, width):
    charts = measured(path, lang, width)
    assert charts and all(any(i["kind"] == "mark" for i in c["items"]) for c in charts), f"{path}: no chart drawn"
    problems = chart_collisions(charts)
    assert not problems, f"{path} at {width} px in {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("lang", "month", "tooltip"), [("fr", "juil. 2024", "Échelle automatique"), ("ht", "jiyè 2024", "Echèl otomatik")]
)
def test_month_labels_and_toolbar_tooltips_are_in_the_language(browser, live_server, lang, month, tooltip):
    context, page, watch = open_page(browser, f"{live_server}/Timeline?from=2024-06-01&to=2025-01-01&lang={lang}")
    page.wait_for_selector(PAGES["Timeline"], state="attached", timeout=45_000)
    ticks = page.locator(".hmt-chart .xaxislayer-above .xtick text").all_text_contents()
    assert month in ticks, ticks
    titles = page.locator(".hmt-chart .modebar-btn").evaluate_all("buttons => buttons.map((b) => b.dataset.title)")
    assert tooltip in titles and "Autoscale" not in titles, titles
    watch.assert_clean()
    context.close()


def test_a_phone_timeline_starts_with_the_mission_and_the_full_period_is_one_tap_away(browser, live_server):
    context, page, watch = open_page(browser, f"{live_server}/Timeline", viewport=PHONE)
    page.wait_for_selector(PAGES["Timeline"], state="attached", timeout=45_000)
    chart = page.locator(".hmt-chart").first

    def years():
        return {
            int(t[-4:]) for t in chart.locator(".xaxislayer-above .xtick text").all_text_contents() if t[-4:].isdigit()
        }

    assert min(years()) >= 2023  # the mission's events, not 2021's sparse context
    # the rows are named above themselves, not in a margin beside the plot
    assert chart.locator(".yaxislayer-above .ytick text").count() == 0
    assert chart.locator(".infolayer .annotation", has_text="UN Security Council").count() == 1
    chart.locator(".updatemenu-button").nth(1).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.hmt-chart .xtick text')].some((t) => t.textContent.endsWith('2022'))",
        timeout=10_000,
    )
    watch.assert_clean()
    context.close()
