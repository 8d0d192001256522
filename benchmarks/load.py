"""Load test: N readers at once, each changing filters and switching pages.

    .venv/bin/python -m benchmarks.load --sessions 10 [--seconds 60] [--ramp 30] [--out PATH]
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8080 --runtime .run/stack --sessions 50
    .venv/bin/python -m benchmarks.load --url ... --runtime ... --sessions 30 --during-reload
    .venv/bin/python -m benchmarks.load --client chromium --sessions 10

Serves the dashboard on 127.0.0.1 (nothing else is contacted), or with ``--url`` uses a server
or stack that is already running there (deploy/start.sh; with ``--runtime``, its RUNTIME_DIR,
the report has each replica's memory, CPU and websocket sessions, from the pid files and
nginx's access log). Readers arrive evenly over --ramp seconds; each opens a page, then
switches page, adds or removes a country, or switches between the Chart and Table tabs, one
action after another with no pause (a much busier user than a real one), for --seconds after
its first page is drawn.

Two clients:

- ``--client protocol`` (the default, benchmarks/load_protocol.py): each reader speaks
  Streamlit's websocket protocol as the browser does (the page, its cookies, ``/_stcore/stream``,
  a ``rerun_script`` per action, ``ForwardMsg``s until ``script_finished``) and draws nothing,
  so 50 readers cost the client little CPU and the errors and times are the server's. An
  action is timed from its message to ``script_finished``.
- ``--client chromium``: N Playwright contexts in one headless Chromium, clicking the sidebar,
  the filters and the tabs, timed until the view is drawn. On a 2-core machine shared with the
  stack, 25 or more contexts measure the browser more than the server.

``--during-reload`` (with ``--url`` and ``--runtime``, and the same settings in the environment
as deploy/start.sh had) starts ``deploy/reload.sh`` --reload-after seconds into the run and
reports the actions made while the replicas restarted: applied, redone after a reconnect (the
reader's socket closed, it reconnected through the proxy and asked for the view again, and its
next action applied) and lost.

It reports:

- errors: with the protocol client, a run without ``script_finished`` within the timeout, a run
  that did not finish successfully, an exception element in a run's output, a run that drew
  another page or view than the one asked for, a socket that closed (outside a restart); with
  Chromium, an exception shown on a page, a console error, a failed request, a page that did not
  draw within the timeout (all counted, each kind listed);
- the time from an action to its result (median, 95th percentile and slowest);
- the server's resident memory: idle, and the peak during the run (sampled every 0.2 s);
- the server's CPU time over the run, per action;
- each page run's server time (from open_page to page_footer, logged by components/page.py when
  HMT_RUN_LOG is set): median, 95th percentile and slowest (not with --url: the replicas
  were started without it);
- the machine's load average at the start and the end.

Every loop is bounded in time: the run ends after --ramp plus --seconds plus at most four action
timeouts.
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

from benchmarks import load_protocol
from benchmarks.load_protocol import Stats
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


class Sampler:
    """Each server's memory peak and CPU time, sampled every 0.2 s in a thread. ``servers`` is
    called at every sample: a replica restarted during the run (a new process at the same
    address) is followed, its CPU time counted from its start."""

    def __init__(self, servers) -> None:
        self.servers = servers
        self.idle = {name: rss_mb(process) for name, process in servers().items()}
        self.peaks = dict(self.idle)
        self.cpu: dict[tuple[str, int], list[float]] = {}  # (name, pid) -> [first seen, last seen]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self._take(first=True)
        self.thread.start()

    def _take(self, first: bool = False) -> None:
        for name, process in self.servers().items():
            self.peaks[name] = max(self.peaks.get(name, 0.0), rss_mb(process))
            try:
                used = sum(process.cpu_times()[:2])
            except psutil.Error:
                continue
            self.cpu.setdefault((name, process.pid), [used if first else 0.0, used])[1] = used

    def _sample(self) -> None:
        while not self.stop.wait(0.2):
            self._take()

    def finish(self) -> dict[str, float]:
        """Stops sampling; each server's CPU seconds over the run."""
        self._take()
        self.stop.set()
        self.thread.join()
        used: dict[str, float] = collections.defaultdict(float)
        for (name, _pid), (first, last) in self.cpu.items():
            used[name] += last - first
        return used


def stack_replicas(runtime: pathlib.Path) -> dict[str, psutil.Process]:
    """The replica processes of a running deploy/start.sh stack, by address."""
    servers = {}
    for pid_file in sorted(runtime.glob("replica-*.child.pid")):
        number = pid_file.name.split(".")[0]
        try:
            address = (runtime / f"{number}.addr").read_text().strip()
            servers[address] = psutil.Process(int(pid_file.read_text()))
        except (OSError, ValueError, psutil.Error):  # a replica restarting: its files are being rewritten
            continue
    return servers


def websockets_per_replica(access_log: pathlib.Path, offset: int) -> collections.Counter:
    """Sessions (websocket connections opened) per replica, from nginx's access log past
    ``offset``: the last replica nginx tried is the one that took it."""
    counts: collections.Counter = collections.Counter()
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode("utf-8", "replace").splitlines():
            opened = '"GET /_stcore/stream HTTP/1.1" 101 ' in line  # not a refused one (403, 502)
            if opened and (match := re.search(r"upstream=(.*?) ustatus=", line)):
                counts[match.group(1).split(",")[-1].strip()] += 1
    return counts


NGINX_ERROR = re.compile(r"\[(?:error|warn|crit)\] [^*]*\*\d+ (?P<what>[^,]+),.*? request: \"\S+ (?P<path>[^ ?\"]+)")


def nginx_errors(error_log: pathlib.Path, offset: int) -> collections.Counter:
    """nginx's error log past ``offset``, by what happened and to which path."""
    with error_log.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode("utf-8", "replace").splitlines()
    return collections.Counter(
        f"{match['what']} ({match['path']})" if (match := NGINX_ERROR.search(line)) else line[20:120] for line in lines
    )


class Reload:
    """deploy/reload.sh, started ``after`` seconds into the run; its output lines, timed."""

    def __init__(self, runtime: pathlib.Path, after: float) -> None:
        self.runtime, self.after = runtime, after
        self.started = self.ended = None
        self.returncode = None
        self.lines: list[tuple[float, str]] = []

    async def run(self, clock) -> None:
        await asyncio.sleep(self.after)
        self.started = clock()
        process = await asyncio.create_subprocess_exec(
            "bash",
            str(ROOT / "deploy" / "reload.sh"),
            env={**os.environ, "RUNTIME_DIR": str(self.runtime)},  # the other settings: as start.sh had them
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        async for line in process.stdout:
            self.lines.append((clock(), line.decode("utf-8", "replace").rstrip()))
        self.returncode = await process.wait()
        self.ended = clock()

    def report(self, records: list[load_protocol.ActionRecord]) -> list[str]:
        if self.started is None or self.ended is None:
            return ["rolling restart (deploy/reload.sh): did not finish within the run"]
        during = load_protocol.outcomes(records, (self.started, self.ended))
        lines = [
            f"rolling restart (deploy/reload.sh): from {self.started:.1f} s to {self.ended:.1f} s into the run"
            f", exit code {self.returncode}",
            *(f"  {at:6.1f} s  {text}" for at, text in self.lines if "replica" in text or "reload" in text),
            f"actions during the restart: {sum(during.values())}: {during['applied']} applied"
            f", {during['redone']} redone after a reconnect, {during['unchecked']} redone but not checked"
            f" (the next action was cut by a closed socket too), {during['lost']} lost, {during['error']} errors",
        ]
        cut = collections.Counter(r.name for r in records if r.outcome in ("redone", "unchecked", "lost"))
        lines.append(f"actions cut by a closed socket, by kind: {dict(sorted(cut.items()))}")
        return lines


async def chromium_readers(base: str, sessions: int, seconds: float, ramp: float, stats: Stats) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(
            *(session(browser, base, ramp * seed / sessions, seconds, stats, seed) for seed in range(sessions))
        )
        await browser.close()


async def protocol_readers(
    base: str, sessions: int, seconds: float, ramp: float, stats: Stats, clock, reload: Reload | None
) -> None:
    readers = [
        load_protocol.reader(base, ramp * seed / sessions, seconds, stats, seed, clock, closed_is_error=reload is None)
        for seed in range(sessions)
    ]
    await asyncio.gather(*readers, *([reload.run(clock)] if reload else []))


def timing_lines(title: str, times: dict[str, list[float]], fmt: str, width: int) -> list[str]:
    lines = [title]
    everything = [t for values in times.values() for t in values]
    for name, values in [*sorted(times.items()), *([("all", everything)] if everything else [])]:
        lines.append(
            f"  {name:{width}s} {format(statistics.median(values), fmt)} {format(percentile(values, 0.95), fmt)}"
            f" {format(max(values), fmt)}  n={len(values)}"
        )
    return lines


async def run(
    sessions: int,
    seconds: float,
    ramp: float,
    url: str | None = None,
    runtime: pathlib.Path | None = None,
    client: str = "protocol",
    reload_after: float | None = None,
) -> str:
    from benchmarks.provenance import as_line, code_state

    code = as_line(code_state())  # the commit measured, and whether the tree had changes
    run_log = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    process = None
    if url:
        base = url.rstrip("/")
    else:
        process, base = start_streamlit(ROOT / "app.py", env={"HMT_RUN_LOG": str(run_log)})
        started_server = psutil.Process(process.pid)

    def servers() -> dict[str, psutil.Process]:
        if process is not None:
            return {"server": started_server}
        return stack_replicas(runtime) if runtime else {}

    access_log = runtime / "logs" / "nginx-access.log" if runtime else None
    log_offset = access_log.stat().st_size if access_log and access_log.exists() else 0
    error_log = runtime / "logs" / "nginx-error.log" if runtime else None
    error_offset = error_log.stat().st_size if error_log and error_log.exists() else 0
    reload = Reload(runtime, reload_after) if reload_after is not None and runtime else None
    try:
        time.sleep(1)
        sampler = Sampler(servers)
        stats = Stats()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()

        def clock() -> float:
            return time.perf_counter() - started

        timeout = (
            (load_protocol.RUN_TIMEOUT_S * 4 if client == "protocol" else ACTION_TIMEOUT_MS / 1000 * 4) + ramp + seconds
        )
        readers = (
            protocol_readers(base, sessions, seconds, ramp, stats, clock, reload)
            if client == "protocol"
            else chromium_readers(base, sessions, seconds, ramp, stats)
        )
        await asyncio.wait_for(readers, timeout=timeout)
        elapsed = clock()
        load_after = os.getloadavg()[0]
        cpu_used = sampler.finish()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    return report(
        sessions=sessions,
        seconds=seconds,
        ramp=ramp,
        code=code,
        client=client,
        served_by=f"{base} ({len(sampler.peaks)} replicas behind it)"
        if url
        else "one Streamlit server started by this benchmark",
        started_server=process is not None,
        loads=(load_before, load_after),
        elapsed=elapsed,
        stats=stats,
        runs=read_run_log(run_log),
        sampler=sampler,
        cpu_used=cpu_used,
        sockets=websockets_per_replica(access_log, log_offset) if access_log else None,
        proxy_errors=nginx_errors(error_log, error_offset) if error_log and error_log.exists() else None,
        reload=reload,
    )


def read_run_log(run_log: pathlib.Path) -> dict[str, list[float]]:
    runs = collections.defaultdict(list)
    if run_log.exists():
        for line in run_log.read_text(encoding="utf-8").splitlines():
            page, ms = line.rsplit(",", 1)
            runs[page].append(float(ms))
    return runs


CLIENTS = {
    "protocol": "protocol readers (benchmarks/load_protocol.py: Streamlit's websocket protocol, nothing drawn)",
    "chromium": "Chromium contexts (one headless Chromium, every view drawn)",
}


def report(**r) -> str:
    stats: Stats = r["stats"]
    sampler: Sampler = r["sampler"]
    elapsed, sessions, runs = r["elapsed"], r["sessions"], r["runs"]
    all_runs = [ms for values in runs.values() for ms in values]
    lines = [
        f"# Load test, {dt.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}:"
        f" {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
        r["code"],
        f"sessions: {sessions}, arriving over {r['ramp']:.0f} s, each for {r['seconds']:.0f} s"
        f" (the run took {elapsed:.0f} s); server and client on the same machine",
        f"client: {CLIENTS[r['client']]}",
        f"served by: {r['served_by']}",
        f"machine load average (1 min): {r['loads'][0]:.1f} at the start,"
        f" {r['loads'][1]:.1f} at the end (other work on the machine counts too)",
        f"actions completed: {stats.actions} ({stats.actions / elapsed:.1f} per second)"
        f", page runs on the server: {len(all_runs)}",
        f"errors: {len(stats.errors)}",
    ]
    lines += [f"  {count} x {error}" for error, count in collections.Counter(stats.errors).most_common(10)]
    if r["client"] == "protocol":
        lines.append(
            f"reconnects (a reader's websocket closed, reopened through the proxy): {stats.reconnects}"
            f"; data received by the readers: {stats.received_bytes / 1e6:.0f} MB"
        )
    if r["reload"] is not None:
        lines += r["reload"].report(stats.records)
    until = "script_finished" if r["client"] == "protocol" else "its view drawn"
    lines += timing_lines(
        f"time from an action to {until} (s): median / 95th percentile / slowest, count", stats.times, "6.2f", 18
    )
    lines += timing_lines("server time per page run (ms): median / 95th percentile / slowest, count", runs, "6.0f", 24)
    if not runs:
        lines.append("  (not measured: the server was not started by this benchmark)")
    idle, peaks, cpu_used = sampler.idle, sampler.peaks, r["cpu_used"]
    if r["started_server"]:  # the one server this benchmark started (benchmarks/report.py reads these lines)
        lines.append(
            f"server memory (RSS): {idle['server']:.0f} MB idle, {peaks['server']:.0f} MB peak"
            f", so about {(peaks['server'] - idle['server']) / sessions:.1f} MB per session"
        )
        lines.append(
            f"server CPU: {cpu_used['server']:.1f} s over {elapsed:.0f} s"
            f" ({cpu_used['server'] / elapsed:.2f} cores busy on average)"
            f", {1000 * cpu_used['server'] / max(len(all_runs), 1):.0f} ms per page run"
        )
        return "\n".join(lines)
    sockets = r["sockets"]
    for name in sorted(peaks):
        per = f", {sockets[name]} websocket sessions" if sockets is not None else ""
        lines.append(
            f"replica {name}: memory (RSS) {idle.get(name, 0):.0f} MB idle, {peaks[name]:.0f} MB peak"
            f"; CPU {cpu_used[name]:.1f} s ({cpu_used[name] / elapsed:.2f} cores busy on average){per}"
        )
    if sockets is not None:
        lines.append(f"websocket sessions per replica (nginx's access log): {dict(sorted(sockets.items()))}")
    if (proxy_errors := r["proxy_errors"]) is not None:
        lines.append(f"nginx's error log during the run: {sum(proxy_errors.values())} lines")
        lines += [f"  {count} x {what}" for what, count in proxy_errors.most_common(8)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60, help="how long each session acts")
    parser.add_argument("--ramp", type=float, default=30, help="sessions start evenly spread over this many seconds")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="protocol", help="how readers are simulated")
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=None,
        help="also write the report here (default: benchmarks/load_results/load-<N>-sessions[-stack].txt)",
    )
    parser.add_argument(
        "--url", help="use the server or stack already running at this URL (loopback) instead of starting one"
    )
    parser.add_argument(
        "--runtime", type=pathlib.Path, help="with --url: the stack's RUNTIME_DIR (per-replica memory, CPU, sessions)"
    )
    parser.add_argument(
        "--during-reload",
        action="store_true",
        help="with --url, --runtime and the protocol client: run deploy/reload.sh during the run",
    )
    parser.add_argument("--reload-after", type=float, default=None, help="seconds into the run (default: ramp + 5)")
    args = parser.parse_args()
    if args.url and urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--url: loopback addresses only (a load test is not aimed at someone else's server)")
    if args.during_reload and not (args.url and args.runtime and args.client == "protocol"):
        parser.error("--during-reload needs --url, --runtime and the protocol client")
    reload_after = (args.ramp + 5 if args.reload_after is None else args.reload_after) if args.during_reload else None
    report_text = asyncio.run(
        run(args.sessions, args.seconds, args.ramp, args.url, args.runtime, args.client, reload_after)
    )
    print(report_text)
    name = f"load-{args.sessions}-sessions" + ("-stack" if args.url else "") + ("-reload" if args.during_reload else "")
    name += "-chromium" if args.client == "chromium" else ""
    out = args.out or ROOT / "benchmarks" / "load_results" / f"{name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report_text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
