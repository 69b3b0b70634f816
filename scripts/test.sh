#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds (Release), runs every xunit test,
# and ends with one summary line "N passed, N failed, N skipped".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
cd "$root"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test RobustNotebooks.sln -c Release -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
# dotnet test ends with "Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines.
block=$(sed -n '/^Total tests:/,$p' "$log")
count() { sed -nE "s/^ *$1: +([0-9]+).*/\1/p" <<<"$block" | tail -n 1; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ -z "$block" ] || [ -z "$passed$failed" ]; then
  echo "test.sh: no test summary found (the build or the test host failed)" >&2
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
