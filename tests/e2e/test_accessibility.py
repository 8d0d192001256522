"""Accessibility in a real browser: axe-core on every page, each tab, desktop and phone (one visit,
resized); and a keyboard walk through a page, with a visible focus indicator at every stop.

axe-core is vendored (tests/e2e/vendor/axe.min.js, its version pinned in AXE_VERSION, MPL-2.0,
licence beside it), so the test needs no network. A failure prints each violation with its
rule, impact, the element's CSS selector and axe's own explanation.
"""

import pathlib

import pytest

from browser_kit import DESKTOP, IDLE, PAGES, PHONE, SHARED, TABBED, open_page, wait_settled

AXE_VERSION = "4.14.1"
AXE = pathlib.Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
VIEWS = [(path, "chart") for path in PAGES] + [(path, "table") for path in TABBED]


def run_axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))})))""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(
                f"- {v['id']} ({v['impact']}): {v['help']}\n    element: {node['target']}\n"
                f"    html: {node['html']}\n    {node['summary']}".replace("\n  Fix", "\n      Fix")
            )
    return f"{sum(len(v['nodes']) for v in violations)} failing nodes:\n" + "\n".join(lines)


def wait_drawn(page, path: str, tab: str) -> None:
    if tab == "table":
        page.wait_for_selector('[data-testid="stDataFrame"]', state="attached", timeout=45_000)
    else:
        page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    wait_settled(page)  # late style changes (a chart's resize, the sidebar's transition)


@pytest.mark.parametrize("path, tab", VIEWS, ids=[f"{p or 'Overview'}-{t}" for p, t in VIEWS])
def test_axe_finds_no_violation(browser, server, path, tab):
    # One visit per view, checked on a desktop's screen and then, resized, on a phone's: a
    # second visit would cost a page load and script run without checking anything more.
    query = SHARED + ("&tab=table" if tab == "table" else "")
    context, page, _ = open_page(browser, f"{server}/{path}?{query}", viewport=DESKTOP)
    found = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        wait_drawn(page, path, tab)
        found[name] = run_axe(page)
    context.close()
    assert not any(found.values()), "\n".join(f"{name}: {describe(v)}" for name, v in found.items() if v)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  // What a screen reader names it: its text without aria-hidden parts (a popover's chevron icon).
  const visible = e.cloneNode(true);
  visible.querySelectorAll('[aria-hidden=true]').forEach((hidden) => hidden.remove());
  const text = e.innerText && visible.textContent.trim()
    ? e.innerText.split('\\n').filter((line) => visible.textContent.includes(line.trim()) && line.trim()).pop()
    : e.innerText;
  const label = (e.getAttribute('aria-label') || e.getAttribute('data-title') || text || '').trim().split('\\n').pop();
  return {
    tag: e.tagName, role: e.getAttribute('role') || '', label: label.slice(0, 60),
    where: e.closest('[data-testid=stSidebar]') ? 'sidebar' : 'main',
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none',
    ringStyle: style.outlineStyle + ' ' + style.outlineWidth + ' / ' + style.boxShadow,
  };
}"""


def tab_through(page, limit: int = 80) -> list[dict]:
    """Every stop of the Tab key from the top of the page, once round."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop["label"] == stops[0]["label"] and stop["tag"] == stops[0]["tag"]):
            break
        stops.append(stop)
    return stops


def first(stops: list[dict], label_start: str) -> int:
    return next(i for i, s in enumerate(stops) if s["label"].startswith(label_start))


def test_keyboard_reaches_every_control_in_order_with_a_visible_focus_ring(browser, server):
    context, page, watch = open_page(browser, f"{server}/Funding?{SHARED}", viewport=DESKTOP)
    wait_drawn(page, "Funding", "chart")
    stops = tab_through(page)
    order = [f"{s['where']}: {s['tag']} {s['role']} '{s['label']}'" for s in stops]
    without_ring = [f"{o} ({s['ringStyle']})" for o, s in zip(order, stops, strict=True) if not s["ring"]]
    assert not without_ring, "focus not visible on:\n" + "\n".join(without_ring)
    # A sensible order: skip link, the pages, the filters, then the page itself, top to bottom.
    assert stops[0]["label"] == "Skip to main content", order
    sequence = [
        first(stops, "Funding"),  # the sidebar's page links
        first(stops, "Language · Langue · Lang"),  # the language switch's popover
        first(stops, "Filters"),  # the dates and countries' popover
        first(stops, "Terms used on this page"),
        first(stops, "Chart"),
        first(stops, "Download this chart as a PNG"),
        first(stops, "Download this data (CSV)"),
        first(stops, "Share this view"),
    ]
    assert sequence == sorted(sequence), "\n".join(order)
    assert {s["where"] for s in stops[1 : sequence[2] + 1]} == {"sidebar"}

    # The filters' popover opens from the keyboard, its controls take focus, and Escape closes it.
    page.locator(".st-key-filters_popover button").first.focus()
    page.keyboard.press("Enter")
    page.locator('[data-testid="stDateInput"] input').first.wait_for(state="visible", timeout=30_000)
    inside = tab_through(page)
    for label in ("year, From", "year, To", "Countries"):
        first(inside, label)
    page.keyboard.press("Escape")
    page.locator('[data-testid="stMultiSelect"]').first.wait_for(state="hidden", timeout=15_000)

    # The skip link skips: Enter on it moves focus into the main column.
    page.locator('[data-testid="stSkipToContent"] a, a:has-text("Skip to main content")').first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["where"] == "main"

    # Operable by keyboard: the chart's values are one key press away, in the Table tab.
    page.get_by_role("tab", name="Chart").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    page.wait_for_function("() => location.search.includes('tab=table')", timeout=30_000)
    # And the share box opens from the keyboard.
    page.locator("summary", has_text="Share this view").focus()
    page.keyboard.press("Enter")
    page.locator(".share a").first.wait_for(timeout=15_000)
    watch.assert_clean()
    context.close()
