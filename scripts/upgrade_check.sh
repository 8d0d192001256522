#!/usr/bin/env bash
# Before raising the pin of Streamlit or plotly: does the code still work with their newest
# releases? Makes a scratch virtualenv, installs the dev lock, then the newest Streamlit and
# plotly (or the versions given) over it, runs the unit and AppTest suites (not the browser
# tests) and prints what changed and what broke. The project's own .venv is not touched.
#
#   bash scripts/upgrade_check.sh                                   # the newest releases
#   bash scripts/upgrade_check.sh streamlit==1.70.0 plotly==7.2.0   # chosen ones
#   KEEP=1 bash scripts/upgrade_check.sh                            # keep the scratch venv
#
# Exit status: 0 when the suites pass, 1 when something broke (listed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
PYTHON=${PYTHON:-python3}
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(streamlit plotly)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hmt-upgrade.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
venv="$scratch/venv"
log="$scratch/pip.log"

echo "== scratch virtualenv: $venv"
"$PYTHON" -m venv "$venv"
if ! "$venv/bin/pip" install -q --require-hashes -r requirements-dev.lock > "$log" 2>&1; then
  grep -v "is ignored" "$log" >&2; echo "could not install requirements-dev.lock" >&2; exit 1
fi
"$venv/bin/pip" freeze --all > "$scratch/before.txt" 2>/dev/null
echo "== installing the newest of: ${wanted[*]}"
# Without hashes: these versions are not locked yet. pip upgrades what they need, nothing else.
if ! "$venv/bin/pip" install -q --upgrade "${wanted[@]}" > "$log" 2>&1; then
  grep -v "is ignored" "$log" >&2; echo "pip could not install ${wanted[*]}: see above" >&2; exit 1
fi
"$venv/bin/pip" freeze --all > "$scratch/after.txt" 2>/dev/null
echo "== packages that moved (locked -> tried):"
"$venv/bin/python" - "$scratch/before.txt" "$scratch/after.txt" <<'EOF'
import sys

def versions(path):
    pairs = (line.strip().split("==", 1) for line in open(path, encoding="utf-8") if "==" in line)
    return {name.lower(): version for name, version in pairs}

before, after = versions(sys.argv[1]), versions(sys.argv[2])
moved = [f"  {name}: {before.get(name, 'new')} -> {version}" for name, version in sorted(after.items()) if before.get(name) != version]
print("\n".join(moved) or "  nothing: the lock already has the newest releases")
EOF

echo "== unit and AppTest suites (pytest tests --ignore=tests/e2e)"
set +e
"$venv/bin/python" -m pytest tests --ignore=tests/e2e -q -p no:cacheprovider -rfE > "$scratch/pytest.log" 2>&1
status=$?
set -e
tail -n 1 "$scratch/pytest.log"
if [ "$status" -eq 0 ]; then
  echo "== nothing broke: raise the pins in requirements.txt, run bash scripts/lock.sh, then bash scripts/test.sh"
else
  echo "== what broke:"
  sed -n '/short test summary info/,$p' "$scratch/pytest.log" | grep -E "^(FAILED|ERROR)" | cut -c1-300
  echo "== first errors in detail:"
  grep -E "^E  " "$scratch/pytest.log" | sort | uniq -c | sort -rn | head -n 20 | cut -c1-300
  echo "(full log: $scratch/pytest.log$([ -n "${KEEP:-}" ] || echo ', removed on exit: KEEP=1 keeps it'))"
fi
# Deprecations of the new releases: what the next pin bump will have to fix.
if grep -q "warnings summary" "$scratch/pytest.log"; then
  echo "== warnings the new releases raise:"
  sed -n '/warnings summary/,/-- Docs:/p' "$scratch/pytest.log" | grep -E "Warning" | sort | uniq -c | sort -rn | head -n 20 | cut -c1-300
fi
exit "$status"
