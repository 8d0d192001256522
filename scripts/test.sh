#!/usr/bin/env bash
# Set everything up (packages, Chromium) and run every test: style (ruff, configured in
# pyproject.toml), data validation, unit, AppTest and the end-to-end tests in a real browser.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# Lint and format first: quick, and a finding names its file and line.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m components.validate
set +e
# Both cores (pytest-xdist): a file's tests stay on one worker with their servers, the longest
# groups first (tests/conftest.py).
.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup --no-loadscope-reorder tests "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
