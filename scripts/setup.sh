#!/usr/bin/env bash
# Shared setup: a .venv with the pinned packages (and, with --dev, the test tools and
# Debian's Chromium for the browser tests). Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive
PYTHON=${PYTHON:-python3}
requirements=requirements.txt
if [ "${1:-}" = "--dev" ]; then
  requirements=requirements-dev.txt
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium from Debian (for the browser tests)..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# This machine's pip config lists local mirrors that do not exist; the warnings are noise.
.venv/bin/pip install -q -r "$requirements" 2>&1 | grep -v "is ignored" || true
.venv/bin/python -c "import streamlit, plotly, pydeck, pandera" # fail loudly if the install did not work
