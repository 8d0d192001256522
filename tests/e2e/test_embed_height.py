"""Issue #21, item 7: the embed snippet's height fits the view it embeds. The snippet is read
from the share box, its iframe put in a page as an article would, at a phone's and a desktop's
column width, and every chart of the embedded view must end inside the frame (without leaving
a large empty band below it). A Table tab's snippet is sized from its tables' rows: every table
must end inside the frame too."""

import html
import re

import pytest

from browser_kit.overlap import REDRAWN
from components import i18n
from components.i18n import _
from tests.e2e.test_browser import IDLE, SHARED, open_page, wait_settled

# One language per chart page (French has the longer labels, English the other page), and a
# Table tab: each case loads the share box and one embed, measured at two widths.
CASES = [
    ("Pledges_and_deployments", "&lang=fr"),
    ("Funding", ""),
    ("Map", "&tab=table"),
]
CHARTS, TABLES = ".hmt-chart", '[data-testid="stDataFrame"]'


def snippet_of(browser, url: str, lang: str) -> tuple[str, int]:
    context, page, _watch = open_page(browser, url)
    with i18n.language(lang):
        page.get_by_text(_("Share this view")).click()
    pre = page.locator(".share .snippet pre").first
    pre.wait_for(timeout=15_000)
    text = pre.text_content()
    context.close()
    src = html.unescape(re.search(r'src="([^"]+)"', text).group(1))
    return src, int(re.search(r'height="(\d+)"', text).group(1))


@pytest.mark.parametrize(("path", "extra"), CASES, ids=[f"{p}{e}" for p, e in CASES])
def test_the_embed_snippet_height_holds_every_chart(browser, server, path, extra):
    view = f"{server}/{path}?{SHARED.replace('countries=KEN', 'countries=')}{extra}"
    src, height = snippet_of(browser, view, "fr" if "lang=fr" in extra else "en")
    assert "embed=true" in src
    # One embed, measured in a desktop's column and then, resized, in a phone's: the embedded
    # page lays itself out again at the frame's new width, as a fresh one would.
    context = browser.new_context(viewport={"width": 740, "height": 900})
    page = context.new_page()
    page.set_content(
        f'<body style="margin:20px"><iframe src="{html.escape(src, quote=True)}" width="100%" '
        f'height="{height}" style="border:0"></iframe></body>'
    )
    frame = page.frames[1]
    frame.wait_for_selector(IDLE, timeout=30_000)
    shown = TABLES if "tab=table" in extra else CHARTS
    frame.wait_for_selector(f"{shown} canvas" if shown == TABLES else ".hmt-chart .main-svg", timeout=45_000)
    for width in (700, 360):
        page.set_viewport_size({"width": width + 40, "height": 900})
        frame.wait_for_function(REDRAWN, polling="raf", timeout=15_000)  # plotly has redrawn at the new width
        wait_settled(frame)
        page.wait_for_timeout(500)
        drawn = frame.evaluate(
            "(s) => Math.max(...[...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect().right))", shown
        )
        assert drawn <= width, (width, drawn)  # laid out again at the frame's width
        bottoms = frame.evaluate(
            "(s) => [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect().bottom)", shown
        )
        assert bottoms, "the embedded view draws its charts or tables"
        assert max(bottoms) <= height, (width, bottoms, height)  # every chart ends inside the frame
        assert height - max(bottoms) < 600, (width, bottoms, height)  # and the frame is not far taller
    context.close()
