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
if [ "${failed:-0}" != 0 ]; then
  # CI keeps only the end of this output: name each failed test with the start of its message, and the machine.
  echo "failed tests:"
  awk '/^  Failed /{print; keep=0; next} /^  Error Message:/{keep=4; next} /^  Stack Trace:/{keep=0} keep>0{print "    " $0; keep--}' "$log"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(df -h --output=avail /tmp | tail -n 1 | tr -d ' ') free in /tmp, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
