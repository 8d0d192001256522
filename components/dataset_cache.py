"""The dataset each process serves: shared by all sessions (read-only), loaded again when the
content of the data files changes, and never replaced by an update that fails validation.

No Streamlit here: the page set-up (components/page.py) calls ``current_dataset``; the
self-hosting stack's health check (deploy/health.py) reads the status file it writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import pathlib
import threading
import time

from components.data import DataError, Dataset, load_dataset

STATUS_FILE_ENV = "HMT_STATUS_FILE"
_DATASETS: dict[str, dict] = {}  # per data folder: the last good dataset, its hash, a rejected update
_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)
DEFAULT_CHECK_SECONDS = 10.0


def check_seconds(setting: str | None) -> float:
    """How often the data files are looked at for an update: HMT_DATA_CHECK_SECONDS, or 10 s.
    A value that is not a non-negative number is logged and replaced by the default, so a typo
    in a unit file never stops the app (it would fail on every page)."""
    if setting is None or not setting.strip():
        return DEFAULT_CHECK_SECONDS
    try:
        seconds = float(setting)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        _LOG.warning("HMT_DATA_CHECK_SECONDS=%r is not a number of seconds; using %s", setting, DEFAULT_CHECK_SECONDS)
        return DEFAULT_CHECK_SECONDS
    return seconds


DATA_CHECK_SECONDS = check_seconds(os.environ.get("HMT_DATA_CHECK_SECONDS"))


def content_hash(folder: pathlib.Path) -> str:
    """A short hash of every file's name and bytes in ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def current_dataset(data_dir: str) -> Dataset:
    """The dataset in ``data_dir``, looked at again every DATA_CHECK_SECONDS at most, so that an
    update is served within seconds, without a restart. An update that fails validation never
    replaces the last good dataset: that one is kept, the problems are logged and written to
    the file named by ``HMT_STATUS_FILE`` (/healthz reports them). Only a folder that never
    loaded raises DataError (the page shows the problems)."""
    folder = pathlib.Path(data_dir)
    with _LOCK:
        entry = _DATASETS.get(data_dir)
        if entry and time.monotonic() - entry["checked"] < DATA_CHECK_SECONDS:
            return entry["dataset"]
        content = content_hash(folder)
        if entry and content in (entry["hash"], (entry["rejected"] or {}).get("data_hash")):
            entry["checked"] = time.monotonic()
            return entry["dataset"]
        _hand_back_arrow_memory()
        try:
            dataset, rejected = load_dataset(folder), None
        except DataError as error:
            if entry is None:
                raise
            problems = [str(problem) for problem in error.problems]
            _LOG.warning(
                "data update in %s rejected, still serving the last good data (%s): %s",
                folder,
                entry["hash"],
                "; ".join(problems[:20]),
            )
            at = dt.datetime.now().isoformat(timespec="seconds")
            rejected = {"data_hash": content, "problems": problems[:50], "at": at}
            dataset, content = entry["dataset"], entry["hash"]
        _DATASETS[data_dir] = {"dataset": dataset, "hash": content, "rejected": rejected, "checked": time.monotonic()}
        _hand_back_arrow_memory()
        _write_status(folder, dataset, content, rejected)
        return dataset


def _hand_back_arrow_memory() -> None:
    """Called before and after each load. pandas keeps text in Arrow arrays, and Arrow's default
    allocator (mimalloc) keeps what it frees for its own reuse: loading and checking the data
    frees tens of MB the served dataset never needs again. On the system allocator, with that
    released after each load, the server holds a few MB less once sessions have come and gone
    (the benchmark's memory figures, docs/performance.md)."""
    import pyarrow  # imported here, where the data is loaded

    if pyarrow.default_memory_pool().backend_name != "system":
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    pyarrow.default_memory_pool().release_unused()


def served_hash(data_dir: str) -> str:
    """The content hash of the dataset ``current_dataset(data_dir)`` last returned (every
    replica serving the same files gives the same hash: the API's ETags are built on it)."""
    with _LOCK:
        entry = _DATASETS.get(data_dir)
        return entry["hash"] if entry else ""


def _write_status(folder: pathlib.Path, dataset: Dataset, content: str, rejected: dict | None) -> None:
    status_file = os.environ.get(STATUS_FILE_ENV)
    if not status_file:
        return
    status = {
        "data_dir": str(folder),
        "data_hash": content,
        "data_version": f"{dataset.data_version:%Y-%m-%d}",
        "as_of": f"{dataset.as_of:%Y-%m-%d}",
        "rejected": rejected,
        "pid": os.getpid(),
    }
    pathlib.Path(status_file + ".tmp").write_text(json.dumps(status, indent=1), encoding="utf-8")
    os.replace(status_file + ".tmp", status_file)
