"""Server-side time of a filter change on each page, alone: no browser, a minute or two.

    .venv/bin/python -m benchmarks.rerun [--scales 1,100] [--runs 5] [--pages Funding,...] [--profile N]

The same measurement as the full benchmark's "rerun" column (benchmarks/__main__.py's
``rerun_ms``: AppTest reruns, each adding a country not chosen before, on data/ or on a scaled
copy built by ``scaled_copy``), without the browser visits, so a change to a page's server work
can be checked in a minute or two. Run it with ``nice -n 10`` on a shared machine; its times
move with the machine's load, so compare runs made back to back.

``--profile N`` prints the N costliest functions of each page's reruns (the first run, which
opens the page, left out); ``--sort`` cumulative or tottime; ``--filter`` a regular expression
on their files (say ``components|pages``). Nothing is written; the committed results come from
``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pathlib
import pstats
import statistics
import tempfile
import time

from benchmarks.__main__ import PAGE_FILES, rerun_ms, scaled_copy


@contextlib.contextmanager
def script_runs(profiler: cProfile.Profile | None, cpu_ms: list[float]):
    """Record each page script run's CPU time (its thread's, in ms) into ``cpu_ms``, and profile
    the runs with ``profiler``: all but the first, which opens the page. The runs happen in
    AppTest's script thread, which a profiler enabled in this thread would not see. CPU time
    moves less with the machine's load than the wall time the benchmark reports."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script
    runs = []

    def run_script(self, rerun_data):
        runs.append(rerun_data)
        if len(runs) == 1:
            return original(self, rerun_data)
        if profiler:
            profiler.enable()
        start = time.thread_time()
        try:
            return original(self, rerun_data)
        finally:
            cpu_ms.append((time.thread_time() - start) * 1000)
            if profiler:
                profiler.disable()

    ScriptRunner._run_script = run_script
    try:
        yield
    finally:
        ScriptRunner._run_script = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default="", help="comma-separated routes (Overview for the first page)")
    parser.add_argument("--profile", type=int, default=0, help="print this many costliest functions per page")
    parser.add_argument("--sort", default="cumulative", help="with --profile: cumulative or tottime")
    parser.add_argument("--filter", default="", help="with --profile: only functions whose file matches this")
    args = parser.parse_args()
    wanted = {name for name in args.pages.split(",") if name}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in [int(s) for s in args.scales.split(",")]:
            if scale == 1:
                os.environ.pop("HMT_DATA_DIR", None)
            else:
                os.environ["HMT_DATA_DIR"] = str(scaled_copy(scale, pathlib.Path(tmp) / f"data_x{scale}"))
            print(f"## data x{scale}: median of {max(args.runs * 2, 10)} reruns (min, max): wall time, script CPU time")
            for route, page_file in PAGE_FILES.items():
                name = route or "Overview"
                if wanted and name not in wanted:
                    continue
                profiler = cProfile.Profile() if args.profile else None
                cpu: list[float] = []
                with script_runs(profiler, cpu):
                    timings = rerun_ms(page_file, args.runs)
                print(
                    f"{name:26s} {statistics.median(timings):6.0f} ms ({min(timings):.0f}, {max(timings):.0f})"
                    f"   cpu {statistics.median(cpu):5.0f} ms ({min(cpu):.0f}, {max(cpu):.0f})",
                    flush=True,
                )
                if profiler:
                    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.filter or ".", args.profile)


if __name__ == "__main__":
    main()
