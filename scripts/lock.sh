#!/usr/bin/env bash
# Write the locks: every package each install set needs, transitive ones too, pinned with their
# hashes, for Python 3.11 on Linux, resolved from PyPI by uv (pinned in requirements-dev.txt).
# Run after editing requirements.txt, deploy/requirements.txt or requirements-dev.txt, then
# commit the .lock files; tests/test_locks.py fails while a lock and its requirements differ.
#
#   bash scripts/lock.sh            # keep every locked version that still fits (the usual case)
#   bash scripts/lock.sh --upgrade  # let the transitive packages move to their newest versions
set -euo pipefail
cd "$(dirname "$0")/.."
UV=.venv/bin/uv
[ -x "$UV" ] || { echo "uv is missing: bash scripts/setup.sh --dev first" >&2; exit 1; }
for pair in requirements.txt:requirements.lock \
            deploy/requirements.txt:deploy/requirements.lock \
            requirements-dev.txt:requirements-dev.lock; do
  source_file=${pair%%:*} lock=${pair##*:}
  # PyPI itself, whatever index this machine's configuration names, so every hash is PyPI's.
  "$UV" pip compile "$source_file" --output-file "$lock" --generate-hashes \
    --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
    --index-url https://pypi.org/simple --no-config --quiet \
    --custom-compile-command "bash scripts/lock.sh" "$@"
done
