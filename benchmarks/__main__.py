"""Measure the dashboard against a bare one-line Streamlit page, on this machine, in one run.

    .venv/bin/python -m benchmarks [--runs 5] [--scales 1,10,100]

Prints, for each data scale:
- each page's time from navigation to its charts being visible in a fresh browser context,
  and its ratio to the bare page. Page and bare visits alternate (bare, page, bare, page...),
  so both see the same machine; times are medians of --runs after one warm-up visit, and the
  ratio is the median of the ratios of each adjacent pair;
- the time to load and check the data from scratch (what the first visitor waits for);
- the server-side time of a filter change on every page: a median of AppTest reruns, each to
  a country selection not seen before (so no cache can answer it), and, for comparison, the
  round trip a browser sees (from its message to the server's last reply, over the websocket);
- at scale 1, the server's resident memory idle (before any visit), with 1 and with 10 open
  sessions.
Scaled data (10x, 100x) is generated at run time into a temporary folder, never committed.

Every run also writes its results, with the machine's facts and every raw sample, to
``benchmarks/history/<UTC time>.json``, with the commit it measured; commit that file. The
tables of docs/performance.md are generated from the committed files by ``python -m
benchmarks.report --write`` (ranges over runs are computed there), and ``tests/test_docs.py``
fails when docs/performance.md and the files disagree. ``--trace`` adds a per-page breakdown from
Chromium's own performance trace.

Then, unless --skip-network, the page-weight and slow-network part (benchmarks/network.py:
bytes and time to chart, first and repeat visit, direct and through deploy/'s nginx, on
loopback and at 1.6 Mbit/s with 150 ms round trip), which writes its JSON into
benchmarks/network_results/. It also runs alone: python -m benchmarks.network.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import json
import os
import pathlib
import platform
import shutil
import statistics
import tempfile
import time

import psutil

from benchmarks.visible import BARE, FIRST_PAINT, LATER, Target, seconds_to, watch
from browser_kit import CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, SHARED, open_filters, start_streamlit
from components import site

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TARGETS = {"plotly": 1.6, "map": 2.5}


def scaled_copy(factor: int, target: pathlib.Path) -> pathlib.Path:
    """data/ with every fact table (and the sources) repeated `factor` times under new ids."""
    shutil.copytree(ROOT / "data", target)
    id_columns = {
        "events.csv": "event_id",
        "contributions.csv": "entry_id",
        "strength.csv": "report_id",
        "funding.csv": "entry_id",
        "trust_fund.csv": "entry_id",
        "sources.csv": "source_id",
    }
    for file, id_column in id_columns.items():
        path = target / file
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        out = []
        for copy in range(factor):
            for row in rows:
                row = dict(row)
                if copy:
                    original = row[id_column]
                    row[id_column] = f"{original}x{copy}"
                    if file == "sources.csv":
                        # One page per source: each copy's addresses carry the copy's number.
                        for column in ("url", "canonical_url"):
                            if row.get(column):
                                row[column] += f"{'&' if '?' in row[column] else '?'}benchmark_copy={copy}"
                        row["alternate_urls"] = ""
                    if file == "events.csv":
                        row["resolution"] = ""  # a resolution is adopted once: only the original row names it
                    if file in ("contributions.csv", "funding.csv"):
                        # Each copy restates the one before, so the ledgers' arithmetic (and the
                        # validator's rules on it) stays that of the real data, on 10x the rows.
                        # A row that replaces others replaces their copies too (C30 replaces C28 in each copy).
                        own = original if copy == 1 else f"{original}x{copy - 1}"
                        replaced = [f"{other}x{copy}" for other in row["supersedes"].split(";") if other]
                        row["supersedes"] = ";".join([own, *replaced])
                out.append(row)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
    return target


def time_to_visible(browser, url: str, target: Target, later: Target | None = None) -> tuple[float, float | None]:
    """Seconds from the navigation's start to ``target`` shown, and to ``later`` shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch(context, *[t for t in (target, later) if t])
    page = context.new_page()
    page.goto(url, wait_until="commit")
    first = seconds_to(page, target)
    then = seconds_to(page, later) if later else None
    context.close()
    return first, then


def paired_visible(browser, bare_url, url, target: Target, runs, later: Target | None = None) -> dict:
    """Median seconds to visible for the bare page and this page, visited alternately, and
    the median of each pair's ratio. This machine drifts (the bare page alone ranges from 1.0
    to 1.9 s within a minute); a pair's two visits are seconds apart, so their ratio cancels
    most of the drift that separate medians would keep."""
    time_to_visible(browser, url, target)  # warm-up: the first session pays the imports
    bare, page, then = [], [], []
    for _ in range(runs):
        bare.append(time_to_visible(browser, bare_url, BARE)[0])
        first, second = time_to_visible(browser, url, target, later)
        page.append(first)
        then.append(second)
    result = {
        "selector": target.css,
        "clock": "page",
        "bare_s": bare,
        "page_s": page,
        "ratio": statistics.median(p / b for p, b in zip(page, bare, strict=True)),
    }
    if later:
        result |= {
            "later_selector": later.css,
            "later_s": then,
            "later_ratio": statistics.median(t / b for t, b in zip(then, bare, strict=True)),
        }
    return result


def warm_visible(browser, url: str, target: Target, runs: int) -> list[float]:
    """Second visits in one context (browser cache filled): what a reader clicking between
    pages sees."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch(context, target)
    page = context.new_page()
    page.goto(url, wait_until="commit")
    seconds_to(page, target)
    timings = []
    for _ in range(runs):
        page.goto(url, wait_until="commit")
        timings.append(seconds_to(page, target))
    context.close()
    return timings


# The script AppTest reruns for each page: app.py for the default page (it runs the navigation).
PAGE_FILES = {page.route: "app.py" if page is site.PAGES[0] else page.file for page in site.PAGES}
# Country selections that grow one country at a time: each filter change asks for a view
# the server has not built before.
ADDED_COUNTRIES = ["JAM", "GTM", "SLV", "BHS", "BLZ", "BEN", "TCD", "BGD", "BRB", "CAN", "ESP", "USA"]


def rerun_ms(page_file: str, runs: int) -> list[float]:
    """Server-side time of a filter change: median AppTest rerun after a country is added."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page_file), default_timeout=300)
    at.query_params.update({"countries": "KEN"})
    at.run()
    timings, chosen = [], ["KEN"]
    for code in ADDED_COUNTRIES[: max(runs * 2, 10)]:
        chosen.append(code)
        widget = at.multiselect(key="w_countries").set_value(list(chosen))
        start = time.perf_counter()
        widget.run()
        timings.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return timings


COUNTRY_NAMES = {
    "JAM": "Jamaica",
    "GTM": "Guatemala",
    "SLV": "El Salvador",
    "BHS": "Bahamas",
    "BLZ": "Belize",
    "BEN": "Benin",
    "TCD": "Chad",
}


def round_trip_ms(browser, url: str, changes: int = 5) -> list[float]:
    """What a browser waits for a filter change: from its message to the server's last reply."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    frames: list[tuple[str, float]] = []
    cdp.on("Network.webSocketFrameSent", lambda e: frames.append(("sent", e["timestamp"])))
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(("received", e["timestamp"])))
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(1000)
    box = page.locator('[data-testid="stMultiSelect"] input')
    timings = []
    for code, name in list(COUNTRY_NAMES.items())[:changes]:
        open_filters(page)  # Escape, below, closes the Filters popover
        frames.clear()
        box.click()
        box.fill(name)
        page.keyboard.press("Enter")
        page.wait_for_function("code => decodeURIComponent(location.search).includes(code)", arg=code, timeout=30_000)
        page.wait_for_selector(IDLE, timeout=90_000)
        page.wait_for_timeout(300)  # let the last replies arrive
        page.keyboard.press("Escape")
        sent = [t for kind, t in frames if kind == "sent"]
        received = [t for kind, t in frames if kind == "received"]
        if sent and received:
            timings.append((max(received) - min(sent)) * 1000)
    context.close()
    return timings


def load_seconds(data_dir: pathlib.Path) -> float:
    from components.data import load_dataset

    start = time.perf_counter()
    load_dataset(data_dir)
    return time.perf_counter() - start


def rss_mb(process) -> float:
    proc = psutil.Process(process.pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 1e6


def memory(browser, url) -> dict[str, float]:
    process = memory.process
    result = {}
    contexts = []
    for count in (1, 10):
        while len(contexts) < count:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/Timeline?{SHARED}")
            page.wait_for_selector(PAGES["Timeline"], state="attached", timeout=90_000)
            contexts.append(context)
        time.sleep(1)
        result[f"{count} sessions"] = rss_mb(process)
    for context in contexts:
        context.close()
    return result


def machine_facts(browser) -> dict:
    packages = {
        name: importlib.metadata.version(name) for name in ("streamlit", "plotly", "pandas", "pydeck", "playwright")
    }
    return {
        "host": platform.node(),
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30),
        "python": platform.python_version(),
        "chromium": browser.version,
        "packages": packages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument(
        "--trace", action="store_true", help="add a per-page breakdown from Chromium's performance trace (x1 only)"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/history/*.json")
    parser.add_argument("--skip-network", action="store_true", help="leave out the page-weight and slow-network part")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = dt.datetime.now(dt.UTC)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = {
            "started": started.isoformat(timespec="seconds"),
            "runs": args.runs,
            "machine": machine_facts(browser),
            "targets": {
                "plotly_ratio": TARGETS["plotly"],
                "map_ratio": TARGETS["map"],
                "rerun_ms_x1": 50,
                "rerun_ms_x100": 150,
                "memory_10_sessions_mb": 250,
            },
            "scales": {},
        }
        facts = results["machine"]
        from benchmarks.provenance import code_state

        results["code"] = code_state()  # the commit measured, and whether the tree had changes
        print(
            f"# Haiti Mission Tracker benchmark, {started:%Y-%m-%d %H:%M} UTC, {facts['host']}:"
            f" {facts['cores']} cores, {facts['memory_gib']} GiB,"
            f" Chromium {facts['chromium']}, median of {args.runs} runs"
        )
        bare_process, bare_url = start_streamlit(ROOT / "benchmarks" / "bare_app.py")
        # A bare page plus one chart: the floor under any chart page (benchmarks/floor_app.py).
        floor_process, floor_url = start_streamlit(
            ROOT / "benchmarks" / "floor_app.py", args=["--server.enableStaticServing", "true"]
        )
        results["floor"] = {}
        for name, query in (("a small chart", ""), ("the Timeline page's chart", f"?figure=timeline&{SHARED}")):
            floor = results["floor"][name] = paired_visible(
                browser, bare_url, floor_url + query, Target(PAGES["Timeline"]), args.runs
            )
            print(
                f"bare page plus {name} (a floor): {statistics.median(floor['page_s']):.2f} s,"
                f" {floor['ratio']:.1f}x the bare page"
            )
        floor_process.terminate()
        for scale in [int(s) for s in args.scales.split(",")]:
            data_dir = ROOT / "data" if scale == 1 else scaled_copy(scale, pathlib.Path(tmp) / f"data_x{scale}")
            env = {} if scale == 1 else {"HMT_DATA_DIR": str(data_dir)}
            os.environ.update(env)
            process, url = start_streamlit(ROOT / "app.py", env)
            idle_mb = rss_mb(process)
            result = results["scales"][str(scale)] = {"load_s": load_seconds(data_dir), "pages": {}}
            print(f"\n## data x{scale}")
            print(f"load and check the data from scratch: {result['load_s']:.2f} s")
            print(
                f"{'page':26s} {'visible':>8s} {'bare':>6s} {'ratio':>6s}"
                f" {'warm':>6s}  {'rerun':>7s} {'round trip':>10s}"
            )
            for path, selector in PAGES.items():
                page_url = f"{url}/{path}?{SHARED}"
                kind = "map" if path == "Map" else "plotly" if "hmt-chart" in selector else "other"
                target = FIRST_PAINT.get(path, Target(selector))
                visits = paired_visible(browser, bare_url, page_url, target, args.runs, LATER.get(path))
                goal = f" (target {TARGETS[kind]}x)" if kind in TARGETS else ""
                entry = result["pages"][path or "Overview"] = {
                    "kind": kind,
                    **visits,
                    "warm_s": warm_visible(browser, page_url, target, args.runs),
                    "rerun_ms": rerun_ms(PAGE_FILES[path], args.runs),
                    "round_trip_ms": round_trip_ms(browser, f"{url}/{path}?countries=KEN"),
                }
                if args.trace and scale == 1:
                    from benchmarks.trace import breakdown

                    entry["trace"] = breakdown(browser, page_url, target)
                print(
                    f"{path or 'Overview':26s} {statistics.median(entry['page_s']):6.2f} s"
                    f" {statistics.median(entry['bare_s']):4.2f} s {entry['ratio']:5.1f}x"
                    f" {statistics.median(entry['warm_s']):4.2f} s  {statistics.median(entry['rerun_ms']):4.0f} ms"
                    f" {statistics.median(entry['round_trip_ms']):7.0f} ms{goal}"
                )
            if args.trace and scale == 1:
                from benchmarks.trace import breakdown

                # The bare page's own breakdown, so each page's extra work can be read against it.
                result["bare_trace"] = breakdown(browser, bare_url, BARE)
            print("targets: filter change under 50 ms of server time at x1, under 150 ms at x100")
            if scale == 1:
                memory.process = process
                result["memory_mb"] = {"idle": idle_mb, **memory(browser, url)}
                for label, mb in result["memory_mb"].items():
                    print(f"server RSS {label}: {mb:.0f} MB" + (" (target < 250 MB)" if label == "10 sessions" else ""))
            process.terminate()
            process.wait(timeout=10)
            for key in env:
                os.environ.pop(key)
        bare_process.terminate()
        browser.close()
    if not args.no_save:
        from benchmarks.report import HISTORY

        HISTORY.mkdir(exist_ok=True)
        path = HISTORY / f"{started:%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(
            f"\nresults written to {path.relative_to(ROOT)}"
            "; refresh docs/performance.md with: python -m benchmarks.report --write"
        )
    if not args.skip_network:
        from benchmarks import network

        print()
        network.main([])


if __name__ == "__main__":
    main()
