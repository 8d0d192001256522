"""Lighthouse on every page, served directly by Streamlit and through the self-hosted stack.

    .venv/bin/python -m benchmarks.lighthouse              # run, write benchmarks/lighthouse_results/<time>.json
    .venv/bin/python -m benchmarks.lighthouse --direct     # only the direct server
    .venv/bin/python -m benchmarks.lighthouse --app-dir /tmp/old-checkout --label before
    # the table of docs/performance.md, from the latest results:
    .venv/bin/python -m benchmarks.lighthouse --report [--write]

Lighthouse (npm package ``lighthouse``, pinned in LIGHTHOUSE_VERSION) is installed once into
``.run/tools/lighthouse/`` with npm, and drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium,
headless, no sandbox) with its default mobile profile and simulated throttling. Each run records
the four category scores and the Web Vitals it measures (LCP, CLS, TBT) per page and server,
with the machine's facts. Both servers read the test fixture data (tests/fixtures/data), as the
browser tests do. The table in docs/performance.md is generated from the latest file
(``--report --write``, or ``python -m benchmarks.report --write`` with the other tables) and
``tests/test_lighthouse_report.py`` fails when they disagree. Each run records the commit of the
checkout it served (``benchmarks/provenance.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile

from benchmarks.provenance import describe
from components import site

ROOT = pathlib.Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "lighthouse_results"
TOOLS = ROOT / ".run" / "tools" / "lighthouse"
LIGHTHOUSE_VERSION = "12.8.2"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AUDITS = {"lcp_ms": "largest-contentful-paint", "cls": "cumulative-layout-shift", "tbt_ms": "total-blocking-time"}
PAGES = tuple(page.route for page in site.PAGES)  # "" is the Overview, at /
DOC = ROOT / "docs" / "performance.md"
START, END = (
    "<!-- lighthouse-table:start (python -m benchmarks.lighthouse --report --write) -->",
    "<!-- lighthouse-table:end -->",
)
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "cls": 0.1}


def lighthouse_bin() -> pathlib.Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if not binary.exists() or json.loads(installed.read_text())["version"] != LIGHTHOUSE_VERSION:
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(TOOLS),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def run_lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "report.json"
        command = [
            str(lighthouse_bin()),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"
            " --disable-background-networking --disable-component-update --disable-sync",
            "--max-wait-for-load=60000",
        ]
        subprocess.run(
            command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300, capture_output=True
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    failing = {
        category: [
            audit
            for audit in report["categories"][category]["auditRefs"]
            if audit["weight"]
            and (report["audits"][audit["id"]].get("score") is not None)
            and report["audits"][audit["id"]]["score"] < 1
        ]
        for category in CATEGORIES
        if category != "performance"
    }
    return {
        "scores": {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES},
        **{
            name: round(report["audits"][audit]["numericValue"], 3 if name == "cls" else 0)
            for name, audit in AUDITS.items()
        },
        "failing_audits": {
            category: [audit["id"] for audit in audits] for category, audits in failing.items() if audits
        },
    }


def machine() -> dict:
    import psutil

    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "chromium": chromium,
        "node": node,
        "lighthouse": LIGHTHOUSE_VERSION,
        "python": platform.python_version(),
    }


def measure(app_dir: pathlib.Path, stack: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    from browser_kit import FIXTURE_DATA, Stack, start_streamlit

    servers: dict[str, dict] = {}
    process, url = start_streamlit(app_dir / "app.py", env={"HMT_DATA_DIR": str(FIXTURE_DATA)})
    try:
        run_lighthouse(url + "/")  # warm the server's caches and Chromium's first start
        servers["direct"] = {page or "Overview": run_lighthouse(f"{url}/{page}") for page in PAGES}
    finally:
        process.terminate()
        process.wait(timeout=10)
    if stack:
        served = Stack(replicas=2)
        try:
            run_lighthouse(served.url + "/")
            servers["stack"] = {page or "Overview": run_lighthouse(f"{served.url}/{page}") for page in PAGES}
        finally:
            served.stop()
    return servers


def load_latest(results: pathlib.Path = RESULTS) -> dict | None:
    files = sorted(results.glob("*.json"))
    runs = [json.loads(path.read_text(encoding="utf-8")) | {"file": str(path)} for path in files]
    runs = [run for run in runs if run.get("label", "") == ""]
    return max(runs, key=lambda run: run["started"]) if runs else None


def render(run: dict | None) -> str:
    if not run:
        return "No Lighthouse run has been committed yet: run `python -m benchmarks.lighthouse`."
    m = run["machine"]
    lines = [
        f"Lighthouse {m['lighthouse']} (mobile profile, simulated throttling)"
        f", run of {run['started'][:16].replace('T', ' ')}"
        f" UTC on {m['cores']} cores, {m['chromium']}; "
        f"code measured: {describe(run.get('code'), result_file=run.get('file'))};"
        " scores out of 100, LCP and TBT in ms (`benchmarks/lighthouse_results/`):",
        "",
        "| page | served | performance | accessibility | best practices | SEO | LCP | CLS | TBT |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for server, pages in run["servers"].items():
        for page, entry in pages.items():
            s = entry["scores"]
            lines.append(
                f"| {page.replace('_', ' ')} | {server} | {s['performance']} | {s['accessibility']} |"
                f" {s['best-practices']} | {s['seo']} | {entry['lcp_ms']:,.0f} |"
                f" {entry['cls']:.3f} | {entry['tbt_ms']:,.0f} |"
            )
    stack = run["servers"].get("stack", {})
    met = []
    for category in ("accessibility", "best-practices", "seo"):
        values = [entry["scores"][category] for entry in stack.values()]
        if values:
            met.append(
                f"{category.replace('-', ' ')} 100 on the stack: {'met' if min(values) >= 100 else 'missed'}"
                f" ({min(values)}–{max(values)})"
            )
    cls = [entry["cls"] for pages in run["servers"].values() for entry in pages.values()]
    met.append(f"CLS < 0.1 everywhere: {'met' if max(cls) < TARGETS['cls'] else 'missed'} (highest {max(cls):.3f})")
    lines += ["", "Targets: " + "; ".join(met) + "."]
    failing = sorted(
        {
            audit
            for pages in run["servers"].values()
            for entry in pages.values()
            for audits in entry["failing_audits"].values()
            for audit in audits
        }
    )
    if failing:
        lines += [
            "",
            "Audits below full marks somewhere (accessibility, best practices, SEO): "
            + ", ".join(f"`{a}`" for a in failing)
            + ".",
        ]
    before = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(RESULTS.glob("*.json"))]
    before = [b for b in before if b.get("label") == "before"]
    if before:
        b = before[-1]["servers"]["direct"]
        pairs = [
            f"{page.replace('_', ' ')} {b[page]['cls']:.3f} → {run['servers']['direct'][page]['cls']:.3f}"
            for page in b
            if page in run["servers"].get("direct", {})
        ]
        lines += [
            "",
            f"Layout shift before and after reserving each chart's height (direct, CLS, run `{before[-1]['label']}`"
            f" of {before[-1]['started'][:10]}"
            " on the code before this change): " + "; ".join(pairs) + ".",
        ]
    return "\n".join(lines)


def doc_section(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n")


def write_doc(doc: pathlib.Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    doc.write_text(text[:start] + "\n" + render(load_latest()) + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--direct", action="store_true", help="only the direct server, not the stack")
    parser.add_argument(
        "--app-dir", default=str(ROOT), help="the checkout whose app.py is served directly (to measure older code)"
    )
    parser.add_argument("--label", default="", help="a label for a run that is not the current code's (e.g. before)")
    parser.add_argument(
        "--report", action="store_true", help="print the table of docs/performance.md from the latest results"
    )
    parser.add_argument("--write", action="store_true", help="with --report: write it into docs/performance.md")
    args = parser.parse_args()
    if args.report:
        write_doc() if args.write else print(render(load_latest()))
        return
    started = dt.datetime.now(dt.UTC)
    from benchmarks.provenance import code_state

    code = code_state(pathlib.Path(args.app_dir).resolve())  # the checkout served directly: its commit and changes
    servers = measure(pathlib.Path(args.app_dir).resolve(), stack=not args.direct)
    result = {
        "started": started.isoformat(timespec="seconds"),
        "label": args.label,
        "code": code,
        "machine": machine(),
        "targets": TARGETS,
        "servers": servers,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = started.strftime("%Y-%m-%dT%H%MZ") + (f"-{args.label}" if args.label else "") + ".json"
    (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(RESULTS / name)
    print(render(result))


if __name__ == "__main__":
    main()
