#!/usr/bin/env bash
# Shared setup: a .venv with the locked packages (every one pinned with its hashes, transitive
# ones too: requirements*.lock, written from requirements*.txt by scripts/lock.sh). With --dev,
# also the test tools, Debian's
# Chromium for the browser tests and Debian's nginx for the tests of the serving stack; with
# --serve, the runtime packages and nginx (deploy/start.sh). Safe to run again; it only adds
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive
PYTHON=${PYTHON:-python3}
requirements=requirements.lock
debian_packages=()
case "${1:-}" in
  --dev)
    requirements=requirements-dev.lock  # Chromium: the browser tests
    ;;&
  --serve)
    requirements=deploy/requirements.lock  # the app's packages and kaleido (link previews)
    ;;&
  --dev|--serve)
    # Chromium draws the link previews (deploy/build_previews.py) and runs the browser tests.
    command -v chromium >/dev/null 2>&1 || debian_packages+=(chromium)
    # nginx fronts the replicas (deploy/); its brotli modules and the brotli command (which
    # compresses the static files ahead of time) where Debian has them.
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || debian_packages+=(nginx)
    [ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || debian_packages+=(libnginx-mod-http-brotli-filter)
    [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || debian_packages+=(libnginx-mod-http-brotli-static)
    command -v brotli >/dev/null 2>&1 || debian_packages+=(brotli)
    command -v curl >/dev/null 2>&1 || debian_packages+=(curl)  # deploy/start.sh waits on health URLs
    ;;&
  --dev)
    # The deploy tests: strace (nothing leaves loopback), openssl (a TLS certificate), and the
    # checkers of the service files (systemd-analyze, logrotate).
    for tool in strace openssl logrotate; do command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || debian_packages+=("$tool"); done
    command -v systemd-analyze >/dev/null 2>&1 || debian_packages+=(systemd)
    # The container image is built with buildah on a Debian base made by mmdebstrap (deploy/build_image.sh).
    for tool in buildah mmdebstrap; do command -v "$tool" >/dev/null 2>&1 || debian_packages+=("$tool"); done
    [ -e /etc/ssl/certs/ca-certificates.crt ] || debian_packages+=(ca-certificates)  # mounted into that build
    ;;
esac
if [ "${#debian_packages[@]}" -gt 0 ]; then
  echo "Installing from Debian: ${debian_packages[*]}..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # Brotli is optional: a Debian release without it still gets nginx (gzip only).
  if ! $SUDO apt-get install -y -qq "${debian_packages[@]}" >/dev/null; then
    without_brotli=()
    for package in "${debian_packages[@]}"; do case "$package" in *brotli*) ;; *) without_brotli+=("$package") ;; esac; done
    [ "${#without_brotli[@]}" -eq 0 ] || $SUDO apt-get install -y -qq "${without_brotli[@]}" >/dev/null
  fi
fi
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -m venv .venv 2>/dev/null; then
  # Debian's own Python needs python3-venv for "python3 -m venv".
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  rm -rf .venv
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq python3-venv >/dev/null
  "$PYTHON" -m venv .venv
fi
# This machine's pip config lists local mirrors that do not exist; the warnings are noise, but a
# failed install must stop the setup (the log says why).
if ! .venv/bin/pip install -q --require-hashes -r "$requirements" > .venv/pip-install.log 2>&1; then
  grep -v "is ignored" .venv/pip-install.log >&2
  echo "pip could not install $requirements (see above)" >&2
  exit 1
fi
.venv/bin/python -c "import streamlit, plotly, pydeck, pandera" # fail loudly if the install did not work
