"""Issue #20, item 9: the container image is built (deploy/build_image.sh: buildah, no daemon,
no registry) and runs: the replica answers its health check and serves the dashboard and the
data API, as the unprivileged user, with the image's own HEALTHCHECK kept."""

import json
import os
import subprocess
import urllib.request

from browser_kit import ROOT, free_port, wait_healthy

BUILDAH = {**os.environ, "STORAGE_DRIVER": "vfs", "BUILDAH_ISOLATION": "chroot"}


def buildah(*args: str, timeout: float = 120) -> str:
    return subprocess.run(
        ["buildah", *args], env=BUILDAH, capture_output=True, text=True, check=True, timeout=timeout
    ).stdout.strip()


def test_the_container_image_builds_and_serves_as_an_unprivileged_user():
    image = f"localhost/haiti-mission-tracker-test:{os.getpid()}"
    built = subprocess.run(
        ["bash", "deploy/build_image.sh"],
        cwd=ROOT,
        env={**BUILDAH, "IMAGE": image},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    container, server = None, None
    try:
        config = json.loads(buildah("inspect", "--type", "image", image))
        assert config["Docker"]["config"]["Healthcheck"]["Test"][1].endswith("python")
        assert config["Docker"]["config"]["User"] == "10001:10001"
        container = buildah("from", "--pull=never", image)
        assert buildah("run", container, "--", "id", "-u") == "10001"
        port = free_port()
        server = subprocess.Popen(
            [
                "buildah",
                "run",
                "--network",
                "host",
                container,
                "--",
                "/opt/venv/bin/python",
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
            ],
            env=BUILDAH,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        assert wait_healthy(base, server, seconds=90), "the container's replica never became healthy"
        with urllib.request.urlopen(f"{base}/Timeline", timeout=10) as response:
            assert response.status == 200 and b'<div id="root">' in response.read()
        with urllib.request.urlopen(f"{base}/api/v1/", timeout=10) as response:
            assert json.loads(response.read())["name"] == "Haiti Mission Tracker API"
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if container:
            subprocess.run(["buildah", "rm", container], env=BUILDAH, capture_output=True, check=False)
        subprocess.run(["buildah", "rmi", image], env=BUILDAH, capture_output=True, check=False)
