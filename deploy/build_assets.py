"""Copy the static files nginx serves itself into one folder, each compressible one also
stored compressed ahead of time (brotli quality 11, gzip level 9), and print the folder.

    .venv/bin/python deploy/build_assets.py [--root .run/assets]

What nginx serves from disk, without asking a replica: Streamlit's frontend
(``<streamlit>/static/static/`` at ``/static/``, every name content-hashed) and this app's
``static/`` folder at ``/app/static/``. Compressing at the highest levels takes a while (about
half a minute on two cores) and is done once per Streamlit version and content of ``static/``:
the folder's name holds both, so an upgrade makes a new one and a rerun reuses it.
On-the-fly brotli (level 5) would send about 10 % more bytes for the same JavaScript.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import fcntl
import gzip
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".geojson", ".svg", ".txt", ".map", ".html", ".csv", ".ttf", ".otf"}
MIN_SIZE = 1024


def key() -> str:
    import streamlit

    digest = hashlib.sha256()
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"streamlit-{streamlit.__version__}-static-{digest.hexdigest()[:12]}"


def compress(path: pathlib.Path, brotli: str | None) -> None:
    data = path.read_bytes()
    (path.with_name(path.name + ".gz")).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    if brotli:
        subprocess.run([brotli, "-q", "11", "-f", "-k", str(path)], check=True)


def build(target: pathlib.Path) -> None:
    import streamlit

    # A folder of this process's own: two stacks starting at once from one checkout (the test
    # suite's two workers) each build, and the first rename wins.
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(pathlib.Path(streamlit.__file__).parent / "static" / "static", partial / "static")
    shutil.copytree(ROOT / "static", partial / "app" / "static")
    files = [p for p in partial.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE and p.stat().st_size >= MIN_SIZE]
    brotli = shutil.which("brotli")
    if not brotli:
        print("deploy/build_assets.py: no brotli command (Debian package brotli); gzip only", file=sys.stderr)
    # Largest first, so the 3 MB map chunk does not finish last on its own.
    files.sort(key=lambda p: -p.stat().st_size)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda p: compress(p, brotli), files))
    for path in [partial, *partial.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # nginx's workers read it
    try:
        partial.rename(target)
    except OSError:  # another process built the same assets first: theirs are the same files
        if not target.is_dir():
            raise
        shutil.rmtree(partial, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT / ".run" / "assets"))
    args = parser.parse_args()
    root = pathlib.Path(args.root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    target = root / key()
    # One build at a time per folder: a second process (the test suite's other worker, a
    # reload during a start) waits for the first one's result instead of compressing the same
    # 24 MB again on the same two cores.
    with open(root / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_dir():
            build(target)
    print(target)


if __name__ == "__main__":
    main()
