# Settings and steps shared by deploy/start.sh, deploy/stop.sh and deploy/reload.sh (sourced,
# with ROOT set and the working directory at ROOT). The settings are described in start.sh.
umask 022  # what nginx's workers serve must be readable by them
REPLICAS=${REPLICAS:-2}
PROXY_PORT=${PROXY_PORT:-8080}
BASE_PORT=${BASE_PORT:-8601}
HEALTH_PORT=${HEALTH_PORT:-$((BASE_PORT + 99))}
LISTEN_HOST=${LISTEN_HOST:-127.0.0.1}
TLS_CERT=${TLS_CERT:-}
TLS_KEY=${TLS_KEY:-}
TLS_PORT=${TLS_PORT:-443}
SERVER_NAME=${SERVER_NAME:-localhost}
RUNTIME_DIR=${RUNTIME_DIR:-$ROOT/.run/stack}
mkdir -p "$RUNTIME_DIR"
RUNTIME_DIR="$(cd "$RUNTIME_DIR" && pwd)"
APP=${APP:-app.py}
DEBUG_HEADERS=${DEBUG_HEADERS:-0}
EMBED_ANCESTORS=${EMBED_ANCESTORS:-*}
SECURE_COOKIE=${SECURE_COOKIE:-0}
START_TIMEOUT=${START_TIMEOUT:-90}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
if [ -n "$TLS_CERT" ] || [ -n "$TLS_KEY" ]; then
  [ -n "$TLS_CERT" ] && [ -n "$TLS_KEY" ] || { echo "TLS_CERT and TLS_KEY go together" >&2; exit 1; }
  tls_port_suffix=""; [ "$TLS_PORT" = "443" ] || tls_port_suffix=":$TLS_PORT"
  PUBLIC_ORIGIN=${PUBLIC_ORIGIN:-https://${SERVER_NAME%% *}$tls_port_suffix}
else
  local_host=$LISTEN_HOST; [ "$local_host" = "0.0.0.0" ] && local_host=${SERVER_NAME%% *}
  PUBLIC_ORIGIN=${PUBLIC_ORIGIN:-http://$local_host:$PROXY_PORT}
fi
ORIGIN_HOST=$(printf '%s' "$PUBLIC_ORIGIN" | sed -E 's#^[a-z]+://##; s#[:/].*$##')
CONNECT_HOST=$LISTEN_HOST; [ "$CONNECT_HOST" = "0.0.0.0" ] && CONNECT_HOST=127.0.0.1

die() {
  echo "deploy: $*" >&2
  exit 1
}

replica_port() { echo $((BASE_PORT + $1 - 1)); }

replica_flags() {
  for i in $(seq 1 "$REPLICAS"); do printf -- '--replica 127.0.0.1:%s ' "$(replica_port "$i")"; done
}

pid_alive() {  # pid file -> prints the pid when that process runs
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

running_pids() {  # every live process a pid file in RUNTIME_DIR names
  local file pid out=""
  for file in "$RUNTIME_DIR"/*.pid; do
    [ -e "$file" ] || continue
    if pid=$(pid_alive "$file"); then out+="$(basename "$file" .pid)=$pid "; fi
  done
  echo "$out"
}

port_free() {  # host port -> fails with who holds it
  if ! "$PYTHON" - "$1" "$2" <<'EOF'
import socket, sys
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    sock.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
EOF
  then
    local holder=""
    command -v ss >/dev/null 2>&1 && holder=$(ss -Hltnp "sport = :$2" 2>/dev/null | head -n 1)
    die "port $2 on $1 ($3) is taken${holder:+: $holder}. Stop what holds it, or choose other ports (BASE_PORT, HEALTH_PORT, PROXY_PORT, TLS_PORT)."
  fi
}

ports_free() {
  local i
  for i in $(seq 1 "$REPLICAS"); do port_free 127.0.0.1 "$(replica_port "$i")" "replica $i"; done
  port_free 127.0.0.1 "$HEALTH_PORT" "deploy/health.py"
  port_free "$LISTEN_HOST" "$PROXY_PORT" "nginx, HTTP"
  [ -z "$TLS_CERT" ] || port_free "$LISTEN_HOST" "$TLS_PORT" "nginx, HTTPS"
}

load_cookie_secret() {
  # One cookie secret for all replicas, so a cookie Streamlit signs on one is valid on another.
  if [ ! -s "$RUNTIME_DIR/cookie_secret" ]; then
    (umask 077; "$PYTHON" -c "import secrets; print(secrets.token_hex(32))" > "$RUNTIME_DIR/cookie_secret")
  fi
  export STREAMLIT_SERVER_COOKIE_SECRET
  STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$RUNTIME_DIR/cookie_secret")
}

start_supervised() {  # name, command... : deploy/supervise.py runs it, in its own session
  local name=$1 pid
  shift
  if pid=$(pid_alive "$RUNTIME_DIR/$name.pid") || pid=$(pid_alive "$RUNTIME_DIR/$name.child.pid"); then
    die "$name is already running (pid $pid); stop it first: RUNTIME_DIR=$RUNTIME_DIR bash deploy/stop.sh ${name/-/ }"
  fi
  mkdir -p "$RUNTIME_DIR/logs"
  setsid "$PYTHON" "$ROOT/deploy/supervise.py" --name "$name" --runtime "$RUNTIME_DIR" -- "$@" \
    >> "$RUNTIME_DIR/logs/supervise.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do
    pid_alive "$RUNTIME_DIR/$name.child.pid" >/dev/null && return 0
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  tail -n 5 "$RUNTIME_DIR/logs/supervise.log" >&2 || true
  die "could not start $name"
}

start_replica() {  # number
  local port pid
  port=$(replica_port "$1")
  if pid=$(pid_alive "$RUNTIME_DIR/replica-$1.pid") || pid=$(pid_alive "$RUNTIME_DIR/replica-$1.child.pid"); then
    die "replica $1 is already running (pid $pid); stop it first: RUNTIME_DIR=$RUNTIME_DIR bash deploy/stop.sh replica $1"
  fi
  port_free 127.0.0.1 "$port" "replica $1"
  # browser.serverAddress: Streamlit compares a websocket's Origin with it before it would look
  # up this machine's own addresses (a DNS query and a UDP connect off the machine).
  # PUBLIC_ORIGIN: the address the app writes into its link previews (never the request's Host).
  start_supervised "replica-$1" env HMT_REPLICA="$1" HMT_STATUS_FILE="$RUNTIME_DIR/replica-$1.status.json" \
    PUBLIC_ORIGIN="$PUBLIC_ORIGIN" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" \
    "$PYTHON" -m streamlit run "$APP" --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false --server.fileWatcherType none --browser.serverAddress "$ORIGIN_HOST"
  echo "127.0.0.1:$port" > "$RUNTIME_DIR/replica-$1.addr"
}

wait_healthy() {  # replica number: its /_stcore/health says ok, or the reason it will not
  local number=$1 port log deadline
  port=$(replica_port "$number")
  log="$RUNTIME_DIR/logs/replica-$number.log"
  deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(curl -s --max-time 2 "http://127.0.0.1:$port/_stcore/health" || true)" = "ok" ]; then return 0; fi
    if ! pid_alive "$RUNTIME_DIR/replica-$number.pid" >/dev/null || [ "$(cat "$RUNTIME_DIR/replica-$number.restarts" 2>/dev/null || echo 0)" != "0" ]; then
      echo "replica $number exited while starting; last lines of $log:" >&2
      tail -n 20 "$log" >&2 || true
      RUNTIME_DIR=$RUNTIME_DIR bash "$ROOT/deploy/stop.sh" replica "$number" >/dev/null 2>&1 || true
      die "replica $number did not start"
    fi
    sleep 0.3
  done
  echo "replica $number did not become healthy on port $port within $START_TIMEOUT s; last lines of $log:" >&2
  tail -n 20 "$log" >&2 || true
  RUNTIME_DIR=$RUNTIME_DIR bash "$ROOT/deploy/stop.sh" replica "$number" >/dev/null 2>&1 || true
  die "replica $number did not become healthy"
}

wait_url() {  # url, what, log file: until it answers 200
  local code
  for _ in $(seq 1 150); do
    code=$(curl -s -k -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true)
    [ "$code" = "200" ] && return 0
    sleep 0.2
  done
  echo "$2 did not answer 200 at $1 (last: $code); last lines of $3:" >&2
  tail -n 30 "$3" >&2 || true
  return 1
}
PROXY_CHECK_URL="http://$CONNECT_HOST:$PROXY_PORT"  # an unknown Host from loopback: the default server's /healthz

WORKER_USER=""
if [ "$(id -u)" -eq 0 ]; then
  for candidate in ${NGINX_USER:-www-data nobody}; do
    if id "$candidate" >/dev/null 2>&1; then WORKER_USER=$candidate; break; fi
  done
fi

as_worker() {  # test arguments, run as nginx's worker user
  [ -z "$WORKER_USER" ] && return 0
  runuser -u "$WORKER_USER" -- test "$@"
}

choose_serve_root() {
  # nginx's workers (www-data when nginx starts as root) must reach every file they serve. A
  # checkout in a private folder (a 0700 home) is out of their reach: the files then go under
  # /var/cache/haiti-mission-tracker/, one folder per checkout.
  if [ -z "${SERVE_ROOT:-}" ]; then
    if as_worker -x "$ROOT"; then
      SERVE_ROOT=$ROOT/.run
    else
      SERVE_ROOT=/var/cache/haiti-mission-tracker/$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
      echo "nginx's workers ($WORKER_USER) cannot enter $ROOT: the files nginx serves go to $SERVE_ROOT" >&2
    fi
  fi
  ACME_DIR=${ACME_DIR:-$SERVE_ROOT/acme}
  WORKER_TMP=$SERVE_ROOT/nginx-tmp/$(printf '%s' "$RUNTIME_DIR" | sha256sum | cut -c1-12)
}

unreachable_reason() {  # path: the first folder on its way that the worker cannot enter
  local path=$1 prefix=""
  IFS=/ read -ra parts <<< "${path#/}"
  for part in "${parts[@]}"; do
    prefix="$prefix/$part"
    if [ -d "$prefix" ] && ! as_worker -x "$prefix"; then
      echo "$prefix ($(stat -c '%A %U:%G' "$prefix")) cannot be entered by $WORKER_USER"
      return
    fi
  done
  echo "$path ($(stat -c '%A %U:%G' "$path" 2>/dev/null || echo missing)) cannot be read by $WORKER_USER"
}

check_worker_can_read() {  # paths nginx serves
  local path
  for path in "$@"; do
    if ! as_worker -r "$path" || { [ -d "$path" ] && ! as_worker -x "$path"; }; then
      die "nginx's workers cannot serve $path: $(unreachable_reason "$path"). Set SERVE_ROOT to a folder $WORKER_USER can read (or chmod o+x the folder named)."
    fi
  done
}

check_worker_can_write() {
  as_worker -w "$1" || die "nginx's workers cannot write their temp folder $1: $(unreachable_reason "$1")"
}

render_nginx() {  # extra render_nginx.py arguments
  local args=(--runtime "$RUNTIME_DIR" --listen "$LISTEN_HOST:$PROXY_PORT" --health "127.0.0.1:$HEALTH_PORT"
    --origin "$PUBLIC_ORIGIN" --server-name "$SERVER_NAME" --acme-dir "$ACME_DIR"
    --worker-tmp "$WORKER_TMP" --embed-ancestors "$EMBED_ANCESTORS" --python "$PYTHON")
  # shellcheck disable=SC2207
  args+=($(replica_flags))
  [ -z "$WORKER_USER" ] || args+=(--worker-user "$WORKER_USER")
  [ "$DEBUG_HEADERS" = "1" ] && args+=(--debug-headers)
  [ "$SECURE_COOKIE" = "1" ] && args+=(--secure-cookie)
  [ -z "$TLS_CERT" ] || args+=(--tls-cert "$TLS_CERT" --tls-key "$TLS_KEY" --tls-listen "$LISTEN_HOST:$TLS_PORT")
  "$PYTHON" "$ROOT/deploy/render_nginx.py" "${args[@]}" "$@"
}
