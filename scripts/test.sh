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
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
if [ -z "$passed" ]; then
  echo "test.sh: no test summary found (the build or the test host failed)" >&2
  exit 1
fi
echo "${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
