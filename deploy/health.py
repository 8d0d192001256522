"""The stack's health, for a monitor: every replica, and the data each one serves.

    python3 deploy/health.py --listen 127.0.0.1:8699 --runtime DIR --replica 127.0.0.1:8601 --replica 127.0.0.1:8602

Standard library only; deploy/start.sh runs it (under deploy/supervise.py) and nginx answers
``/healthz`` from it. ``GET /healthz`` asks each replica's ``/_stcore/health`` (2 s timeout,
all at once) and reads the status file the app writes for it (``DIR/replica-N.status.json`` or
``--status``, ``HMT_STATUS_FILE``: the data version it serves, and a rejected data update if there was one).
It answers 200 when at least ``--required`` replicas (default: all configured) are healthy,
otherwise 503; the body is JSON either way::

    {"status": "ok", "healthy": 2, "required": 2,
     "replicas": [{"replica": 1, "address": "127.0.0.1:8601", "healthy": true,
                   "data": {"data_version": "2026-11-20", "data_hash": "...", "rejected": null}}, ...]}

``status`` is "ok", "data update rejected" (all healthy, but a replica keeps serving its last
good dataset because a newer one failed validation: the problems are in ``rejected``) or
"failing". nginx's ``/livez`` (still serving: any replica answers) does not come here.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.server
import json
import pathlib
import urllib.request

TIMEOUT_SECONDS = 2


def replica_healthy(address: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://{address}/_stcore/health", timeout=TIMEOUT_SECONDS) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def replica_data(status: str, number: int, address: str) -> dict | None:
    """What the replica's app last wrote about its dataset; None before its first reader."""
    try:
        path = pathlib.Path(status.format(number=number, port=address.rsplit(":", 1)[1]))
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def report(status_files: str, replicas: list[str], required: int) -> tuple[int, dict]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(len(replicas), 1)) as pool:
        healthy = list(pool.map(replica_healthy, replicas))
    entries = [
        {"replica": number, "address": address, "healthy": ok, "data": replica_data(status_files, number, address)}
        for number, (address, ok) in enumerate(zip(replicas, healthy, strict=True), start=1)
    ]
    count = sum(healthy)
    rejected = any((entry["data"] or {}).get("rejected") for entry in entries)
    status = "failing" if count < required else ("data update rejected" if rejected else "ok")
    body = {"status": status, "healthy": count, "required": required, "replicas": entries}
    return (200 if count >= required else 503), body


def handler(status_files: str, replicas: list[str], required: int):
    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != "/healthz":
                self.send_error(404)
                return
            status, body = report(status_files, replicas, required)
            data = json.dumps(body, indent=1).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # monitors poll often: no access log
            pass

    return Health


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="host:port (loopback: nginx proxies to it)")
    parser.add_argument("--runtime", required=True, type=pathlib.Path)
    parser.add_argument("--replica", action="append", required=True, help="host:port of replica N (in order)")
    parser.add_argument("--required", type=int, help="healthy replicas needed for 200 (default: all)")
    parser.add_argument(
        "--status",
        help="each replica's status file, {number} and {port} filled in"
        " (default: RUNTIME/replica-{number}.status.json)",
    )
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    required = args.required if args.required is not None else len(args.replica)
    server = http.server.ThreadingHTTPServer(
        (host, int(port)),
        handler(args.status or str(args.runtime.resolve() / "replica-{number}.status.json"), args.replica, required),
    )
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
