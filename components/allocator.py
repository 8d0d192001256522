"""Fewer malloc arenas for the server process (Linux with glibc; elsewhere nothing is done).

Streamlit runs each page run in a new thread, and glibc gives threads their own malloc arenas (up
to eight per core). Memory freed in one arena is not reused by another, so the server's resident
memory grew with every visit; with this limit it grows less (``python -m benchmarks`` measures the
server's memory). This is glibc's ``MALLOC_ARENA_MAX``, set from the code so that every way of
starting the app gets it, Streamlit Community Cloud's included. Arenas made before the server is
built stay (about 20 MB of the benchmark's server), so the launchers also set ``MALLOC_ARENA_MAX``
to the same number before the start: ``scripts/run.sh``, ``deploy/common.sh``, the systemd unit,
the container image and ``browser_kit.start_streamlit`` (the tests and the benchmarks); a test
guards each copy. An operator's own ``MALLOC_ARENA_MAX`` wins."""

from __future__ import annotations

import ctypes
import os

ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h: mallopt's parameter number for the arena limit


def limit_arenas(count: int = ARENAS) -> bool:
    """Ask glibc to use at most ``count`` arenas from now on; whether it took the setting."""
    if os.environ.get("MALLOC_ARENA_MAX"):  # glibc read it at the process's start
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, count))
    except (OSError, AttributeError):  # not glibc (macOS, musl): its allocator is left as it is
        return False
