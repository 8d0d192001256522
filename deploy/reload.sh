#!/usr/bin/env bash
# Roll a running stack (deploy/start.sh, same settings) onto new code or data without dropping
# the site: the static files and nginx's config are rebuilt first (nginx reloads gracefully,
# only if its config changed: a new Streamlit's assets, say), then the
# replicas restart one at a time, each healthy again before the next one stops. A reader on a
# restarting replica reconnects to another one, which rebuilds the view from the URL.
#
#   bash deploy/reload.sh
#
# A data update alone needs no reload: each replica serves new data files within seconds
# (components/dataset_cache.py), their link previews included (components/preview_middleware.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=deploy/common.sh
source "$ROOT/deploy/common.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
SETTLE_SECONDS=${SETTLE_SECONDS:-6}  # readers cut off by a restart reconnect before the next replica stops

nginx_pid=$(pid_alive "$RUNTIME_DIR/nginx.pid") || die "no stack running in $RUNTIME_DIR (start it with deploy/start.sh)"

# 0. A replica started on data that fails validation would have no good dataset to fall back
#    on (a running one keeps its last good one): check the data first.
if ! problems=$("$PYTHON" -m components.validate ${HMT_DATA_DIR:+"$HMT_DATA_DIR"} 2>&1); then
  echo "$problems" | tail -n 20 >&2
  die "the data does not validate: nothing restarted (the running replicas keep serving their last good data)"
fi

# 1. The files nginx serves, and its config; a graceful reload when the config changed.
choose_serve_root
ASSETS=$("$PYTHON" deploy/build_assets.py --root "$SERVE_ROOT/assets")
check_worker_can_read "$ASSETS"
cp "$RUNTIME_DIR/nginx.conf" "$RUNTIME_DIR/nginx.conf.previous"
cp "$RUNTIME_DIR/headers.conf" "$RUNTIME_DIR/headers.conf.previous"
render_nginx --assets "$ASSETS"
if ! cmp -s "$RUNTIME_DIR/nginx.conf" "$RUNTIME_DIR/nginx.conf.previous" || ! cmp -s "$RUNTIME_DIR/headers.conf" "$RUNTIME_DIR/headers.conf.previous"; then
  if ! "$NGINX" -q -t -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf"; then
    mv "$RUNTIME_DIR/nginx.conf.previous" "$RUNTIME_DIR/nginx.conf"
    mv "$RUNTIME_DIR/headers.conf.previous" "$RUNTIME_DIR/headers.conf"
    die "the new nginx config is invalid; kept the running one"
  fi
  kill -HUP "$nginx_pid"
  echo "nginx reloaded with the new config"
fi
rm -f "$RUNTIME_DIR/nginx.conf.previous" "$RUNTIME_DIR/headers.conf.previous"

# 2. The replicas, one at a time.
load_cookie_secret
healthy_others() {  # replica number: how many of the others answer
  local count=0 i
  for i in $(seq 1 "$REPLICAS"); do
    [ "$i" = "$1" ] && continue
    [ "$(curl -s --max-time 2 "http://127.0.0.1:$(replica_port "$i")/_stcore/health" || true)" = "ok" ] && count=$((count + 1))
  done
  echo "$count"
}
for i in $(seq 1 "$REPLICAS"); do
  if [ "$REPLICAS" -gt 1 ] && [ "$(healthy_others "$i")" -eq 0 ]; then
    die "no other replica is healthy: not restarting replica $i (that would drop every reader)"
  fi
  RUNTIME_DIR=$RUNTIME_DIR bash "$ROOT/deploy/stop.sh" replica "$i"
  start_replica "$i"
  wait_healthy "$i"
  echo "replica $i restarted and healthy"
  [ "$i" -lt "$REPLICAS" ] && sleep "$SETTLE_SECONDS"
done
echo "reloaded the stack in $RUNTIME_DIR"
