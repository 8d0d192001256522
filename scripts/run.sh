#!/usr/bin/env bash
# Set everything up and run the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Two malloc arenas from the start: less server memory (components/allocator.py says why).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec .venv/bin/streamlit run app.py "$@"
