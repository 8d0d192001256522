"""Page weight and slow networks: what a reader downloads, and how long the chart takes to
show, served directly by Streamlit and through the deploy/ stack (nginx, two replicas).

    .venv/bin/python -m benchmarks.network [--runs 1] [--profiles fast,slow] [--out benchmarks/network_results]

For every page (and the bare one-line Streamlit page, served the same way), per profile and
per route (direct, proxy): a first visit in a fresh browser context and a repeat visit in the
same context, each timed from navigation to the page's charts being shown (by the page's own
clock, benchmarks/visible.py; for the map, to its first paint, its SVG image, and apart to its
deck drawn over it), and the bytes the browser received until then (for the map, until its
deck shows): HTTP (CDP's encodedDataLength: headers and bodies as sent on
the wire, compressed when they were) and, apart, the websocket's message payloads (what the
app sends over the websocket, before any per-message compression).

Profiles: "fast" is this machine's loopback; "slow" is Chromium's network emulation at
1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip (CDP Network.emulateNetworkConditions).
A page's ratio is the median over runs of its time over the bare page's, the two visited one
after the other on the same route and profile.

Targets through the proxy (issue #12): a chart page's first visit transfers at most 1.5 MB and
the map page at most 2.5 MB; on the slow profile every chart page shows its chart within 1.5x
of the bare page; a repeat visit transfers under 100 kB (HTTP) before the chart shows.
Results are printed and written as JSON into --out.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import pathlib
import platform
import statistics

from benchmarks import visible
from browser_kit import CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, SHARED, Stack, start_streamlit

BARE = "bare"
PROFILES = {
    "fast": None,
    "slow": {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8},
}
MB = 1e6
TARGET_BYTES = {"chart": 1.5 * MB, "map": 2.5 * MB}
TARGET_SLOW_RATIO = 1.5
TARGET_REPEAT_BYTES = 100e3


def kind(path: str) -> str:
    """bare, map, chart (the plotly pages) or other (Overview's figures, the sources table)."""
    if path == BARE:
        return BARE
    return "map" if path == "Map" else "chart" if "hmt-chart" in PAGES[path] else "other"


class Meter:
    """Bytes a page received, from Chromium's own accounting (CDP Network domain)."""

    def __init__(self, page, conditions):
        self.finished: dict[str, int] = {}
        self.partial: dict[str, int] = {}
        self.websocket = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        if conditions:
            cdp.send("Network.emulateNetworkConditions", conditions)
        cdp.on(
            "Network.dataReceived",
            lambda e: self.partial.__setitem__(
                e["requestId"], self.partial.get(e["requestId"], 0) + e["encodedDataLength"]
            ),
        )
        cdp.on("Network.loadingFinished", lambda e: self.finished.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event):
        frame = event["response"]
        data = frame.get("payloadData", "")
        self.websocket += len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data.encode())

    def http_bytes(self) -> int:
        return sum(self.finished.values()) + sum(size for rid, size in self.partial.items() if rid not in self.finished)


def target_of(path: str) -> visible.Target:
    """What a page's "shown" waits for (benchmarks/visible.py): for the map, its first paint."""
    return visible.BARE if path == BARE else visible.FIRST_PAINT.get(path, visible.Target(PAGES[path]))


def visit(context, url: str, target: visible.Target, conditions, later: visible.Target | None = None) -> dict:
    """Seconds to ``target`` shown, by the page's own clock, and the bytes received by then;
    with ``later`` (the map's deck), also the seconds to it, and the bytes counted then."""
    page = context.new_page()
    meter = Meter(page, conditions)
    page.goto(url, wait_until="commit", timeout=180_000)
    result = {"seconds": round(visible.seconds_to(page, target, 180_000), 2)}
    if later:
        result["later_seconds"] = round(visible.seconds_to(page, later, 180_000), 2)
    result |= {"http_bytes": meter.http_bytes(), "websocket_bytes": meter.websocket}
    page.close()
    return result


def first_and_repeat(browser, url: str, path: str, conditions) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    target, later = target_of(path), visible.LATER.get(path)
    visible.watch(context, *[t for t in (target, later) if t])
    first = visit(context, url, target, conditions, later)
    repeat = visit(context, url, target, conditions, later)
    context.close()
    return {"first": first, "repeat": repeat}


FIELDS = ("seconds", "later_seconds", "http_bytes", "websocket_bytes")


def median_of(runs: list[dict], visit_kind: str, field: str) -> float:
    return statistics.median(run[visit_kind][field] for run in runs)


def measure(browser, routes: dict[str, dict[str, str]], profiles: list[str], runs: int) -> dict:
    results: dict = {}
    for profile in profiles:
        conditions = PROFILES[profile]
        for route, bases in routes.items():
            # A warm-up visit per server, so no measured visit pays the first session's imports.
            first_and_repeat(browser, f"{bases['app']}/Timeline?{SHARED}", "Timeline", None)
            first_and_repeat(browser, f"{bases['bare']}/", BARE, None)
            pages: dict[str, dict] = {}
            for path in [BARE, *PAGES]:
                page_runs, ratios = [], []
                for _ in range(runs):
                    bare = first_and_repeat(browser, f"{bases['bare']}/", BARE, conditions)
                    if path == BARE:
                        page_runs.append(bare)
                        continue
                    run = first_and_repeat(browser, f"{bases['app']}/{path}?{SHARED}", path, conditions)
                    page_runs.append(run)
                    ratios.append(run["first"]["seconds"] / bare["first"]["seconds"])
                name = path or "Overview"
                pages[name] = {
                    "kind": kind(path),
                    "first": {
                        field: median_of(page_runs, "first", field)
                        for field in FIELDS
                        if field in page_runs[0]["first"]
                    },
                    "repeat": {
                        field: median_of(page_runs, "repeat", field)
                        for field in FIELDS
                        if field in page_runs[0]["repeat"]
                    },
                    "ratio_to_bare_first": round(statistics.median(ratios), 2) if ratios else 1.0,
                    "runs": page_runs,
                }
                row = pages[name]
                print(
                    f"{profile:4s} {route:6s} {name:24s} first {row['first']['seconds']:6.2f} s"
                    f" {row['first']['http_bytes'] / MB:5.2f} MB (+ws {row['first']['websocket_bytes'] / 1e3:4.0f} kB)"
                    f"  x{row['ratio_to_bare_first']:4.2f}   repeat {row['repeat']['seconds']:6.2f} s"
                    f" {row['repeat']['http_bytes'] / 1e3:6.1f} kB"
                    f" (+ws {row['repeat']['websocket_bytes'] / 1e3:4.0f} kB)",
                    flush=True,
                )
            results.setdefault(profile, {})[route] = pages
    return results


def verdicts(results: dict) -> list[str]:
    lines = []
    proxy_first = results.get("fast", results.get("slow", {})).get("proxy", {})
    for name, row in proxy_first.items():
        if row["kind"] in TARGET_BYTES:
            limit = TARGET_BYTES[row["kind"]]
            got = row["first"]["http_bytes"]
            lines.append(
                f"first visit through the proxy, {name}: {got / MB:.2f} MB (target <= {limit / MB:.1f} MB)"
                f": {'met' if got <= limit else 'missed'}"
            )
    for name, row in results.get("slow", {}).get("proxy", {}).items():
        if row["kind"] in ("chart", "map"):
            ratio = row["ratio_to_bare_first"]
            lines.append(
                f"slow profile through the proxy, {name}: {ratio:.2f}x the bare page (target <= {TARGET_SLOW_RATIO}x)"
                f": {'met' if ratio <= TARGET_SLOW_RATIO else 'missed'}"
            )
    for profile, routes in results.items():
        for name, row in routes.get("proxy", {}).items():
            if row["kind"] in ("chart", "map"):
                got = row["repeat"]["http_bytes"]
                lines.append(
                    f"repeat visit through the proxy ({profile}), {name}: {got / 1e3:.1f} kB HTTP (target < 100 kB)"
                    f": {'met' if got < TARGET_REPEAT_BYTES else 'missed'}"
                )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profiles", default="fast,slow")
    parser.add_argument("--routes", default="direct,proxy")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "network_results"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    started = dt.datetime.now(dt.UTC)
    from benchmarks.provenance import code_state

    code = code_state()  # the commit measured, and whether the tree had changes
    print(
        f"# Page weight and slow networks, {started:%Y-%m-%d %H:%M} UTC, {platform.node()}:"
        f" {os.cpu_count()} cores, median of {args.runs} run(s)"
    )
    servers, stacks = [], []
    try:
        routes: dict[str, dict[str, str]] = {}
        wanted = args.routes.split(",")
        if "direct" in wanted:
            app, app_url = start_streamlit(ROOT / "app.py")
            bare, bare_url = start_streamlit(ROOT / "benchmarks" / "bare_app.py")
            servers += [app, bare]
            routes["direct"] = {"app": app_url, "bare": bare_url}
        if "proxy" in wanted:
            app_stack = Stack(replicas=2)
            stacks.append(app_stack)
            bare_stack = Stack(replicas=1, app="benchmarks/bare_app.py")
            stacks.append(bare_stack)
            routes["proxy"] = {"app": app_stack.url, "bare": bare_stack.url}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = measure(browser, routes, args.profiles.split(","), args.runs)
            browser_version = browser.version
            browser.close()
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=10)
        for stack in stacks:
            stack.stop()
    lines = verdicts(results)
    print("(Overview and Sources and method draw no chart: measured, no target.)")
    print("\n".join(lines))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{started:%Y-%m-%dT%H%M}Z.json"
    document = {
        "started": started.isoformat(timespec="seconds"),
        "code": code,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "chromium": browser_version},
        "profiles": {name: conditions for name, conditions in PROFILES.items() if name in args.profiles.split(",")},
        "runs": args.runs,
        "shared_link": SHARED,
        "results": results,
        "verdicts": lines,
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"written: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
