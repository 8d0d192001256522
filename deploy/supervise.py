"""Run one command and start it again whenever it exits, until told to stop.

    python3 deploy/supervise.py --name replica-1 --runtime DIR -- .venv/bin/python -m streamlit run app.py ...

A small supervisor for deploy/start.sh (under systemd, ``Restart=always`` does this job
instead). Standard library only. It writes, in DIR:

- ``NAME.pid``: its own pid (deploy/stop.sh signals it; it then stops the command);
- ``NAME.child.pid``: the command's current pid (a new one after each restart);
- ``NAME.restarts``: how many times the command was started again.

The command's output goes to ``DIR/logs/NAME.log``, appended to (logrotate rotates it; this
process reopens the file at each start of the command). A command that exits is started again
after ``--delay`` seconds (1 s), so a crashed replica is back well within 10 s; one that keeps
crashing is started at most every 5 s. SIGTERM or SIGINT: the command gets SIGTERM, then
SIGKILL after 10 s, and the supervisor exits. A pid file that names a live process is never
overwritten: the supervisor refuses to start.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import signal
import subprocess
import sys
import time

STOP_GRACE_SECONDS = 10
MAX_DELAY_SECONDS = 5.0


def alive(pid_file: pathlib.Path) -> int | None:
    """The pid in ``pid_file`` if that process is running."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervise: {message}", file=sys.stderr, flush=True)


def supervise(name: str, runtime: pathlib.Path, command: list[str], delay: float) -> int:
    pid_file, child_file, restarts_file = (
        runtime / f"{name}{suffix}" for suffix in (".pid", ".child.pid", ".restarts")
    )
    for existing in (pid_file, child_file):
        if (pid := alive(existing)) is not None:
            log(f"{name} is already running (pid {pid} in {existing}); not starting another")
            return 1
    pid_file.write_text(f"{os.getpid()}\n")
    restarts_file.write_text("0\n")
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    log_path = runtime / "logs" / f"{name}.log"
    restarts, wait = 0, delay / 2
    try:
        while not stopping:
            started = time.monotonic()
            with open(log_path, "ab", buffering=0) as output:
                child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            child_file.write_text(f"{child.pid}\n")
            child.wait()
            if stopping:
                break
            # Quick crash after crash: wait longer (up to 5 s), so a broken command does not spin.
            wait = delay if time.monotonic() - started > 30 else min(wait * 2, MAX_DELAY_SECONDS)
            log(f"{name} (pid {child.pid}) exited with {child.returncode}; starting it again in {wait:.0f} s")
            time.sleep(wait)
            restarts += 1
            restarts_file.write_text(f"{restarts}\n")
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for path in (child_file, pid_file):
            path.unlink(missing_ok=True)
    log(f"{name} stopped")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--runtime", required=True, type=pathlib.Path)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds before a restart")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    sys.exit(supervise(args.name, args.runtime.resolve(), command, args.delay))


if __name__ == "__main__":
    main()
