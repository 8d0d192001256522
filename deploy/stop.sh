#!/usr/bin/env bash
# Stop what deploy/start.sh started (same RUNTIME_DIR): nginx, then every replica and the
# health service, each with its supervisor.
#   bash deploy/stop.sh              # the whole stack
#   bash deploy/stop.sh replica 2    # only replica 2 (nginx sends its readers to the others)
# Only processes named by the pid files in RUNTIME_DIR are signalled; a command whose
# supervisor is gone is stopped by its own pid file (NAME.child.pid).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=deploy/common.sh
source "$ROOT/deploy/common.sh"

stop_pid_file() {  # pid file, signal
  local file=$1 signal=$2 pid
  [ -f "$file" ] || return 0
  if pid=$(pid_alive "$file"); then
    kill "-$signal" "$pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; fi
  fi
  rm -f "$file"
}

stop_supervised() {  # name: the supervisor stops its command; then the command, if still there
  stop_pid_file "$RUNTIME_DIR/$1.pid" TERM
  stop_pid_file "$RUNTIME_DIR/$1.child.pid" TERM
}

if [ "${1:-}" = "replica" ]; then
  stop_supervised "replica-${2:?which replica}"
  exit 0
fi
stop_pid_file "$RUNTIME_DIR/nginx.pid" TERM  # fast shutdown: open websockets are closed, readers reconnect
for file in "$RUNTIME_DIR"/*.pid; do
  [ -e "$file" ] || continue
  case "$file" in *.child.pid) continue ;; esac
  stop_supervised "$(basename "$file" .pid)"
done
for file in "$RUNTIME_DIR"/*.child.pid; do  # commands whose supervisor had died
  [ -e "$file" ] && stop_pid_file "$file" TERM
done
left=$(running_pids)
[ -z "$left" ] || { echo "still running: $left" >&2; exit 1; }
echo "stopped the stack in $RUNTIME_DIR"
