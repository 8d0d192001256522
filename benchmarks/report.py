"""The performance tables of docs/performance.md, generated from the committed benchmark results.

    .venv/bin/python -m benchmarks.report            # print the speed tables
    .venv/bin/python -m benchmarks.report --write    # replace every generated table in docs/performance.md

Reads every ``benchmarks/history/*.json`` that ``python -m benchmarks`` wrote. The latest run
gives the figures; ranges and "met in N of the last 3 runs" are computed over the latest three
runs that measured the same scale. The page-weight, load and Lighthouse tables come from
``benchmarks/network_results/``, ``benchmarks/load_results/`` and ``benchmarks/lighthouse_results/``.
Each table says which commit its results measured and how many commits behind HEAD that is
(``benchmarks/provenance.py``, counted by git when the tables are written). ``tests/test_docs.py``
fails when docs/performance.md and this output disagree (apart from those counts, which grow
with every commit), so no figure there is typed by hand.
"""

from __future__ import annotations

import json
import pathlib
import re
import statistics
import sys

from benchmarks import lighthouse
from benchmarks.provenance import describe, from_line

ROOT = pathlib.Path(__file__).resolve().parents[1]
HISTORY = ROOT / "benchmarks" / "history"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- benchmark-tables:start (python -m benchmarks.report --write) -->", "<!-- benchmark-tables:end -->"
NETWORK_RESULTS = ROOT / "benchmarks" / "network_results"
LOAD_RESULTS = ROOT / "benchmarks" / "load_results"
API_RESULTS = ROOT / "benchmarks" / "api_results"
# docs/performance.md section -> (start marker, end marker, renderer); `--write` refreshes them all.
SECTIONS = {}
WINDOW = 3  # runs a range is computed over


def load_runs(history: pathlib.Path = HISTORY) -> list[dict]:
    runs = [
        json.loads(path.read_text(encoding="utf-8")) | {"file": str(path)} for path in sorted(history.glob("*.json"))
    ]
    return sorted(runs, key=lambda run: run["started"])


def _median(values) -> float:
    return statistics.median(values)


def _range(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return format(low, fmt) if format(low, fmt) == format(high, fmt) else f"{format(low, fmt)}–{format(high, fmt)}"


def _when(run: dict) -> str:
    return run["started"][:16].replace("T", " ")


def _codes(runs: list[dict]) -> str:
    """Which code each run measured, in words, runs with the same description grouped."""
    groups: dict[str, list[str]] = {}
    for run in runs:
        groups.setdefault(describe(run.get("code"), result_file=run.get("file")), []).append(_when(run))
    return "; ".join(f"{', '.join(times)} UTC: {words}" for words, times in groups.items())


def _runs_with(runs: list[dict], scale: str) -> list[dict]:
    return [run for run in runs if scale in run["scales"]][-WINDOW:]


def render(runs: list[dict]) -> str:
    if not runs:
        return "No benchmark run has been committed yet: run `python -m benchmarks` and commit `benchmarks/history/`."
    x1 = _runs_with(runs, "1")
    latest = x1[-1] if x1 else runs[-1]  # the latest run that measured the real data (x1)
    machine = latest["machine"]
    lines = [
        f"Latest run: {latest['started'][:10]}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"Chromium {machine['chromium']}, Streamlit {machine['packages']['streamlit']}, "
        f"median of {latest['runs']} visits. Ranges are over the latest {len(x1)} runs at ×1 "
        f"({', '.join(run['started'][:16].replace('T', ' ') for run in x1)} UTC).",
        "",
        "The ×10 and ×100 figures come from the latest run at each scale: "
        + ", ".join(
            f"×{s} {_runs_with(runs, s)[-1]['started'][:16].replace('T', ' ')} UTC"
            for s in ("10", "100")
            if _runs_with(runs, s)
        )
        + ".",
        "",
        "Code measured: "
        + _codes(
            list(
                {
                    run["started"]: run
                    for run in [*x1, *(_runs_with(runs, s)[-1] for s in ("10", "100") if _runs_with(runs, s))]
                }.values()
            )
        )
        + ".",
        "",
        "| page | ×1 visible | ×1 ratio to bare (range) | ×1 warm visit | ×10 ratio | ×100 ratio | target "
        "| met at ×1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    targets = latest["targets"]
    bare = [_median(run["scales"]["1"]["pages"][page]["bare_s"]) for run in x1 for page in run["scales"]["1"]["pages"]]
    lines.append(f"| bare one-line page | {_range(bare, '.2f')} s | 1 | | 1 | 1 | | |")
    for page, entry in latest["scales"].get("1", {}).get("pages", {}).items():
        ratios = [run["scales"]["1"]["pages"][page]["ratio"] for run in x1 if page in run["scales"]["1"]["pages"]]
        target = {"plotly": targets["plotly_ratio"], "map": targets["map_ratio"]}.get(entry["kind"])
        scaled = [
            f"{_runs_with(runs, s)[-1]['scales'][s]['pages'][page]['ratio']:.1f}×" if _runs_with(runs, s) else "not run"
            for s in ("10", "100")
        ]
        met = f"{sum(r <= target for r in ratios)} of {len(ratios)} runs" if target else ""
        lines.append(
            f"| {page.replace('_', ' ')} | {_median(entry['page_s']):.2f} s | {_range(ratios, '.1f')}× "
            f"| {_median(entry['warm_s']):.2f} s | {scaled[0]} | {scaled[1]} "
            f"| {f'{target}×' if target else ''} | {met} |"
        )
    for page, entry in latest["scales"].get("1", {}).get("pages", {}).items():
        if "later_s" in entry:  # the map: "visible" is its SVG first paint; the deck comes later
            later = [
                run["scales"]["1"]["pages"][page]["later_ratio"]
                for run in x1
                if "later_ratio" in run["scales"]["1"]["pages"].get(page, {})
            ]
            lines += [
                "",
                f'{page.replace("_", " ")}: "visible" is the first paint (`{entry["selector"]}`); '
                f"the interactive deck.gl map (`{entry['later_selector']}`) is drawn over it at "
                f"{_median(entry['later_s']):.2f} s, {_range(later, '.1f')}× the bare page.",
            ]
    floored = [run for run in x1 if run.get("floor")]
    if floored:
        floors = "; ".join(
            f"with {name}, {_median(floored[-1]['floor'][name]['page_s']):.2f} s, "
            f"{_range([run['floor'][name]['ratio'] for run in floored if name in run['floor']], '.2f')}× the bare page"
            for name in floored[-1]["floor"]
        )
        lines += [
            "",
            "Floors under a chart page (`benchmarks/floor_app.py`: the bare page plus one chart drawn as the "
            f"dashboard draws them, and nothing else; ratios over the latest {len(floored)} run(s) that measured "
            f"them): {floors}.",
        ]
    lines += ["", "| filter change, server time (median of the latest run) | ×1 | ×10 | ×100 |", "|---|---|---|---|"]
    for page in latest["scales"].get("1", {}).get("pages", {}):
        cells = [
            f"{_median(_runs_with(runs, s)[-1]['scales'][s]['pages'][page]['rerun_ms']):.0f} ms"
            if _runs_with(runs, s)
            else "not run"
            for s in ("1", "10", "100")
        ]
        lines.append(f"| {page.replace('_', ' ')} | " + " | ".join(cells) + " |")
    lines.append(f"| target | {targets['rerun_ms_x1']} ms | | {targets['rerun_ms_x100']} ms |")
    trips = [_median(entry["round_trip_ms"]) for entry in latest["scales"].get("1", {}).get("pages", {}).values()]
    if trips:
        lines += ["", f"Browser round trip of the same change at ×1: {_range(trips, '.0f')} ms (for information)."]
    memory = latest["scales"].get("1", {}).get("memory_mb")
    if memory:
        lines += [
            "",
            f"Server memory: {memory['idle']:.0f} MB idle before any visit, {memory['1 sessions']:.0f} MB with "
            f"1 session, {memory['10 sessions']:.0f} MB with 10 sessions "
            f"(target under {targets['memory_10_sessions_mb']} MB).",
        ]
    loads = [
        f"{_runs_with(runs, s)[-1]['scales'][s]['load_s']:.2f} s at ×{s}"
        for s in ("1", "10", "100")
        if _runs_with(runs, s)
    ]
    lines += ["", "Loading and checking the data from scratch: " + ", ".join(loads) + "."]
    traced = [
        run for run in runs if any("trace" in entry for entry in run["scales"].get("1", {}).get("pages", {}).values())
    ]
    if traced:
        lines += _trace_table(traced[-1])
    return "\n".join(lines)


def _trace_table(run: dict) -> list[str]:
    groups = ("streamlit main bundle", "streamlit chunks", "plotly.js", "deck.gl")
    lines = [
        "",
        f"Where the time goes (Chromium performance trace, run of {run['started'][:10]}, "
        "ms of main-thread work unless said; evaluation includes compilation):",
        "",
        "| page | visible | "
        + " | ".join(f"{g}: evaluate + calls" for g in groups)
        + " | style + layout + paint | bytes transferred |",
        "|---|---|" + "---|" * (len(groups) + 2),
    ]
    rows = [("bare one-line page", run["scales"]["1"].get("bare_trace"))] + [
        (page.replace("_", " "), entry.get("trace")) for page, entry in run["scales"]["1"]["pages"].items()
    ]
    for name, trace in rows:
        if not trace:
            continue
        script_cells = []
        for group in groups:
            work = trace["scripts"].get(group, {})
            total = work.get("evaluate", 0) + work.get("calls", 0)
            script_cells.append(f"{total:.0f}" if total else "–")
        render = sum(trace["render_ms"].values())
        kilobytes = sum(group.get("kilobytes", 0) for group in trace["network"].values())
        lines.append(
            f"| {name} | {trace['visible_ms']} | "
            + " | ".join(script_cells)
            + f" | {render:.0f} | {kilobytes:,.0f} kB |"
        )
    return lines


# ---------------------------------------------------------------------------------------
# Page weight and slow networks (python -m benchmarks.network), from its latest JSON
# ---------------------------------------------------------------------------------------
def _megabytes(value: float) -> str:
    return f"{value / 1e6:.2f} MB"


def render_network(results_dir: pathlib.Path = NETWORK_RESULTS) -> str:
    files = sorted(results_dir.glob("*.json"))
    if not files:
        return "No network run has been committed yet: run `python -m benchmarks.network`."
    run = json.loads(files[-1].read_text(encoding="utf-8"))
    results = run["results"]
    lines = [
        f"Run of {run['started'][:16].replace('T', ' ')} UTC ({files[-1].name}), {run['runs']} visit(s) per cell; "
        f"slow profile: {run['profiles']['slow']['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, "
        f"{run['profiles']['slow']['latency']} ms round trip. "
        f"Code measured: {describe(run.get('code'), result_file=files[-1])}.",
        "",
        "| page | first visit, direct | first visit, proxy | slow, direct | slow, proxy (× bare page) "
        "| repeat visit, proxy |",
        "|---|---|---|---|---|---|",
    ]
    for page, fast_direct in results["fast"]["direct"].items():
        fast_proxy, slow_direct, slow_proxy = (
            results["fast"]["proxy"][page],
            results["slow"]["direct"][page],
            results["slow"]["proxy"][page],
        )
        ratio = "" if page == "bare" else f" ({slow_proxy['ratio_to_bare_first']:.1f}×)"
        name = "bare one-line page" if page == "bare" else page.replace("_", " ")
        lines.append(
            f"| {name} | {_megabytes(fast_direct['first']['http_bytes'])} "
            f"| {_megabytes(fast_proxy['first']['http_bytes'])} | {slow_direct['first']['seconds']:.1f} s "
            f"| {slow_proxy['first']['seconds']:.1f} s{ratio} | {fast_proxy['repeat']['http_bytes'] / 1000:.1f} kB |"
        )
    map_slow = results["slow"]["proxy"].get("Map", {}).get("first", {})
    if "later_seconds" in map_slow:  # runs that time the map's first paint (its SVG) and its deck apart
        lines += [
            "",
            "The map's times are to its first paint (its SVG image); on the slow profile through the proxy its "
            f"interactive deck follows at {map_slow['later_seconds']:.1f} s, and its bytes count the deck's "
            "scripts too.",
        ]
    lines += ["", "Verdicts of that run:"] + [f"- {verdict}" for verdict in run.get("verdicts", [])]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Under load (python -m benchmarks.load), from its reports
# ---------------------------------------------------------------------------------------
LOAD_PATTERNS = {
    "header": re.compile(r"^# Load test, (?P<date>[\d-]+ [\d:]+)"),
    "sessions": re.compile(r"^sessions: (?P<sessions>\d+), arriving over (?P<ramp>\d+) s"),
    "load": re.compile(r"^machine load average \(1 min\): (?P<start>[\d.]+) at the start, (?P<end>[\d.]+) at the end"),
    "actions": re.compile(r"^actions completed: (?P<actions>\d+)"),
    "errors": re.compile(r"^errors: (?P<errors>\d+)"),
    "all_actions": re.compile(r"^  all\s+(?P<median>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<slowest>[\d.]+)\s+n=\d+$"),
    "memory": re.compile(r"^server memory \(RSS\): (?P<idle>\d+) MB idle, (?P<peak>\d+) MB peak"),
    "cpu": re.compile(r"^server CPU: .*\((?P<cores>[\d.]+) cores busy on average\), (?P<per_run>\d+) ms per page run"),
}


def parse_load_report(text: str) -> dict:
    found: dict = {}
    all_rows = []
    for line in text.splitlines():
        for name, pattern in LOAD_PATTERNS.items():
            match = pattern.match(line)
            if match:
                if name == "all_actions":
                    all_rows.append(match.groupdict())
                else:
                    found.update(match.groupdict())
    found["actions_timing"], found["server_timing"] = [*all_rows, {}, {}][:2]
    return found


def load_reports(results_dir: pathlib.Path = LOAD_RESULTS) -> list[dict]:
    return [
        parse_load_report(text) | {"file": path.name, "code": describe(from_line(text), result_file=path)}
        for path in sorted(results_dir.glob("load-*.txt"))
        for text in [path.read_text(encoding="utf-8")]
    ]


def reports_line(reports: list[dict]) -> str:
    """The line under a load table naming each report file, its date and the code it measured."""
    return (
        "Reports: "
        + ", ".join(f"`benchmarks/load_results/{r['file']}` ({r['date']}, {r['code']})" for r in reports)
        + "."
    )


def render_load(results_dir: pathlib.Path = LOAD_RESULTS) -> str:
    """The runs against one server the benchmark started (the stack's runs: render_stack_load)."""
    reports = [r for r in load_reports(results_dir) if "peak" in r]
    if not reports:
        return "No load run has been committed yet: run `python -m benchmarks.load`."
    reports.sort(key=lambda r: (int(r["sessions"]), int(r["ramp"])))
    lines = [
        "| sessions | errors | actions | action to view drawn: median / 95th pct / slowest "
        "| server run time: median / 95th pct | server peak memory | server CPU | machine load average |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        a, t = r["actions_timing"], r["server_timing"]
        lines.append(
            f"| {r['sessions']} (over {r['ramp']} s) | {r['errors']} | {r['actions']} "
            f"| {a['median']} / {a['p95']} / {a['slowest']} s | {float(t['median']):,.0f} / {float(t['p95']):,.0f} ms "
            f"| {r['peak']} MB | {r['cores']} cores, {r['per_run']} ms per run | {r['start']} to {r['end']} |"
        )
    lines += ["", reports_line(reports)]
    return "\n".join(lines + capacity(reports))


STACK_PATTERNS = {
    "client": re.compile(r"^client: (?P<client>\w+)"),
    "reconnects": re.compile(r"^reconnects \(.*\): (?P<reconnects>\d+)"),
    "restart": re.compile(
        r"^actions during the restart: (?P<during>\d+): (?P<applied>\d+) applied, (?P<redone>\d+) redone after a "
        r"reconnect, (?P<unchecked>\d+) redone but not checked .*, (?P<lost>\d+) lost, (?P<restart_errors>\d+) errors"
    ),
    "restart_time": re.compile(r"^rolling restart \(deploy/reload.sh\): from (?P<from>[\d.]+) s to (?P<to>[\d.]+) s"),
}
REPLICA_LINE = re.compile(
    r"^replica (?P<address>\S+): memory \(RSS\) \d+ MB idle, (?P<peak>\d+) MB peak; CPU [\d.]+ s "
    r"\((?P<cores>[\d.]+) cores busy on average\), (?P<sessions>\d+) websocket sessions"
)


def parse_stack_report(text: str) -> dict:
    """A run through the stack: the common figures, the client, each replica's, the restart's."""
    found = parse_load_report(text)
    for line in text.splitlines():
        for pattern in STACK_PATTERNS.values():
            if match := pattern.match(line):
                found.update(match.groupdict())
    found["replicas"] = [match.groupdict() for line in text.splitlines() if (match := REPLICA_LINE.match(line))]
    return found


def render_stack_load(results_dir: pathlib.Path = LOAD_RESULTS) -> str:
    """The runs through deploy/start.sh's stack (``--url``, ``--runtime``), a rolling restart's included."""
    reports = [
        parse_stack_report(text) | {"file": path.name, "code": describe(from_line(text), result_file=path)}
        for path in sorted(results_dir.glob("load-*.txt"))
        for text in [path.read_text(encoding="utf-8")]
        if any(REPLICA_LINE.match(line) for line in text.splitlines())
    ]
    if not reports:
        return (
            "No run through the stack has been committed yet: run `python -m benchmarks.load --url ... --runtime ...`."
        )
    reports.sort(key=lambda r: ("during" in r, int(r["sessions"])))
    lines = [
        "| sessions | client | errors | actions | action to result: median / 95th pct / slowest "
        "| per replica (by address): websocket sessions, peak memory, CPU "
        "| machine load average | during a rolling restart |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        a = r["actions_timing"]
        replicas = "; ".join(
            f"{x['sessions']} sessions, {x['peak']} MB, {x['cores']} cores"
            for x in sorted(r["replicas"], key=lambda x: x["address"])
        )
        restart = (
            f"{r['during']} actions from {r['from']} to {r['to']} s: {r['applied']} applied, {r['redone']} redone "
            f"after a reconnect, {r['unchecked']} not checked, {r['lost']} lost"
            if "during" in r
            else "no restart"
        )
        lines.append(
            f"| {r['sessions']} (over {r['ramp']} s) | {r.get('client', 'chromium')} | {r['errors']} | {r['actions']} "
            f"| {a['median']} / {a['p95']} / {a['slowest']} s | {replicas} | {r['start']} to {r['end']} | {restart} |"
        )
    lines += ["", reports_line(reports)]
    return "\n".join(lines)


READER_PAUSE_S = 10  # a reader who reads acts about every 10 s (a filter, a tab, a page)


def capacity(reports: list[dict]) -> list[str]:
    """What one server process can carry, from the reports' CPU and memory figures."""
    clean = [r for r in reports if r["errors"] == "0"] or reports
    # The largest run without errors, the slowest arrival first (the usual case).
    largest = max(clean, key=lambda r: (int(r["sessions"]), int(r["ramp"])))
    smallest = min(clean, key=lambda r: (int(r["sessions"]), -int(r["ramp"])))
    per_run_ms, idle, peak, sessions = (int(largest[key]) for key in ("per_run", "idle", "peak", "sessions"))
    core_share = per_run_ms / 1000 / READER_PAUSE_S
    memory = f"Memory: {idle} MB idle, {peak} MB at {sessions} sessions"
    if int(smallest["sessions"]) < sessions:
        further = (peak - int(smallest["peak"])) / (sessions - int(smallest["sessions"]))
        memory += (
            f", {smallest['peak']} MB at {smallest['sessions']}: most of it comes with the first session (the dataset, "
            f"pandas, plotly), then {further:.1f} MB per further session"
        )
    return [
        "",
        f"Sizing, from the {sessions}-session report: {per_run_ms} ms of server CPU per page run (static files "
        f"and websocket traffic included); a reader who acts every {READER_PAUSE_S} s costs {core_share:.3f} of a "
        f"core, so one core carries about {1 / core_share:.0f} such readers at full use (plan for half). "
        f"{memory}.",
    ]


# ---------------------------------------------------------------------------------------
# The data API (python -m benchmarks.api), from its latest result
# ---------------------------------------------------------------------------------------
def render_api(results_dir: pathlib.Path = API_RESULTS) -> str:
    files = sorted(results_dir.glob("*.json"))
    if not files:
        return "No API run has been committed yet: run `python -m benchmarks.api` and commit `benchmarks/api_results/`."
    run = json.loads(files[-1].read_text(encoding="utf-8"))
    scales = sorted(run["scales"], key=int)
    lines = [
        f"Run of {run['started'][:16].replace('T', ' ')} UTC ({files[-1].name}), served by {run['served']}, "
        f"{run['machine']['cores']} cores, {run['requests']} requests per address and scale, each for another view. "
        f"Code measured: {describe(run.get('code'), result_file=files[-1])}.",
        "",
        "| address (under /api/v1/) | " + " | ".join(f"×{s} median / 95th pct" for s in scales) + " |",
        "|---|" + "---|" * len(scales),
    ]
    addresses = list(run["scales"][scales[0]]["addresses"])
    rows = [(address, [run["scales"][s]["addresses"][address] for s in scales]) for address in addresses]
    rows += [("all of them", [run["scales"][s]["all"] for s in scales])]
    rows += [("a conditional request answered 304", [run["scales"][s]["not_modified"] for s in scales])]
    for name, cells in rows:
        label = name if name.startswith(("all", "a ", "(")) else f"`{name}`"
        lines.append(f"| {label} | " + " | ".join(f"{c['median_ms']:.0f} / {c['p95_ms']:.0f} ms" for c in cells) + " |")
    lines += [
        "",
        "Loading the data (the first request): "
        + ", ".join(f"×{s} {run['scales'][s]['first_request_s']:.1f} s" for s in scales)
        + "; errors: "
        + ", ".join(f"×{s} {run['scales'][s]['errors']}" for s in scales)
        + ".",
    ]
    at_once = [(s, run["scales"][s]["concurrent"]) for s in scales if "concurrent" in run["scales"][s]]
    for s, c in at_once:
        lines.append(
            f"×{s}, {c['requests']} requests at once: {c['errors']} errors, all answered in {c['wall_s']:.1f} s "
            f"(median {c['median_ms']:.0f} ms, 95th pct {c['p95_ms']:.0f} ms)."
        )
    return "\n".join(lines)


SECTIONS.update(
    {
        "benchmark-tables": (START, END, lambda: render(load_runs())),
        "lighthouse-table": (lighthouse.START, lighthouse.END, lambda: lighthouse.render(lighthouse.load_latest())),
        "network-table": (
            "<!-- network-table:start (python -m benchmarks.report --write) -->",
            "<!-- network-table:end -->",
            render_network,
        ),
        "api-table": (
            "<!-- api-table:start (python -m benchmarks.report --write) -->",
            "<!-- api-table:end -->",
            render_api,
        ),
        "load-table": (
            "<!-- load-table:start (python -m benchmarks.report --write) -->",
            "<!-- load-table:end -->",
            render_load,
        ),
        "stack-load-table": (
            "<!-- stack-load-table:start (python -m benchmarks.report --write) -->",
            "<!-- stack-load-table:end -->",
            render_stack_load,
        ),
    }
)


def section(text: str, name: str = "benchmark-tables") -> str:
    """The generated text between a section's markers in a document."""
    start_marker, end_marker, _ = SECTIONS[name]
    start, end = text.index(start_marker) + len(start_marker), text.index(end_marker)
    return text[start:end].strip("\n")


# "3 commits behind HEAD" grows with every commit, and what git can tell depends on the clone
# (a shallow one has no history): the guard compares the tables without those words, which
# benchmarks/provenance.py writes.
DISTANCE = (
    (
        re.compile(r"commit not recorded, file committed in \w+, \d+ commits? behind HEAD"),
        "commit not recorded",
    ),
    (re.compile(r"\d+ commits? behind HEAD|not in this checkout's history"), "(distance to HEAD)"),
)


def without_distance(text: str) -> str:
    for pattern, words in DISTANCE:
        text = pattern.sub(words, text)
    return text


def write(doc: pathlib.Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    for start_marker, end_marker, renderer in SECTIONS.values():
        start, end = text.index(start_marker) + len(start_marker), text.index(end_marker)
        text = text[:start] + "\n" + renderer() + "\n" + text[end:]
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
    else:
        print(render(load_runs()))
