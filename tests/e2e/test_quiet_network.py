"""Silent on the network (issue #20, item 8): the plain run command and the link previews'
Chromium connect to nothing off loopback. Each runs under strace, which logs every connect()
and sendto() with an address (a DNS query, a UDP "connect" to a public resolver, a TCP
connection), in every process and thread; a reader then opens a page, so a whole page run
happens. Only loopback and local (AF_UNIX, netlink) addresses may appear."""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from tests.e2e.conftest import FIXTURE_DATA, ROOT, free_port
from tests.e2e.test_browser import PAGES, open_page

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(not STRACE, reason="strace is not installed (Debian package strace)")
INET = re.compile(r"sin6?_addr=inet_(?:addr|pton)\((?:AF_INET6?, )?\"([^\"]+)\"\)")


def addresses_off_loopback(trace: pathlib.Path) -> list[str]:
    found = []
    for path in trace.parent.glob(trace.name + "*"):
        for line in path.read_text(errors="replace").splitlines():
            if ("connect(" in line or "sendto(" in line or "sendmsg(" in line) and (match := INET.search(line)):
                address = match.group(1)
                if not (address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1", "0.0.0.0", "::")):
                    found.append(line.strip()[:200])
    return found


def traced(command: list[str], trace: pathlib.Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [STRACE, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command], **kwargs
    )


def stop_traced(process: subprocess.Popen) -> None:
    """Stop the command strace runs (strace itself would only detach from it), then strace."""
    import psutil

    for child in psutil.Process(process.pid).children():
        child.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(process.pid).children(recursive=True):
            child.kill()
        process.kill()


def test_the_plain_run_command_looks_nothing_up(browser, tmp_path):
    port = free_port()
    trace = tmp_path / "streamlit.trace"
    # The README's command, as is (the settings come from .streamlit/config.toml), on a free port.
    server = traced(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        trace,
        cwd=ROOT,
        env={**os.environ, "HMT_DATA_DIR": str(FIXTURE_DATA)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start")
        context, page, _watch = open_page(browser, f"http://127.0.0.1:{port}/Timeline?countries=KEN")
        page.wait_for_selector(PAGES["Timeline"], state="attached", timeout=45_000)
        context.close()
        time.sleep(2)  # anything done in the background after a run
    finally:
        stop_traced(server)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert "Network URL" not in output and "External URL" not in output
    assert addresses_off_loopback(trace) == []


def test_the_previews_chromium_looks_nothing_up(tmp_path):
    trace = tmp_path / "previews.trace"
    root = pathlib.Path(tempfile.mkdtemp(prefix="hmt-previews-"))
    try:
        built = traced(
            [sys.executable, str(ROOT / "deploy" / "build_previews.py"), "--folder", str(root)],
            trace,
            cwd=ROOT,
            env={**os.environ, "HMT_DATA_DIR": str(FIXTURE_DATA)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = built.communicate(timeout=300)
        assert built.returncode == 0, err.decode(errors="replace")[-2000:]
        folder = pathlib.Path(out.decode().strip())
        assert (folder / "timeline.png").stat().st_size > 10_000
        lines = sum(1 for path in tmp_path.glob("previews.trace*") for _ in path.open(errors="replace"))
        assert lines > 0, "strace logged nothing: the trace did not follow the processes"
        assert addresses_off_loopback(trace) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)
