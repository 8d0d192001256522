"""Measure the dashboard against a bare one-line Streamlit page, on this machine, in one run.

    .venv/bin/python -m benchmarks [--runs 5] [--scales 1,10,100]

Prints, for each data scale: each page's time from navigation to its charts being visible
in a fresh browser context (median of --runs, after one warm-up visit) and its ratio to the
bare page; the server-side time of a filter change (median AppTest rerun); and, at scale 1,
the server's resident memory idle, with 1 and with 10 open sessions. Scaled data (10x, 100x)
is generated at run time into a temporary folder and never committed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import pathlib
import platform
import shutil
import statistics
import tempfile
import time

import psutil

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, start_streamlit
from tests.e2e.test_browser import PAGES, SHARED

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BARE_SELECTOR = '[data-testid="stMarkdownContainer"] >> text=hi'
TARGETS = {"plotly": 1.6, "map": 2.5}


def scaled_copy(factor: int, target: pathlib.Path) -> pathlib.Path:
    """data/ with every fact table (and the sources) repeated `factor` times under new ids."""
    shutil.copytree(ROOT / "data", target)
    id_columns = {"events.csv": "event_id", "contributions.csv": "entry_id", "strength.csv": "report_id", "funding.csv": "entry_id", "trust_fund.csv": "entry_id", "sources.csv": "source_id"}
    for file, id_column in id_columns.items():
        path = target / file
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        out = []
        for copy in range(factor):
            for row in rows:
                row = dict(row)
                if copy:
                    row[id_column] = f"{row[id_column]}x{copy}"
                    if file == "sources.csv":
                        row["url"] = f"{row['url']}{'&' if '?' in row['url'] else '?'}benchmark_copy={copy}"
                out.append(row)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
    return target


def time_to_visible(browser, url: str, selector: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(selector, state="visible", timeout=90_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def median_visible(browser, url, selector, runs) -> float:
    time_to_visible(browser, url, selector)  # warm-up: the first session pays the imports
    return statistics.median(time_to_visible(browser, url, selector) for _ in range(runs))


def rerun_ms(runs: int) -> float:
    """Server-side time of a filter change: AppTest reruns of the overview after a country change."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    choices = [["KEN"], ["JAM", "KEN"], [], ["GTM"], ["BEN", "TCD"]]
    timings = []
    for i in range(max(runs * 2, 10)):
        widget = at.multiselect(key="w_countries").set_value(choices[i % len(choices)])
        start = time.perf_counter()
        widget.run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def rss_mb(process) -> float:
    proc = psutil.Process(process.pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 1e6


def memory(browser, url) -> dict[str, float]:
    process = memory.process
    result = {"idle": rss_mb(process)}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"# Haiti Mission Tracker benchmark, {dt.date.today()}, {platform.node()}: {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, median of {args.runs} runs")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bare_process, bare_url = start_streamlit(ROOT / "benchmarks" / "bare_app.py")
        bare = median_visible(browser, bare_url, BARE_SELECTOR, args.runs)
        bare_process.terminate()
        print(f"bare page: {bare:.2f} s to visible")
        for scale in [int(s) for s in args.scales.split(",")]:
            env = {}
            if scale != 1:
                env["HMT_DATA_DIR"] = str(scaled_copy(scale, pathlib.Path(tmp) / f"data_x{scale}"))
            os.environ.update(env)
            process, url = start_streamlit(ROOT / "app.py", env)
            memory.process = process
            print(f"\n## data x{scale}")
            for path, selector in PAGES.items():
                seconds = median_visible(browser, f"{url}/{path}?{SHARED}", selector, args.runs)
                kind = "map" if path == "Map" else "plotly" if "plotly" in selector or "hmt-chart" in selector else "other"
                target = f" (target {TARGETS[kind]}x)" if kind in TARGETS else ""
                print(f"{path or 'Overview':26s} {seconds:5.2f} s  {seconds / bare:4.1f}x bare{target}")
            print(f"filter change, server rerun (AppTest, median): {rerun_ms(args.runs):.0f} ms (target 50 ms at x1, 150 ms at x100)")
            if scale == 1:
                for label, mb in memory(browser, url).items():
                    print(f"server RSS {label}: {mb:.0f} MB" + (" (target < 250 MB)" if label == "10 sessions" else ""))
            process.terminate()
            process.wait(timeout=10)
            for key in env:
                os.environ.pop(key)
        browser.close()


if __name__ == "__main__":
    main()
