#!/usr/bin/env bash
# Start the whole stack on this machine: REPLICAS Streamlit processes of the dashboard behind
# nginx, all on loopback. Stop it with deploy/stop.sh (same RUNTIME_DIR).
#
#   bash deploy/start.sh                    # http://127.0.0.1:8080, 2 replicas on 8601, 8602
#   REPLICAS=3 PROXY_PORT=9000 bash deploy/start.sh
#
# Settings (environment): REPLICAS (2), PROXY_PORT (8080), BASE_PORT (8601: replicas on
# BASE_PORT, BASE_PORT+1, ...), LISTEN_HOST (127.0.0.1), RUNTIME_DIR (.run/stack: rendered
# config, pids, logs), APP (app.py), DEBUG_HEADERS (0; 1 adds X-Upstream to responses),
# EMBED_ANCESTORS (* : who may frame ?embed=true views), SERVER_NAME (localhost),
# SECURE_COOKIE (0; 1 behind TLS: the route cookie gets Secure).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
REPLICAS=${REPLICAS:-2}
PROXY_PORT=${PROXY_PORT:-8080}
BASE_PORT=${BASE_PORT:-8601}
LISTEN_HOST=${LISTEN_HOST:-127.0.0.1}
RUNTIME_DIR=${RUNTIME_DIR:-$ROOT/.run/stack}
APP=${APP:-app.py}
DEBUG_HEADERS=${DEBUG_HEADERS:-0}
EMBED_ANCESTORS=${EMBED_ANCESTORS:-*}
SERVER_NAME=${SERVER_NAME:-localhost}
SECURE_COOKIE=${SECURE_COOKIE:-0}

if [ ! -x .venv/bin/python ] || ! command -v nginx >/dev/null 2>&1 || ! .venv/bin/python -c "import kaleido" 2>/dev/null; then
  bash scripts/setup.sh --serve
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$RUNTIME_DIR/logs" "$RUNTIME_DIR/tmp"
RUNTIME_DIR="$(cd "$RUNTIME_DIR" && pwd)"
if [ -f "$RUNTIME_DIR/nginx.pid" ] && kill -0 "$(cat "$RUNTIME_DIR/nginx.pid")" 2>/dev/null; then
  echo "The stack in $RUNTIME_DIR is already running; stop it first: RUNTIME_DIR=$RUNTIME_DIR bash deploy/stop.sh" >&2
  exit 1
fi
# nginx's workers (www-data when started as root) only need the temp folders.
chmod 755 "$RUNTIME_DIR"
if [ "$(id -u)" -eq 0 ] && id www-data >/dev/null 2>&1; then chown www-data "$RUNTIME_DIR/tmp"; fi

# One cookie secret for all replicas, so a cookie Streamlit signs on one is valid on another.
if [ ! -s "$RUNTIME_DIR/cookie_secret" ]; then
  (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_hex(32))" > "$RUNTIME_DIR/cookie_secret")
fi
export STREAMLIT_SERVER_COOKIE_SECRET
STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$RUNTIME_DIR/cookie_secret")

wait_for() {  # URL, what, log file
  for _ in $(seq 1 300); do
    if [ "$(curl -s --max-time 2 "$1" || true)" = "ok" ]; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not become healthy at $1; last lines of $3:" >&2
  tail -n 30 "$3" >&2 || true
  return 1
}

replica_args=()
for i in $(seq 1 "$REPLICAS"); do
  port=$((BASE_PORT + i - 1))
  log="$RUNTIME_DIR/logs/replica-$i.log"
  HMT_REPLICA=$i nohup .venv/bin/python -m streamlit run "$APP" \
    --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false --server.fileWatcherType none \
    > "$log" 2>&1 < /dev/null &
  echo $! > "$RUNTIME_DIR/replica-$i.pid"
  echo "127.0.0.1:$port" > "$RUNTIME_DIR/replica-$i.addr"
  replica_args+=(--replica "127.0.0.1:$port")
done
for i in $(seq 1 "$REPLICAS"); do
  wait_for "http://$(cat "$RUNTIME_DIR/replica-$i.addr")/_stcore/health" "replica $i" "$RUNTIME_DIR/logs/replica-$i.log"
done

# Streamlit's frontend and static/, compressed ahead of time, for nginx to serve from disk.
ASSETS=$(.venv/bin/python deploy/build_assets.py)
# Link previews: a picture of each page's default view and its title and description tags
# (deploy/build_previews.py, drawn by Debian's Chromium). Optional: without them the stack
# still serves the app, with Streamlit's own <title>.
PREVIEWS=""
if PREVIEWS=$(.venv/bin/python deploy/build_previews.py 2> "$RUNTIME_DIR/logs/previews.log"); then :; else
  echo "Link previews were not built (see $RUNTIME_DIR/logs/previews.log); serving without them." >&2
  PREVIEWS=""
fi
render_args=(--runtime "$RUNTIME_DIR" --assets "$ASSETS" --listen "$LISTEN_HOST:$PROXY_PORT" --embed-ancestors "$EMBED_ANCESTORS" --server-name "$SERVER_NAME" --python .venv/bin/python "${replica_args[@]}")
[ "$DEBUG_HEADERS" = "1" ] && render_args+=(--debug-headers)
[ -n "$PREVIEWS" ] && render_args+=(--previews "$PREVIEWS")
[ "$SECURE_COOKIE" = "1" ] && render_args+=(--secure-cookie)
.venv/bin/python deploy/render_nginx.py "${render_args[@]}"
"$NGINX" -q -t -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf"
"$NGINX" -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf"
wait_for "http://$LISTEN_HOST:$PROXY_PORT/healthz" "nginx" "$RUNTIME_DIR/logs/nginx-error.log"
echo "$LISTEN_HOST:$PROXY_PORT" > "$RUNTIME_DIR/proxy.addr"
echo "Haiti Mission Tracker: http://$LISTEN_HOST:$PROXY_PORT ($REPLICAS replicas; logs and pids in $RUNTIME_DIR)"
