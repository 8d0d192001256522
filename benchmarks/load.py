"""Load test: N browser sessions at once, each changing filters and switching pages.

    .venv/bin/python -m benchmarks.load --sessions 10 [--seconds 60] [--ramp 30] [--out PATH]
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8080 --runtime .run/stack --sessions 50

Serves the dashboard on 127.0.0.1 (nothing else is contacted), or with ``--url`` uses a server
or stack that is already running there (deploy/start.sh; with ``--runtime``, its RUNTIME_DIR,
the report has each replica's memory, CPU and websocket sessions, from the pid files and
nginx's access log). It opens N Playwright contexts in
one headless Chromium, starting them evenly over --ramp seconds, and in each one switches page
in the sidebar, adds or removes a country, or switches between the Chart and Table tabs, one
action after another with no pause (a much busier user than a real one), for --seconds after
its first page is drawn. It reports:

- errors: an exception shown on a page, a console error, a failed request, a page that did not
  draw within the timeout (all counted, each kind listed);
- the time from an action to its view being drawn (a chart's points, the map's canvas, the
  figures or the table) and the script idle again: median, 95th percentile and slowest;
- the server's resident memory: idle, and the peak during the run (sampled every 0.2 s);
- the server's CPU time over the run, per action;
- each page run's server time (from open_page to page_footer, logged by components/page.py when
  HMT_RUN_LOG is set): median, 95th percentile and slowest (not with --url: the replicas
  were started without it).

The browser and the server share this machine's cores, so under load the browser's drawing
competes with the server: the times a user would see on their own machine are shorter. Every
loop is bounded in time: the run ends after --ramp plus --seconds plus at most four action
timeouts (120 s each).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import os
import pathlib
import platform
import random
import re
import statistics
import tempfile
import threading
import time
import urllib.parse

import psutil

from browser_kit import BASE_PATH_PROBE, CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, TABBED, start_streamlit
from components import site

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
NAV = {page.title: page.route for page in site.PAGES}  # the sidebar's labels (English) and where they lead
COUNTRIES = {
    "KEN": "Kenya",
    "JAM": "Jamaica",
    "GTM": "Guatemala",
    "SLV": "El Salvador",
    "BHS": "Bahamas",
    "BEN": "Benin",
    "TCD": "Chad",
    "BLZ": "Belize",
}
ACTION_TIMEOUT_MS = 120_000  # on a busy 2-core machine 25 fresh Chromium contexts take a while


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: list[str] = []
        self.actions = 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def drawn(page, path: str) -> None:
    """Wait until ``path``'s view is drawn and the script is idle."""
    # A tabbed page shows its chart or, with the Table tab open, its table.
    selector = PAGES[path] + (', [data-testid="stDataFrame"]' if path in TABBED else "")
    await page.wait_for_selector(selector, state="attached", timeout=ACTION_TIMEOUT_MS)
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)


def current_path(page, base: str) -> str:
    return page.url[len(base) + 1 :].split("?")[0]


async def session(browser, base: str, delay: float, seconds: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(delay)  # sessions arrive over the ramp-up, not all in the same instant
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on(
        "console",
        lambda m: (
            stats.errors.append(f"console: {m.text[:200]}")
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: stats.errors.append(f"page error: {str(e)[:200]}"))
    page.on(
        "response",
        lambda r: (
            stats.errors.append(f"HTTP {r.status}: {r.url[:120]}")
            if r.status >= 400 and not BASE_PATH_PROBE.match(r.url)
            else None
        ),
    )
    try:
        start = time.perf_counter()
        first = rng.choice(list(NAV.values()))
        await page.goto(f"{base}/{first}?countries=KEN", timeout=ACTION_TIMEOUT_MS)
        await drawn(page, first)
        stats.times["open a page"].append(time.perf_counter() - start)
        deadline = time.perf_counter() + seconds  # a minute of use once the first page is drawn
        while time.perf_counter() < deadline:
            try:
                await action(page, base, rng, stats)
            except Exception as error:  # a timeout: counted, then the session starts afresh
                stats.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
                await page.goto(f"{base}/?countries=KEN", timeout=ACTION_TIMEOUT_MS)
                await drawn(page, "")
    except Exception as error:  # the session could not even start again: counted
        stats.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
    finally:
        await context.close()


async def action(page, base: str, rng: random.Random, stats: Stats) -> None:
    """One user action, timed from the click to its view drawn."""
    path = current_path(page, base)
    kind = rng.choice(["page", "page", "country", "country"] + (["tab"] if path in TABBED else []))
    before = page.url
    start = time.perf_counter()
    if kind == "page":
        label = rng.choice([label for label, target in NAV.items() if target != path])
        await page.locator('[data-testid="stSidebarNav"] a').filter(has_text=re.compile(f"^{label}$")).click()
        path = NAV[label]
        await page.wait_for_function(
            "p => location.pathname.replace(/^\\/+/, '') === p", arg=path, timeout=ACTION_TIMEOUT_MS
        )
        name = "switch page"
    elif kind == "country":
        if not await page.locator('[data-testid="stMultiSelect"]').first.is_visible():  # the sidebar's Filters popover
            await page.locator(".st-key-filters_popover button").first.click()
            await page.locator('[data-testid="stMultiSelect"]').first.wait_for(
                state="visible", timeout=ACTION_TIMEOUT_MS
            )
        tags = await page.locator('[data-testid="stMultiSelect"] [aria-label*="Remove"]').count()
        if tags >= 3 or (tags and rng.random() < 0.4):
            await page.locator('[data-testid="stMultiSelect"] [aria-label*="Remove"]').first.click()
        else:
            chosen = await page.locator('[data-testid="stMultiSelect"]').inner_text()
            code = rng.choice([c for c in COUNTRIES if c not in chosen])
            box = page.locator('[data-testid="stMultiSelect"] input')
            await box.click()
            await box.fill(COUNTRIES[code])
            await page.keyboard.press("Enter")
            await page.keyboard.press("Escape")
        await page.wait_for_function("u => location.href !== u", arg=before, timeout=ACTION_TIMEOUT_MS)
        name = "change countries"
    else:
        table = "tab=table" in page.url
        await page.get_by_role("tab", name="Chart" if table else "Table").click()
        await page.wait_for_function("u => location.href !== u", arg=before, timeout=ACTION_TIMEOUT_MS)
        name = "switch tab"
    await drawn(page, path)
    if await page.locator('[data-testid="stException"]').count():
        stats.errors.append(f"exception shown on /{path}")
    stats.times[name].append(time.perf_counter() - start)
    stats.actions += 1


def rss_mb(process: psutil.Process) -> float:
    try:
        return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 1e6
    except psutil.Error:
        return 0.0


def sample_memory(servers: dict[str, psutil.Process], stop: threading.Event, peaks: dict[str, float]) -> None:
    while not stop.is_set():
        for name, process in servers.items():
            peaks[name] = max(peaks[name], rss_mb(process))
        stop.wait(0.2)


def cpu_seconds(servers: dict[str, psutil.Process]) -> dict[str, float]:
    times = {}
    for name, process in servers.items():
        try:
            times[name] = sum(process.cpu_times()[:2])
        except psutil.Error:
            times[name] = 0.0
    return times


def stack_replicas(runtime: pathlib.Path) -> dict[str, psutil.Process]:
    """The replica processes of a running deploy/start.sh stack, by address."""
    servers = {}
    for pid_file in sorted(runtime.glob("replica-*.child.pid")):
        number = pid_file.name.split(".")[0]
        address = (runtime / f"{number}.addr").read_text().strip()
        servers[address] = psutil.Process(int(pid_file.read_text()))
    return servers


def websockets_per_replica(access_log: pathlib.Path, offset: int) -> collections.Counter:
    """Sessions (websocket connections) per replica, from nginx's access log past ``offset``."""
    counts: collections.Counter = collections.Counter()
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode("utf-8", "replace").splitlines():
            if '"GET /_stcore/stream ' in line and (match := re.search(r"upstream=(\S+)", line)):
                counts[match.group(1).split(",")[-1].strip()] += 1
    return counts


async def run(
    sessions: int, seconds: float, ramp: float, url: str | None = None, runtime: pathlib.Path | None = None
) -> str:
    from playwright.async_api import async_playwright

    from benchmarks.provenance import as_line, code_state

    code = as_line(code_state())  # the commit measured, and whether the tree had changes
    run_log = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    process = None
    if url:
        base = url.rstrip("/")
        servers = stack_replicas(runtime) if runtime else {}
    else:
        process, base = start_streamlit(ROOT / "app.py", env={"HMT_RUN_LOG": str(run_log)})
        servers = {"server": psutil.Process(process.pid)}
    access_log = runtime / "logs" / "nginx-access.log" if runtime else None
    log_offset = access_log.stat().st_size if access_log and access_log.exists() else 0
    lines = []
    try:
        time.sleep(1)
        idle = {name: rss_mb(server) for name, server in servers.items()}
        peaks = dict(idle)
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(servers, stop, peaks), daemon=True)
        sampler.start()
        stats = Stats()
        cpu_before = cpu_seconds(servers)
        load_before = os.getloadavg()[0]
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            started = time.perf_counter()
            await asyncio.wait_for(
                asyncio.gather(
                    *(session(browser, base, ramp * seed / sessions, seconds, stats, seed) for seed in range(sessions))
                ),
                timeout=ramp + seconds + ACTION_TIMEOUT_MS / 1000 * 4,
            )
            elapsed = time.perf_counter() - started
            await browser.close()
        cpu_used = {name: seconds_after - cpu_before[name] for name, seconds_after in cpu_seconds(servers).items()}
        stop.set()
        sampler.join()
        runs = collections.defaultdict(list)
        if run_log.exists():
            for line in run_log.read_text(encoding="utf-8").splitlines():
                page, ms = line.rsplit(",", 1)
                runs[page].append(float(ms))
        all_runs = [ms for values in runs.values() for ms in values]
        all_times = [t for values in stats.times.values() for t in values]
        lines.append(
            f"# Load test, {dt.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}:"
            f" {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
        )
        lines.append(code)
        lines.append(
            f"sessions: {sessions}, arriving over {ramp:.0f} s, each for {seconds:.0f} s"
            f" (the run took {elapsed:.0f} s); server and Chromium on the same machine"
        )
        lines.append(
            "served by: "
            + (
                f"{base} ({len(servers)} replicas behind it)"
                if url
                else "one Streamlit server started by this benchmark"
            )
        )
        lines.append(
            f"machine load average (1 min): {load_before:.1f} at the start,"
            f" {os.getloadavg()[0]:.1f} at the end (other work on the machine counts too)"
        )
        lines.append(
            f"actions completed: {stats.actions} ({stats.actions / elapsed:.1f} per second)"
            f", page runs on the server: {len(all_runs)}"
        )
        lines.append(f"errors: {len(stats.errors)}")
        for error, count in collections.Counter(stats.errors).most_common(10):
            lines.append(f"  {count} x {error}")
        lines.append("time from an action to its view drawn (s): median / 95th percentile / slowest, count")
        for name, values in sorted(stats.times.items()):
            lines.append(
                f"  {name:18s} {statistics.median(values):6.2f} {percentile(values, 0.95):6.2f}"
                f" {max(values):6.2f}  n={len(values)}"
            )
        if all_times:
            lines.append(
                f"  {'all':18s} {statistics.median(all_times):6.2f} {percentile(all_times, 0.95):6.2f}"
                f" {max(all_times):6.2f}  n={len(all_times)}"
            )
        lines.append("server time per page run (ms): median / 95th percentile / slowest, count")
        for name, values in sorted(runs.items()):
            lines.append(
                f"  {name:24s} {statistics.median(values):6.0f} {percentile(values, 0.95):6.0f}"
                f" {max(values):6.0f}  n={len(values)}"
            )
        if all_runs:
            lines.append(
                f"  {'all':24s} {statistics.median(all_runs):6.0f} {percentile(all_runs, 0.95):6.0f}"
                f" {max(all_runs):6.0f}  n={len(all_runs)}"
            )
        if not runs:
            lines.append("  (not measured: the server was not started by this benchmark)")
        sockets = websockets_per_replica(access_log, log_offset) if access_log else collections.Counter()
        if process is not None:  # the one server this benchmark started (benchmarks/report.py reads these lines)
            lines.append(
                f"server memory (RSS): {idle['server']:.0f} MB idle, {peaks['server']:.0f} MB peak"
                f", so about {(peaks['server'] - idle['server']) / sessions:.1f} MB per session"
            )
            lines.append(
                f"server CPU: {cpu_used['server']:.1f} s over {elapsed:.0f} s"
                f" ({cpu_used['server'] / elapsed:.2f} cores busy on average)"
                f", {1000 * cpu_used['server'] / max(len(all_runs), 1):.0f} ms per page run"
            )
        for name in servers if process is None else []:
            per = f", {sockets[name]} websocket sessions" if access_log else ""
            lines.append(
                f"replica {name}: memory (RSS) {idle[name]:.0f} MB idle, {peaks[name]:.0f} MB peak"
                f"; CPU {cpu_used[name]:.1f} s ({cpu_used[name] / elapsed:.2f} cores busy on average){per}"
            )
        if access_log:
            lines.append(f"websocket sessions per replica (nginx's access log): {dict(sorted(sockets.items()))}")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60, help="how long each session acts")
    parser.add_argument("--ramp", type=float, default=30, help="sessions start evenly spread over this many seconds")
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=None,
        help="also write the report here (default: benchmarks/load_results/load-<N>-sessions.txt)",
    )
    parser.add_argument(
        "--url", help="use the server or stack already running at this URL (loopback) instead of starting one"
    )
    parser.add_argument(
        "--runtime", type=pathlib.Path, help="with --url: the stack's RUNTIME_DIR (per-replica memory, CPU, sessions)"
    )
    args = parser.parse_args()
    if args.url and urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--url: loopback addresses only (a load test is not aimed at someone else's server)")
    report = asyncio.run(run(args.sessions, args.seconds, args.ramp, args.url, args.runtime))
    print(report)
    default_name = f"load-{args.sessions}-sessions" + ("-stack" if args.url else "") + ".txt"
    out = args.out or ROOT / "benchmarks" / "load_results" / default_name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
