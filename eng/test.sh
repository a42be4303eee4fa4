#!/usr/bin/env bash
# The whole test suite: installs the prerequisites (eng/prereqs.sh), builds the solution once, runs
# every test project against real Redis, Docker and Chromium, and ends with one line
# "N passed, N failed, N skipped" summed over all test projects. Exits non-zero when anything fails.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Sandbox").
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/eng/prereqs.sh" || { echo "prerequisites failed"; echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH="${PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH:-/usr/bin/chromium}"

start=$(date +%s)
if ! dotnet build OpenClaw.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "[test] solution built in $(( $(date +%s) - start )) s"

log=$(mktemp /tmp/openclaw-test.XXXXXX.log)
dotnet test OpenClaw.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Every test project prints one summary line: "Passed!  - Failed: 0, Passed: 6, Skipped: 0, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk -F'[:,]' '
  { failed += $2; passed += $4; skipped += $6 } END { printf "%d %d %d\n", passed, failed, skipped }')
projects=$(grep -cE '^(Passed|Failed)! +- Failed: ' "$log")
echo "[test] $projects test projects ran in $(( $(date +%s) - start )) s"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A crashed test host or a failed run prints no summary of its own: count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
