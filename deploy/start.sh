#!/usr/bin/env bash
# Start the stack on this machine: REPLICAS Streamlit processes of the dashboard, each under a
# small supervisor that starts it again if it dies (deploy/supervise.py), deploy/health.py
# (/healthz), and nginx in front of them. Stop it with deploy/stop.sh (same RUNTIME_DIR).
#
#   bash deploy/start.sh                    # http://127.0.0.1:8080, 2 replicas on 8601, 8602
#   bash deploy/start.sh replica 2          # start replica 2 alone (the rest already running)
#   REPLICAS=3 PROXY_PORT=9000 bash deploy/start.sh
#   PUBLIC_ORIGIN=https://hmt.example TLS_CERT=/etc/letsencrypt/live/hmt.example/fullchain.pem \
#     TLS_KEY=/etc/letsencrypt/live/hmt.example/privkey.pem LISTEN_HOST=0.0.0.0 PROXY_PORT=80 bash deploy/start.sh
#
# Settings (environment); docs/deploying.md explains each:
#   REPLICAS (2), BASE_PORT (8601: replicas on BASE_PORT, BASE_PORT+1, ...), HEALTH_PORT
#   (BASE_PORT+99), LISTEN_HOST (127.0.0.1), PROXY_PORT (8080: plain HTTP; with TLS it only
#   redirects), TLS_PORT (443), TLS_CERT and TLS_KEY (both or neither: HTTPS with HTTP/2 and
#   HSTS), PUBLIC_ORIGIN (the address readers use: http://LISTEN_HOST:PROXY_PORT, or with TLS
#   https://SERVER_NAME[:TLS_PORT]; the only Host served, written into link previews by the app),
#   SERVER_NAME (more host names to serve), ACME_DIR (SERVE_ROOT/acme), RUNTIME_DIR
#   (.run/stack: rendered config, pids, logs), SERVE_ROOT (the files nginx serves itself:
#   .run, or a folder under /var/cache when nginx's workers cannot read the checkout), APP
#   (app.py), HMT_DATA_DIR (data/), DEBUG_HEADERS (0; 1 adds X-Upstream), EMBED_ANCESTORS (*),
#   SECURE_COOKIE (0; automatic with TLS), START_TIMEOUT (90 s for a replica to be healthy).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=deploy/common.sh
source "$ROOT/deploy/common.sh"

if [ "${1:-}" = "replica" ]; then
  number=${2:?which replica: bash deploy/start.sh replica N}
  [ "$number" -ge 1 ] && [ "$number" -le "$REPLICAS" ] || die "replica $number: REPLICAS is $REPLICAS"
  mkdir -p "$RUNTIME_DIR/logs"
  load_cookie_secret
  start_replica "$number"
  wait_healthy "$number"
  echo "replica $number is healthy on 127.0.0.1:$(replica_port "$number")"
  exit 0
fi

if [ "${1:-}" = "render" ]; then
  # For systemd (deploy/systemd/): build the files nginx serves and render its config (daemon
  # off) without starting anything; the units run the replicas, health.py and nginx.
  choose_serve_root
  mkdir -p "$SERVE_ROOT" "$ACME_DIR" "$WORKER_TMP" "$RUNTIME_DIR/logs"
  [ -z "$WORKER_USER" ] || chown "$WORKER_USER" "$WORKER_TMP"
  ASSETS=$("$PYTHON" deploy/build_assets.py --root "$SERVE_ROOT/assets")
  check_worker_can_read "$ASSETS" "$ACME_DIR"
  render_nginx --assets "$ASSETS" --no-daemon
  echo "$RUNTIME_DIR/nginx.conf"
  exit 0
fi

if [ ! -x .venv/bin/python ] || ! command -v nginx >/dev/null 2>&1 || ! .venv/bin/python -c "import kaleido" 2>/dev/null; then
  bash scripts/setup.sh --serve
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$RUNTIME_DIR/logs"
running=$(running_pids)
[ -z "$running" ] || die "the stack in $RUNTIME_DIR is (partly) running: $running. Stop it first: RUNTIME_DIR=$RUNTIME_DIR bash deploy/stop.sh"
ports_free

# Anything this run started is stopped again if a later step fails: nothing is left behind.
trap 'status=$?; if [ "$status" -ne 0 ]; then echo "start.sh failed; stopping what it started" >&2; RUNTIME_DIR=$RUNTIME_DIR bash "$ROOT/deploy/stop.sh" >/dev/null 2>&1 || true; fi' EXIT

# The files nginx serves itself, where its workers can read them (docs/deploying.md).
choose_serve_root
mkdir -p "$SERVE_ROOT" "$ACME_DIR" "$WORKER_TMP"
[ -z "$WORKER_USER" ] || chown "$WORKER_USER" "$WORKER_TMP"
check_worker_can_read "$SERVE_ROOT" "$ACME_DIR"

load_cookie_secret
for i in $(seq 1 "$REPLICAS"); do start_replica "$i"; done
start_supervised health "$PYTHON" "$ROOT/deploy/health.py" --listen "127.0.0.1:$HEALTH_PORT" --runtime "$RUNTIME_DIR" $(replica_flags)
for i in $(seq 1 "$REPLICAS"); do wait_healthy "$i"; done

# Streamlit's frontend and static/, compressed ahead of time.
# (Link previews, robots.txt and sitemap.xml come from the replicas: components/preview_middleware.py.)
ASSETS=$("$PYTHON" deploy/build_assets.py --root "$SERVE_ROOT/assets")
check_worker_can_read "$ASSETS" "$ACME_DIR"
check_worker_can_write "$WORKER_TMP"
render_nginx --assets "$ASSETS"
"$NGINX" -q -t -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf"
"$NGINX" -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf"
wait_url "$PROXY_CHECK_URL/healthz" "the proxy's /healthz" "$RUNTIME_DIR/logs/nginx-error.log"
echo "$LISTEN_HOST:$PROXY_PORT" > "$RUNTIME_DIR/proxy.addr"
trap - EXIT
echo "Haiti Mission Tracker: $PUBLIC_ORIGIN ($REPLICAS replicas; health $PUBLIC_ORIGIN/healthz; logs and pids in $RUNTIME_DIR)"
