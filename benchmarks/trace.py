"""Where a page's load time goes, from Chromium's own performance trace.

``breakdown(browser, url, target)`` opens the page in a fresh context with tracing on and
returns, in milliseconds: network time and bytes per file group (from the Resource Timing
entries), script compile, evaluation and later function calls per file group, style, layout
and paint (from the trace's devtools.timeline events), and the time to the target being
visible. File groups: Streamlit's main bundle, its other chunks, plotly.js, deck.gl, other.

Compile events are nested inside evaluation, so "compile" is part of "evaluate", not extra.
"""

from __future__ import annotations

import json
from collections import defaultdict

CATEGORIES = ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline", "blink.user_timing"]
SCRIPT_EVENTS = {
    "EvaluateScript": "evaluate",
    "v8.evaluateModule": "evaluate",
    "v8.compile": "compile",
    "v8.compileModule": "compile",
    "FunctionCall": "calls",
}
RENDER_EVENTS = {
    "UpdateLayoutTree": "style",
    "Layout": "layout",
    "Paint": "paint",
    "PrePaint": "paint",
    "Layerize": "paint",
}


def file_group(url: str) -> str:
    if "plotly" in url:
        return "plotly.js"
    if "DeckGl" in url or "deck" in url.lower():
        return "deck.gl"
    if "/static/js/index" in url:
        return "streamlit main bundle"
    if "/static/js/" in url or "/static/css/" in url:
        return "streamlit chunks"
    return "other"


def _event_url(event: dict) -> str:
    data = event.get("args", {}).get("data", {}) or {}
    return data.get("url") or data.get("scriptName") or event.get("args", {}).get("fileName", "") or ""


def summarise(trace: dict, resources: list[dict]) -> dict:
    """The breakdown from a trace (Chromium's JSON) and the page's Resource Timing entries."""
    scripts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    render: dict[str, float] = defaultdict(float)
    for event in trace.get("traceEvents", []):
        name, duration = event.get("name"), event.get("dur", 0) / 1000
        if name in SCRIPT_EVENTS and duration:
            scripts[file_group(_event_url(event))][SCRIPT_EVENTS[name]] += duration
        elif name in RENDER_EVENTS and duration:
            render[RENDER_EVENTS[name]] += duration
    network: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in resources:
        group = network[file_group(entry["name"])]
        group["requests"] += 1
        group["kilobytes"] += entry.get("transferSize", 0) / 1000
        group["ms"] = max(group["ms"], entry.get("responseEnd", 0) - entry.get("startTime", 0))
    rounded = lambda d: {k: round(v, 1) for k, v in d.items()}  # noqa: E731
    return {
        "scripts": {g: rounded(v) for g, v in scripts.items()},
        "render_ms": rounded(render),
        "network": {g: rounded(v) for g, v in network.items()},
    }


def breakdown(browser, url: str, target) -> dict:
    """``target``: a benchmarks.visible.Target, timed by the page's own clock."""
    from benchmarks.visible import seconds_to, watch

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch(context, target)
    page = context.new_page()
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="commit")
    visible_ms = seconds_to(page, target) * 1000
    resources = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => ({name: e.name, transferSize: e.transferSize,"
        " startTime: e.startTime, responseEnd: e.responseEnd}))"
    )
    trace = json.loads(browser.stop_tracing())
    context.close()
    return {"visible_ms": round(visible_ms), **summarise(trace, resources)}
