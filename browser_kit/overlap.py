"""Collisions in drawn charts: the boxes of every chart text and mark, measured in the browser
(``BOXES``, run by Playwright's ``page.evaluate``), and the pairs that collide, found in plain
Python (``collisions``), so that the rule is unit-tested without a browser.

What collides (a reader cannot read it):
- a text over another text (annotations, tick labels, axis and legend texts, titles, buttons);
- a text over a data mark (a marker, a bar);
- a drawn line (a shape: a resolution line; a whisker) across a text, unless the text is on an opaque
  chip that hides the line under it;
- a mark cut by the edge of its plot area (half a marker).
Marks over marks and lines through marks are data, not collisions.
"""

from __future__ import annotations

from dataclasses import dataclass

from browser_kit import wait_settled

# In the browser: for each plotly chart on the page, the viewport boxes of its texts, marks,
# lines and plot areas. A text is named by its words, a mark by its trace's name and point
# number, a line by its shape number.
BOXES = r"""() => {
  const visible = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentNode) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    }
    return true;
  };
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
  const TEXTS = [
    '.infolayer g.annotation text', '.xaxislayer-above .xtick text', '.yaxislayer-above .ytick text',
    '.xtitle', '.ytitle', '.gtitle', '.legendtext', '.updatemenu-item-text', '.textpoint text', '.bartext',
  ].join(',');
  return [...document.querySelectorAll('.js-plotly-plot')].map((chart, number) => {
    const items = [];
    // A text on an opaque chip (an annotation's background): lines pass under it.
    const onChip = (el) => {
      const bg = el.closest('g.annotation')?.querySelector('rect.bg');
      return Boolean(bg) && Number(getComputedStyle(bg).fillOpacity) >= 0.8;
    };
    chart.querySelectorAll(TEXTS).forEach((el) => {
      const words = el.textContent.trim();
      if (words && visible(el)) items.push({ kind: 'text', name: words, box: box(el), chip: onChip(el) });
    });
    chart.querySelectorAll('.scatterlayer .trace').forEach((trace, t) => {
      const name = (trace.__data__ && trace.__data__[0] && trace.__data__[0].trace.name) || 'trace ' + t;
      trace.querySelectorAll('.points path.point').forEach((el, i) => {
        if (visible(el)) items.push({ kind: 'mark', name: `${name} #${i}`, box: box(el) });
      });
    });
    chart.querySelectorAll('.barlayer .trace').forEach((trace, t) => {
      const name = (trace.__data__ && trace.__data__[0] && trace.__data__[0].trace.name) || 'bars ' + t;
      trace.querySelectorAll('.point path').forEach((el, i) => {
        const b = box(el);
        if (visible(el) && b[2] > 0 && b[3] > 0) items.push({ kind: 'mark', name: `${name} bar #${i}`, box: b });
      });
    });
    chart.querySelectorAll('.shapelayer path').forEach((el, i) => {
      const b = box(el);
      // A line is thin in one direction; filled shapes (the phase bands) are backgrounds.
      if (visible(el) && (b[2] <= 3 || b[3] <= 3)) items.push({ kind: 'line', name: `line #${i}`, box: b });
    });
    // A whisker (a disputed range, drawn along its bar) is a line too: no label may sit on it.
    chart.querySelectorAll('.errorbar path').forEach((el, i) => {
      const b = box(el);
      if (visible(el) && (b[2] > 0 || b[3] > 0)) items.push({ kind: 'line', name: `whisker #${i}`, box: b });
    });
    chart.querySelectorAll('.bglayer rect.bg, .draglayer .nsewdrag').forEach((el) => {
      items.push({ kind: 'area', name: 'plot area', box: box(el) });
    });
    const title = chart.closest('figure')?.getAttribute('aria-label') || 'chart ' + number;
    return { chart: title, items };
  });
}"""


@dataclass(frozen=True)
class Item:
    """A measured box: ``kind`` is text, mark, line or area (a plot area); ``x, y, w, h`` in pixels."""

    kind: str
    name: str
    x: float
    y: float
    w: float
    h: float
    chip: bool = False  # a text on an opaque background, drawn above the lines

    @classmethod
    def of(cls, measured: dict) -> Item:
        return cls(measured["kind"], measured["name"], *measured["box"], chip=measured.get("chip", False))

    def overlap(self, other: Item) -> tuple[float, float]:
        """How far the two boxes overlap across and down (negative: a gap). A line (no width
        or no height) counts by how far inside the other box it runs: a line along a text's
        edge does not cross it."""
        return _overlap(self.x, self.w, other.x, other.w), _overlap(self.y, self.h, other.y, other.h)

    def inside(self, area: Item, tolerance: float) -> bool:
        return (
            self.x >= area.x - tolerance
            and self.y >= area.y - tolerance
            and self.x + self.w <= area.x + area.w + tolerance
            and self.y + self.h <= area.y + area.h + tolerance
        )

    def centre_in(self, area: Item) -> bool:
        cx, cy = self.x + self.w / 2, self.y + self.h / 2
        return area.x <= cx <= area.x + area.w and area.y <= cy <= area.y + area.h


def _overlap(start: float, length: float, other_start: float, other_length: float) -> float:
    if length <= THIN or other_length <= THIN:  # a line in this direction: its distance into the other
        (line, width), (low, span) = sorted(((start, length), (other_start, other_length)), key=lambda s: s[1])
        middle = line + width / 2
        return min(middle - low, low + span - middle)
    return min(start + length, other_start + other_length) - max(start, other_start)


THIN = 3  # pixels: a shape this thin across or down is a line


# Which kinds of boxes must not overlap: texts with anything, never marks with marks or lines.
CLASHING = {("text", "text"), ("text", "mark"), ("text", "line")}
# A text's box includes its line spacing, so two texts one above the other may touch by a
# fraction of a pixel without their letters meeting; overlaps up to this many pixels are not collisions.
TOLERANCE = 0.5


def collisions(items: list[dict] | list[Item], tolerance: float = TOLERANCE) -> list[str]:
    """Every colliding pair among ``items`` (``BOXES``' items, or ``Item``s), and every mark cut
    by the edge of the plot area it is drawn in, each as a sentence naming both."""
    items = [item if isinstance(item, Item) else Item.of(item) for item in items]
    drawn = [item for item in items if item.kind in ("text", "mark", "line")]
    found = []
    for i, first in enumerate(drawn):
        for second in drawn[i + 1 :]:
            kinds = tuple(sorted((first.kind, second.kind), key=["text", "mark", "line"].index))
            if kinds not in CLASHING or (kinds == ("text", "line") and (first.chip or second.chip)):
                continue
            across, down = first.overlap(second)
            if across > tolerance and down > tolerance:
                found.append(f"{first.kind} {first.name!r} overlaps {second.kind} {second.name!r}")
    areas = [item for item in items if item.kind == "area"]
    for mark in (item for item in items if item.kind == "mark"):
        home = [area for area in areas if mark.centre_in(area)]
        if home and not any(mark.inside(area, tolerance) for area in home):
            found.append(f"mark {mark.name!r} is cut by the edge of its plot area")
    return found


# True once every drawn chart has been laid out again at its box's width (plotly redraws a
# resized chart a moment after its box changes, so the page can look still before it does).
REDRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].every((chart) => {
  const svg = chart.querySelector('.main-svg');
  const drawn = svg && svg.getBoundingClientRect().width;
  return !chart.offsetWidth || (svg && Math.abs(drawn - chart.getBoundingClientRect().width) < 2);
})"""


def measure(page, width: int | None = None, height: int = 1000) -> list[dict]:
    """``BOXES`` on ``page`` (a Playwright page), at ``width`` px when given, once every chart is
    drawn again at that width and nothing moves any more."""
    if width is not None:
        page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(REDRAWN, polling="raf", timeout=15_000)
    wait_settled(page)
    return page.evaluate(BOXES)


def chart_collisions(charts: list[dict]) -> list[str]:
    """Every collision in ``charts`` (``measure``'s result), each named by its chart."""
    return [f"{chart['chart']}: {problem}" for chart in charts for problem in collisions(chart["items"])]
