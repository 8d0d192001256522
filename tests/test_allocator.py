"""The server asks glibc for two malloc arenas (components/allocator.py), unless the operator set
MALLOC_ARENA_MAX; on a system without glibc nothing is done and nothing fails."""

import importlib.util
import pathlib

from components import allocator

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_glibc_takes_the_arena_limit(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert allocator.limit_arenas() is True  # this project's machines run Debian's glibc


def test_the_operators_setting_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert allocator.limit_arenas() is False


def test_without_glibc_nothing_is_done(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)

    def no_libc(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(allocator.ctypes, "CDLL", no_libc)
    assert allocator.limit_arenas() is False


def test_building_the_server_limits_the_arenas(monkeypatch):
    calls = []
    monkeypatch.setattr(allocator, "limit_arenas", lambda: calls.append("limited") or True)
    spec = importlib.util.spec_from_file_location("app", ROOT / "app.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))  # as `streamlit run` imports it
    assert calls == ["limited"]


def test_every_way_of_starting_the_app_limits_the_arenas_from_the_start():
    # Arenas made before the app is imported stay (about 20 MB of the server's memory in the
    # benchmark), so the launchers set glibc's variable too, to the app's own number.
    arenas = str(allocator.ARENAS)
    launchers = {
        "scripts/run.sh": f'export MALLOC_ARENA_MAX="${{MALLOC_ARENA_MAX:-{arenas}}}"',
        "deploy/common.sh": f'MALLOC_ARENA_MAX="${{MALLOC_ARENA_MAX:-{arenas}}}"',
        "deploy/systemd/haiti-mission-tracker-replica@.service": f"Environment=MALLOC_ARENA_MAX={arenas}",
        "deploy/Containerfile": f"MALLOC_ARENA_MAX={arenas}",
    }
    for path, setting in launchers.items():
        assert setting in (ROOT / path).read_text(encoding="utf-8"), path
