"""A real Streamlit server and Debian's Chromium, driven by Playwright, for the browser tests."""

import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(script: pathlib.Path, env: dict | None = None, base_path: str = "", args: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """Serve ``script`` on a free port of 127.0.0.1; with ``base_path``, under that prefix (as
    behind a reverse proxy). Returns the process and the app's URL (prefix included)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    command += args or []
    process = subprocess.Popen(command, cwd=script.parent, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not start: {process.stderr.read().decode()[-2000:]}")


FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture(scope="session")
def server():
    # The fixture dataset (tests/fixtures/data), so that a data update breaks no browser test.
    process, url = start_streamlit(ROOT / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)})
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test.sh, which installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


class Stack:
    """deploy/start.sh's stack (nginx, deploy/health.py, Streamlit replicas under
    deploy/supervise.py) in a runtime folder of its own, on free loopback ports; stop() runs
    deploy/stop.sh on the same folder and checks that nothing it started is left running.
    ``root`` is the checkout to run (another clone, say); ``env`` adds settings."""

    def __init__(self, replicas: int = 2, app: str = "app.py", debug_headers: bool = False, root: pathlib.Path = ROOT, env: dict | None = None, start: bool = True):
        import tempfile

        self.root = pathlib.Path(root)
        self.runtime = pathlib.Path(tempfile.mkdtemp(prefix="hmt-stack-"))
        base = free_consecutive_ports(replicas)
        self.port = free_port()
        self.health_port = free_port()
        self.url = (env or {}).get("PUBLIC_ORIGIN", f"http://127.0.0.1:{self.port}")
        self.replicas = [f"127.0.0.1:{base + i}" for i in range(replicas)]
        self.env = {**os.environ, "RUNTIME_DIR": str(self.runtime), "REPLICAS": str(replicas), "BASE_PORT": str(base), "HEALTH_PORT": str(self.health_port), "PROXY_PORT": str(self.port), "APP": app, "DEBUG_HEADERS": "1" if debug_headers else "0", "HMT_DATA_DIR": str(FIXTURE_DATA), **(env or {})}
        if start:
            started = self.run("start.sh")
            if started.returncode != 0:
                self.stop()
                raise RuntimeError(f"deploy/start.sh failed:\n{started.stdout[-2000:]}\n{started.stderr[-4000:]}")

    def run(self, script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """deploy/<script> with this stack's settings."""
        return subprocess.run(["bash", str(self.root / "deploy" / script), *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=False, timeout=timeout)

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
            try:
                pids.append(int(file.read_text()))
            except ValueError:
                pass
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


FILTER_CONTROLS = '[data-testid="stMultiSelect"]'


def open_filters(page) -> None:
    """Show the date and country controls: they live in the sidebar's Filters popover, which
    Streamlit draws only when it is opened (components/ui.py). Does nothing when they show."""
    if not page.locator(FILTER_CONTROLS).first.is_visible():
        page.locator(".st-key-filters_popover button").first.click()
    page.locator(FILTER_CONTROLS).first.wait_for(state="visible", timeout=30_000)
