"""Which code a benchmark result measured: the git commit, and whether the tree had changes.

Every result writer (``python -m benchmarks``, ``benchmarks.network``, ``benchmarks.load``,
``benchmarks.lighthouse``) stores ``code_state()`` with its figures; the generated tables say,
with ``describe()``, how many commits behind HEAD each result is, counted by git when the
report is written. Results written before this existed carry no commit: "commit not recorded".
"""

from __future__ import annotations

import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Outputs of the benchmarks themselves: a run that has just written one is not "changed code".
RESULT_PATHS = (
    "benchmarks/history/",
    "benchmarks/lighthouse_results/",
    "benchmarks/load_results/",
    "benchmarks/network_results/",
)
LISTED_CHANGES = 20  # a result names at most this many changed files


def _git(root: pathlib.Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine: the result says the commit is not known
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def code_state(root: pathlib.Path = ROOT) -> dict:
    """{"commit": full hash or None, "dirty": bool or None, "changed": [paths]} of the checkout at `root`.

    "dirty" counts tracked files changed since the commit and new files git does not ignore,
    outside the result folders; "changed" names the first few of them.
    """
    commit = _git(root, "rev-parse", "HEAD")  # (each status line: two status letters, a space, the path)
    status = _git(root, "status", "--porcelain", "--untracked-files=all")
    if commit is None or status is None:
        return {"commit": commit, "dirty": None, "changed": []}
    changed = [line[3:] for line in status.splitlines() if line[3:] and not line[3:].startswith(RESULT_PATHS)]
    return {"commit": commit, "dirty": bool(changed), "changed": changed[:LISTED_CHANGES]}


def commits_behind(commit: str, root: pathlib.Path = ROOT) -> int | None:
    """How many commits HEAD has that `commit` has not; None when git cannot tell (not an ancestor,
    unknown commit, shallow clone, no git)."""
    if _git(root, "merge-base", "--is-ancestor", commit, "HEAD") is None:
        return None
    count = _git(root, "rev-list", "--count", f"{commit}..HEAD")
    return int(count) if count and count.isdigit() else None


def describe(state: dict | None, root: pathlib.Path = ROOT, result_file: pathlib.Path | str | None = None) -> str:
    """A result's code in words: "commit 1a2b3c4, 3 commits behind HEAD, with uncommitted changes".

    A result written before commits were recorded says so; given its file, it also says when the
    file was committed, an upper bound of how old the measured code is."""
    if not state or not state.get("commit"):
        added = result_file and _git(root, "log", "--diff-filter=A", "-n", "1", "--format=%H", "--", str(result_file))
        behind = commits_behind(added, root) if added else None
        if behind is None:
            return "commit not recorded"
        plural = "s" if behind != 1 else ""
        return f"commit not recorded, file committed in {added[:7]}, {behind} commit{plural} behind HEAD"
    words = [f"commit {state['commit'][:7]}"]
    behind = commits_behind(state["commit"], root)
    if behind is None:
        words.append("not in this checkout's history")
    else:
        words.append(f"{behind} commit{'s' if behind != 1 else ''} behind HEAD")
    if state.get("dirty"):
        words.append("with uncommitted changes")
    return ", ".join(words)


# The load test writes a text report: its state is one line of it, read back by the report.
LINE_PREFIX = "code: "


def as_line(state: dict) -> str:
    changes = (
        "unknown"
        if state.get("dirty") is None
        else ("yes: " + ", ".join(state["changed"]))
        if state["dirty"]
        else "none"
    )
    return f"{LINE_PREFIX}commit {state.get('commit') or 'unknown'}; uncommitted changes: {changes}"


def from_line(text: str) -> dict | None:
    """The state `as_line` wrote into a text report, or None when the report has no such line."""
    for line in text.splitlines():
        if line.startswith(LINE_PREFIX + "commit "):
            commit, _, changes = line[len(LINE_PREFIX) + len("commit ") :].partition("; uncommitted changes: ")
            dirty = None if changes == "unknown" else changes != "none"
            return {"commit": None if commit == "unknown" else commit, "dirty": dirty, "changed": []}
    return None
