"""Retake the screenshots the README and docs show, from the live data, in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py     # writes docs/screenshot-*.png

Serves app.py on a free port of 127.0.0.1 with the committed data/ (HMT_DATA_DIR unset), opens
each page at 1400 x 900 in headless Chromium, waits until its content is drawn and the script
has stopped running, and saves the viewport. Run it after a change a reader would see.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# file -> (page path, what must be drawn before the picture is taken)
SHOTS = {
    "screenshot-map.png": ("Map", '[data-testid="stDeckGlJsonChart"] canvas#deckgl-overlay'),
}
VIEWPORT = {"width": 1400, "height": 900}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "HMT_DATA_DIR"}  # the real data
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
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
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("streamlit did not start within 60 s")


def main() -> None:
    from playwright.sync_api import sync_playwright

    process, url = serve()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, (path, drawn) in SHOTS.items():
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(f"{url}/{path}")
                page.wait_for_selector(drawn, state="visible", timeout=120_000)
                page.wait_for_selector(IDLE, timeout=120_000)
                # deck.gl draws on its next animation frames: wait for two of them, not a fixed time.
                page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
                page.screenshot(path=str(ROOT / "docs" / name))
                print(f"docs/{name}")
                page.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
