#!/usr/bin/env bash
# Stop what deploy/start.sh started (same RUNTIME_DIR): nginx, then every replica.
#   bash deploy/stop.sh              # the whole stack
#   bash deploy/stop.sh replica 2    # only replica 2 (nginx sends its readers to the others)
# Only the processes whose pids start.sh wrote are signalled.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNTIME_DIR=${RUNTIME_DIR:-$ROOT/.run/stack}

stop_pid_file() {  # pid file, signal
  local file=$1 signal=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; fi
  fi
  rm -f "$file"
}

if [ "${1:-}" = "replica" ]; then
  stop_pid_file "$RUNTIME_DIR/replica-${2:?which replica}.pid" TERM
  exit 0
fi
stop_pid_file "$RUNTIME_DIR/nginx.pid" TERM  # fast shutdown: open websockets are closed, readers reconnect
for file in "$RUNTIME_DIR"/replica-*.pid; do
  stop_pid_file "$file" TERM
done
echo "stopped the stack in $RUNTIME_DIR"
