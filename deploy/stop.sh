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

stop_pid_files() {  # pid files: TERM to all at once, wait up to 15 s for all (a replica takes a second or two), then KILL
  local file pid pids=()
  for file in "$@"; do
    if pid=$(pid_alive "$file"); then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
  done
  for _ in $(seq 1 150); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; done
  rm -f "$@"
}

stop_supervised() {  # name: the supervisor stops its command; then the command, if still there
  stop_pid_files "$RUNTIME_DIR/$1.pid"
  stop_pid_files "$RUNTIME_DIR/$1.child.pid"
}

if [ "${1:-}" = "replica" ]; then
  stop_supervised "replica-${2:?which replica}"
  exit 0
fi
stop_pid_files "$RUNTIME_DIR/nginx.pid"  # fast shutdown: open websockets are closed, readers reconnect
supervisors=()
for file in "$RUNTIME_DIR"/*.pid; do
  [ -e "$file" ] || continue
  case "$file" in *.child.pid) continue ;; esac
  supervisors+=("$file")
done
# Every supervisor at once (each stops its command); then the commands still there, whose
# supervisor had died or did not stop them.
[ "${#supervisors[@]}" -eq 0 ] || stop_pid_files "${supervisors[@]}"
children=()
for file in "$RUNTIME_DIR"/*.child.pid; do [ -e "$file" ] && children+=("$file"); done
[ "${#children[@]}" -eq 0 ] || stop_pid_files "${children[@]}"
left=$(running_pids)
[ -z "$left" ] || { echo "still running: $left" >&2; exit 1; }
echo "stopped the stack in $RUNTIME_DIR"
