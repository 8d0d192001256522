"""The locks (requirements*.lock, written by scripts/lock.sh) agree with the top-level requirements.

Every package pinned in a requirements file, and in the files it includes with ``-r``, appears in
that file's lock with the same version, every locked package carries its hashes (setup.sh installs
with --require-hashes), and the app's packages have one version in every lock. Parsed from the
files alone, no network: the locks are regenerated with ``bash scripts/lock.sh``.
"""

from __future__ import annotations

import pathlib
import re
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOCKS = {
    "requirements.txt": "requirements.lock",
    "deploy/requirements.txt": "deploy/requirements.lock",
    "requirements-dev.txt": "requirements-dev.lock",
}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;\\#]+)")
FIX = "run bash scripts/lock.sh and commit the locks"


def canonical(name: str) -> str:
    """A distribution's name as PyPI compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_pins(path: pathlib.Path) -> dict[str, str]:
    """name -> version of every requirement in `path` and the files it includes with -r."""
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            pins |= top_level_pins(path.parent / line.split(maxsplit=1)[1])
            continue
        match = PIN.match(line)
        assert match, f"{path.relative_to(ROOT)}: {raw!r} is not pinned with == (every top-level package is)"
        pins[canonical(match["name"])] = match["version"]
    return pins


def locked(path: pathlib.Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of every package in a lock written by uv or pip-compile."""
    packages: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonical(match["name"])
            packages[current] = (match["version"], 0)
        if current and "--hash=sha256:" in line:
            version, hashes = packages[current]
            packages[current] = (version, hashes + line.count("--hash=sha256:"))
    return packages


def test_every_requirements_file_has_a_lock():
    tops = {
        str(path.relative_to(ROOT))
        for path in [*ROOT.glob("requirements*.txt"), *ROOT.glob("deploy/requirements*.txt")]
    }
    assert tops == set(LOCKS), (
        f"requirements files without a lock in tests/test_locks.py and scripts/lock.sh: {tops - set(LOCKS)}"
    )


@pytest.mark.parametrize("requirements", LOCKS)
def test_the_lock_pins_every_top_level_package_at_its_version(requirements):
    lock = ROOT / LOCKS[requirements]
    assert lock.exists(), f"{LOCKS[requirements]} is missing: {FIX}"
    pins, packages = top_level_pins(ROOT / requirements), locked(lock)
    drift = {
        name: (version, packages.get(name, ("missing", 0))[0])
        for name, version in pins.items()
        if packages.get(name, ("",))[0] != version
    }
    assert not drift, f"{LOCKS[requirements]} differs from {requirements} (name: (wanted, locked)): {drift}; {FIX}"


@pytest.mark.parametrize("requirements", LOCKS)
def test_every_locked_package_has_hashes(requirements):
    unhashed = [name for name, (_, hashes) in locked(ROOT / LOCKS[requirements]).items() if not hashes]
    assert not unhashed, (
        f"{LOCKS[requirements]}: no hash for {unhashed} (setup.sh installs with --require-hashes); {FIX}"
    )


def test_community_cloud_still_reads_requirements_txt():
    # Community Cloud takes the first of uv.lock, Pipfile, environment.yml, requirements.txt,
    # pyproject.toml that it finds; pyproject.toml comes after requirements.txt, and holds no
    # dependencies anyway.
    for earlier in ("uv.lock", "Pipfile", "environment.yml", "environment.yaml"):
        assert not (ROOT / earlier).exists(), f"{earlier} would replace requirements.txt on Streamlit Community Cloud"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "project" not in pyproject and "poetry" not in pyproject.get("tool", {}), (
        "pyproject.toml holds tool settings only"
    )


def test_a_lock_that_moved_a_pin_is_caught(tmp_path):
    # The check itself: a lock with another version of a pinned package is reported.
    (tmp_path / "requirements.txt").write_text("streamlit==1.0.0\n", encoding="utf-8")
    (tmp_path / "requirements.lock").write_text("streamlit==1.0.1 \\\n    --hash=sha256:00\n", encoding="utf-8")
    assert top_level_pins(tmp_path / "requirements.txt") == {"streamlit": "1.0.0"}
    assert locked(tmp_path / "requirements.lock") == {"streamlit": ("1.0.1", 1)}


def test_the_app_packages_have_one_version_in_every_lock():
    # The app's own packages resolve to the same versions whichever set installs them, so the
    # self-hosted stack and the tests run what Community Cloud runs (from requirements.txt).
    runtime, deploy, dev = (locked(ROOT / LOCKS[name]) for name in LOCKS)
    for name, (version, _) in runtime.items():
        assert deploy.get(name, ("missing",))[0] == version == dev.get(name, ("missing",))[0], (
            f"{name}: {version} in requirements.lock, not in the others; {FIX}"
        )
