"""What the browser tests (tests/e2e) and the benchmarks (benchmarks/) share: a Streamlit
server or the deploy stack on free loopback ports, Debian's Chromium and its flags, and how to
open a page and wait until it is drawn. Neither imports the other; both import this."""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from components import allocator
from components.site import PAGES as PAGE_LIST

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SHARED = "from=2024-06-01&to=2025-10-02&countries=KEN"
# The screens the browser tests look at: a desktop's and a phone's.
DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
# What shows that a page is drawn, by its route ("" is the Overview at /), for every page of
# components/site.py. Charts are drawn by components/light_chart.py into a div of class hmt-chart.
DRAWN = {
    "": '[data-testid="stMetricValue"]',
    "Timeline": ".hmt-chart .scatterlayer .point",
    "Map": '[data-testid="stDeckGlJsonChart"] canvas#deckgl-overlay',
    "Pledges_and_deployments": ".hmt-chart .barlayer .point",
    "Funding": ".hmt-chart .scatterlayer .point",
    "Sources_and_method": '[data-testid="stDataFrame"]',
}
PAGES = {page.route: DRAWN[page.route] for page in PAGE_LIST}  # route -> selector, in the page list's order
TABBED = tuple(page.route for page in PAGE_LIST if page.tabbed)
# A deep link to a sub page makes Streamlit's frontend probe for a base path at
# /<Page>/_stcore/...; those two 404s are Streamlit's own and harmless.
BASE_PATH_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+(/hmt)?/[A-Za-z_]+/_stcore/(host-config|health)$")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FILTER_CONTROLS = '[data-testid="stMultiSelect"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_consecutive_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    for _ in range(50):
        base = free_port()
        if base + count >= 65536:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sock.bind(("127.0.0.1", port))
                sockets.append(sock)
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no consecutive free ports")


def wait_healthy(url: str, process: subprocess.Popen | None = None, seconds: float = 30) -> bool:
    """True once ``url``'s ``/_stcore/health`` says ok; False after ``seconds`` or when
    ``process`` (the server, if given) has exited."""
    deadline = time.time() + seconds
    while time.time() < deadline and (process is None or process.poll() is None):
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return True
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    return False


def start_streamlit(
    script: pathlib.Path, env: dict | None = None, base_path: str = "", args: list[str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Serve ``script`` on a free port of 127.0.0.1; with ``base_path``, under that prefix (as
    behind a reverse proxy). Returns the process and the app's URL (prefix included). The
    server's output goes to a log file (``process.log_path``), never to a pipe nobody reads: a
    full pipe would block the server."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    command += args or []
    log = tempfile.NamedTemporaryFile(prefix="hmt-streamlit-", suffix=".log", delete=False)  # noqa: SIM115 (kept open by the server)
    # As every way of starting the app does (scripts/run.sh, deploy/): two malloc arenas from the start.
    started = {"MALLOC_ARENA_MAX": str(allocator.ARENAS), **os.environ, **(env or {})}
    process = subprocess.Popen(command, cwd=script.parent, env=started, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    process.log_path = pathlib.Path(log.name)
    url = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
    if wait_healthy(url, process):
        return process, url
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError(f"streamlit did not start: {process.log_path.read_text(errors='replace')[-2000:]}")


def stop_streamlit(process: subprocess.Popen) -> None:
    """Stop a server that ``start_streamlit`` started, and remove its log."""
    process.terminate()
    process.wait(timeout=10)
    process.log_path.unlink(missing_ok=True)


class Stack:
    """deploy/start.sh's stack (nginx, deploy/health.py, Streamlit replicas under
    deploy/supervise.py) in a runtime folder of its own, on free loopback ports; stop() runs
    deploy/stop.sh on the same folder and checks that nothing it started is left running.
    ``root`` is the checkout to run (another clone, say); ``env`` adds settings."""

    def __init__(
        self,
        replicas: int = 2,
        app: str = "app.py",
        debug_headers: bool = False,
        root: pathlib.Path = ROOT,
        env: dict | None = None,
        start: bool = True,
    ):
        import tempfile

        self.root = pathlib.Path(root)
        self.runtime = pathlib.Path(tempfile.mkdtemp(prefix="hmt-stack-"))
        base = free_consecutive_ports(replicas)
        self.port = free_port()
        self.health_port = free_port()
        self.url = (env or {}).get("PUBLIC_ORIGIN", f"http://127.0.0.1:{self.port}")
        self.replicas = [f"127.0.0.1:{base + i}" for i in range(replicas)]
        self.env = {
            **os.environ,
            "RUNTIME_DIR": str(self.runtime),
            "REPLICAS": str(replicas),
            "BASE_PORT": str(base),
            "HEALTH_PORT": str(self.health_port),
            "PROXY_PORT": str(self.port),
            "APP": app,
            "DEBUG_HEADERS": "1" if debug_headers else "0",
            "HMT_DATA_DIR": str(FIXTURE_DATA),
            **(env or {}),
        }
        if start:
            started = self.run("start.sh")
            if started.returncode != 0:
                self.stop()
                raise RuntimeError(f"deploy/start.sh failed:\n{started.stdout[-2000:]}\n{started.stderr[-4000:]}")

    def run(self, script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """deploy/<script> with this stack's settings."""
        return subprocess.run(
            ["bash", str(self.root / "deploy" / script), *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    def stop_replica(self, number: int) -> None:
        """Stop replica `number` (1-based), as deploy/stop.sh replica N does."""
        stopped = self.run("stop.sh", "replica", str(number), timeout=60)
        assert stopped.returncode == 0, stopped.stderr

    def start_replica(self, number: int) -> None:
        """Start replica `number` alone, as deploy/start.sh replica N does (waits until healthy)."""
        started = self.run("start.sh", "replica", str(number), timeout=120)
        assert started.returncode == 0, started.stderr

    def pid(self, name: str) -> int | None:
        """The live pid in RUNTIME_DIR/<name>.pid (replica-1, replica-1.child, nginx...)."""
        try:
            pid = int((self.runtime / f"{name}.pid").read_text())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def health(self) -> tuple[int, dict]:
        import json
        import urllib.error

        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def access_log(self) -> list[str]:
        return (self.runtime / "logs" / "nginx-access.log").read_text(encoding="utf-8").splitlines()

    def started_pids(self) -> list[int]:
        """Every pid a pid file of the runtime folder names (supervisors, replicas, nginx)."""
        pids = []
        for file in self.runtime.glob("*.pid"):
            with contextlib.suppress(ValueError):
                pids.append(int(file.read_text()))
        return pids

    def stop(self) -> None:
        started = self.started_pids()
        self.run("stop.sh", timeout=90)
        left = []
        for pid in started:
            try:
                os.kill(pid, 0)
                left.append(pid)
            except OSError:
                pass
        shutil.rmtree(self.runtime, ignore_errors=True)
        assert not left, f"deploy/stop.sh left these running: {left}"


class Watch:
    """Everything a page did that a user would not want: errors and outside requests."""

    def __init__(self, page):
        self.console_errors, self.failed, self.outside = [], [], []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: self.failed.append(r.url) if r.status >= 400 else None)
        # A request the page itself cancelled by navigating away (a script chunk still loading
        # when the reader reloads or goes Back) is no failure a reader sees: Chromium says
        # net::ERR_ABORTED for it. Any other failure counts.
        page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else self.failed.append(r.url))
        page.on("request", self._request)

    def _request(self, request):
        host = urllib.parse.urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return
        self.outside.append(request.url)

    def assert_clean(self):
        assert self.outside == [], f"requests left localhost: {self.outside}"
        unexpected = [url for url in self.failed if not BASE_PATH_PROBE.match(url)]
        assert unexpected == [], f"failed requests: {unexpected}"
        errors = [e for e in self.console_errors if not e.startswith("Failed to load resource")]
        assert errors == [], f"console errors: {errors}"
        assert len(self.console_errors) <= len(self.failed)


def open_page(browser, url, viewport=None):
    """A new browser context and page at ``url``, once Streamlit's script is idle."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=30_000)
    return context, page, watch


def open_drawn(browser, url, path):
    """``open_page``, then wait until the page's charts (or figures) are drawn and the script idle."""
    context, page, watch = open_page(browser, url)
    page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    return context, page, watch


# True once nothing on the page moves: no CSS transition or animation running, and the charts'
# sizes the same as at the previous animation frame (a chart redraws when its box changes).
SETTLED = """() => {
  const sizes = [...document.querySelectorAll('.hmt-chart .main-svg, [data-testid="stSidebar"]')]
    .map((e) => { const r = e.getBoundingClientRect(); return `${r.x},${r.y},${r.width},${r.height}`; }).join(';');
  const still = sizes === window.__hmtSizes && document.getAnimations().every((a) => a.playState !== 'running');
  window.__hmtSizes = sizes;
  return still;
}"""


def wait_settled(page, timeout: int = 10_000) -> None:
    """Wait until the page has stopped moving (``SETTLED``), checked at every animation frame."""
    page.wait_for_function(SETTLED, polling="raf", timeout=timeout)


def open_filters(page) -> None:
    """Show the date and country controls: they live in the sidebar's Filters popover, which
    Streamlit draws only when it is opened (components/view_sync.py). Does nothing when they show."""
    if not page.locator(FILTER_CONTROLS).first.is_visible():
        page.locator(".st-key-filters_popover button").first.click()
    page.locator(FILTER_CONTROLS).first.wait_for(state="visible", timeout=30_000)
