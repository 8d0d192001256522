"""The data API's latency (/api/v1/, docs/api.md), served as readers get it.

    .venv/bin/python -m benchmarks.api [--scales 1,100] [--requests 40] [--concurrent 200] [--stack]

For each data scale (×1 is data/, ×N the benchmark's scaled copy, generated at run time), serves
the app with ``streamlit run app.py`` on 127.0.0.1 (or, with ``--stack``, through deploy/'s nginx
and two replicas), loads the data with a first request, then asks each address of ``ADDRESSES``
``--requests`` times one after another, each time for another view (another end date), so no
ETag or cache can answer: the median and 95th percentile per address and over all of them.
With ``--concurrent N``, N requests then start at once (threads, loopback only) and the run
counts the answers that are not 200. A conditional request (If-None-Match, answered 304) is
timed too.

Writes ``benchmarks/api_results/<UTC time>.json`` (the machine, the code measured, every
sample); commit it, and ``python -m benchmarks.report --write`` puts the latest into
docs/performance.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import pathlib
import platform
import statistics
import tempfile
import time
import urllib.error
import urllib.request

from benchmarks.provenance import code_state
from browser_kit import ROOT, Stack, start_streamlit, stop_streamlit

RESULTS = ROOT / "benchmarks" / "api_results"
# What a reader of the API asks most: a page's figures for a view, its rows, the index.
ADDRESSES = (
    "",
    "events.csv?countries=KEN",
    "events.json",
    "contributions.json?countries=KEN,JAM",
    "figures/pledges.json",
    "figures/pledges.csv?lang=fr",
    "figures/donors.json",
    "figures/headcount.json",
    "figures/overview.json?countries=KEN",
    "sources.csv",
)


def fetch(url: str, headers: dict | None = None) -> tuple[int, float]:
    """(status, seconds) of one GET, the body read to its end."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def with_end(address: str, end: dt.date) -> str:
    """``address`` for the view ending on ``end`` (each request another view: no cache answers)."""
    if not address:
        return address
    return f"{address}{'&' if '?' in address else '?'}to={end.isoformat()}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "n": len(samples),
    }


def measure(api: str, requests: int, at_once: int) -> dict:
    """Every address's latencies at ``api`` (its /api/v1 URL)."""
    status, first = fetch(f"{api}/")  # loads the data (the first visitor's wait)
    if status != 200:
        raise RuntimeError(f"{api}/ answered {status}")
    index = json.loads(urllib.request.urlopen(f"{api}/", timeout=60).read())
    last = dt.date.fromisoformat(index["as_of"])
    per_address: dict[str, list[float]] = {}
    errors = 0
    for address in ADDRESSES:
        fetch(f"{api}/{address}")  # warm: this address's code paths
        for n in range(requests):
            status, seconds = fetch(f"{api}/{with_end(address, last - dt.timedelta(days=n))}")
            errors += status != 200
            per_address.setdefault(address, []).append(seconds)
    etag = urllib.request.urlopen(f"{api}/events.json", timeout=60).headers["ETag"]
    not_modified = [fetch(f"{api}/events.json", {"If-None-Match": etag})[1] for _ in range(requests)]
    result = {
        "first_request_s": round(first, 3),
        "addresses": {address or "(index)": summary(samples) for address, samples in per_address.items()},
        "all": summary([s for samples in per_address.values() for s in samples]),
        "not_modified": summary(not_modified),
        "errors": errors,
    }
    if at_once:
        urls = [f"{api}/{with_end(ADDRESSES[i % len(ADDRESSES)], last - dt.timedelta(days=i))}" for i in range(at_once)]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=at_once) as pool:
            answers = list(pool.map(fetch, urls))
        result["concurrent"] = {
            "requests": at_once,
            "errors": sum(status != 200 for status, _ in answers),
            "wall_s": round(time.perf_counter() - started, 2),
            **summary([seconds for _, seconds in answers]),
        }
    return result


def run_scale(scale: int, args, data_dir: pathlib.Path) -> dict:
    env = {"HMT_DATA_DIR": str(data_dir)}
    if args.stack:
        stack = Stack(replicas=2, env=env)
        try:
            return measure(f"{stack.url}/api/v1", args.requests, args.concurrent)
        finally:
            stack.stop()
    process, url = start_streamlit(ROOT / "app.py", env=env)
    try:
        return measure(f"{url}/api/v1", args.requests, args.concurrent)
    finally:
        stop_streamlit(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100", help="data scales, comma-separated (1 is data/ itself)")
    parser.add_argument("--requests", type=int, default=40, help="requests per address and scale")
    parser.add_argument("--concurrent", type=int, default=0, help="then this many requests at once")
    parser.add_argument("--stack", action="store_true", help="through deploy/ (nginx, two replicas)")
    parser.add_argument("--out", type=pathlib.Path, default=RESULTS, help="folder of the results file")
    args = parser.parse_args()
    from benchmarks.__main__ import scaled_copy  # the benchmark's scaled data, made the same way

    started = dt.datetime.now(dt.UTC)
    scales = {}
    with tempfile.TemporaryDirectory(prefix="hmt-api-bench-") as scratch:
        for scale in (int(s) for s in args.scales.split(",")):
            data_dir = ROOT / "data" if scale == 1 else scaled_copy(scale, pathlib.Path(scratch) / f"x{scale}")
            scales[str(scale)] = run_scale(scale, args, data_dir)
            print(f"x{scale}: {json.dumps(scales[str(scale)]['all'])}", flush=True)
    run = {
        "started": started.isoformat(timespec="seconds"),
        "code": code_state(),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "served": "deploy/ (nginx, 2 replicas)" if args.stack else "streamlit run app.py",
        "requests": args.requests,
        "scales": scales,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
