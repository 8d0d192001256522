"""When an element first shows, by the page's own clock.

Playwright's waits poll with a growing back-off (0, 20, 50, 100 and 100 ms, then every 500 ms),
so a wait can return up to half a second after the element appeared: a benchmark timed by
when its waits return measures Playwright's polling as much as the page (seen here: a metric
drawn at 1.28 s by the page's clock was reported at 1.53 s). Instead, a script added to the
browser context checks on every animation frame, just before the browser paints, whether each
watched element is shown, and notes ``performance.now()``: milliseconds since the navigation
started. The benchmark waits as Playwright likes, then reads those times.

A target is shown when an element matching its CSS selector (and holding its text, if it has
one) has a box on the page and is not hidden; an image, once it is also decoded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from browser_kit import PAGES

WATCH_JS = """
(targets) => {
  const seen = (window.__hmtSeen = {});
  const shown = (target) => {
    for (const element of document.querySelectorAll(target.css)) {
      if (target.text && !element.textContent.includes(target.text)) continue;
      const box = element.getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if (target.image && !(element.complete && element.naturalWidth > 0)) continue;
      return true;
    }
    return false;
  };
  const tick = () => {
    for (const target of targets) {
      if (seen[target.css] === undefined && document.documentElement && shown(target)) {
        seen[target.css] = performance.now();
      }
    }
    if (targets.some((target) => seen[target.css] === undefined)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""


@dataclass(frozen=True)
class Target:
    css: str
    text: str = ""
    image: bool = False


def watch(context, *targets: Target) -> None:
    """Time ``targets`` on every page ``context`` opens from now on."""
    context.add_init_script(f"({WATCH_JS})({json.dumps([asdict(t) for t in targets])});")


def seconds_to(page, target: Target, timeout_ms: int = 90_000) -> float:
    """Seconds from the navigation's start to ``target`` first shown on ``page``."""
    page.wait_for_function(
        "css => window.__hmtSeen && window.__hmtSeen[css] !== undefined", arg=target.css, timeout=timeout_ms, polling=50
    )
    return page.evaluate("css => window.__hmtSeen[css]", target.css) / 1000


# The benchmarks' targets: the bare page's line; each page's e2e selector, except the map,
# whose first paint is its SVG image (components/map_svg.py) and whose deck, drawn over it, is
# timed as "later".
BARE = Target('[data-testid="stMarkdownContainer"]', text="hi")
FIRST_PAINT = {"Map": Target(".hmt-map-svg", image=True)}
LATER = {"Map": Target(PAGES["Map"])}
