#!/usr/bin/env bash
# Times `dotnet run --project OpenClaw.AppHost` from launch to every resource Running (read from the
# dashboard's JSON API), four ways: cold (bin/obj of the AppHost and every project it starts removed,
# NuGet packages already in the local cache: restore + build + start), edit (one service source file
# touched: dotnet run + that service's rebuild + start), warm (already built: dotnet run's up-to-date
# check + start) and --no-build (start only). Prints one line per run with the 1-minute load average
# at its start; results go to bench/RESULTS.md by hand.
# Usage: bench/apphost-startup.sh [cold|edit|warm|nobuild|all] [runs]   (KEEP_LOG=1 prints the AppHost's output)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-all}"
RUNS="${2:-3}"
CONFIG="$(mktemp -d)/openclaw.json"
echo '{ "channels": { "telegram": { "botToken": "1:bench", "apiRoot": "http://127.0.0.1:9" } } }' > "$CONFIG"
export OPENCLAW_CONFIG_PATH="$CONFIG" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

PROJECTS=(OpenClaw.AppHost OpenClaw.Dashboard OpenClaw.Gateway OpenClaw.SandboxManager OpenClaw.ChannelWorkers
          OpenClaw.ControlUi OpenClaw.ServiceDefaults OpenClaw.Contracts)

all_running() {
  python3 -c '
import json, sys
resources = json.load(sys.stdin)
sys.exit(0 if resources and all(r["state"] in ("Running", "Disabled") for r in resources) else 1)'
}

run_once() {
  local label="$1"; shift
  local log; log="$(mktemp)"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local start; start=$(date +%s.%N)
  ( cd "$ROOT" && setsid dotnet run --project OpenClaw.AppHost "$@" >"$log" 2>&1 ) &
  local runner=$!
  local url="" token=""
  while :; do
    if [[ -z "$url" ]] && grep -q "Login to the dashboard at" "$log"; then
      url=$(grep -o 'http://127.0.0.1:[0-9]*/login' "$log" | head -1 | sed 's|/login||')
      token=$(grep -o 'login?t=[0-9a-f]*' "$log" | head -1 | cut -d= -f2)
    fi
    if [[ -n "$url" ]] && curl -sf -H "Authorization: Bearer $token" "$url/api/resources" | all_running; then
      break
    fi
    if ! kill -0 "$runner" 2>/dev/null; then echo "AppHost ended early:"; cat "$log"; exit 1; fi
    sleep 0.1
  done
  local end; end=$(date +%s.%N)
  printf '%-8s all Running after %5.1f s   (load average at start %s)\n' "$label" "$(python3 -c "print($end - $start)")" "$load"
  [[ -z "${KEEP_LOG:-}" ]] || sed 's/^/    | /' "$log"
  # Stop the AppHost (SIGTERM: background jobs of a script ignore SIGINT) and wait until everything is gone.
  # Only this checkout's AppHost: other checkouts on the same machine may run theirs.
  local apphost; apphost=$(pgrep -f "^$ROOT/OpenClaw.AppHost/bin/[^ ]*/OpenClaw.AppHost( |\$)" | head -1 || true)
  [[ -n "$apphost" ]] && kill -TERM "$apphost"
  wait "$runner" || true
  rm -f "$log"
}

for ((i = 1; i <= RUNS; i++)); do
  if [[ "$MODE" == cold || "$MODE" == all ]]; then
    for p in "${PROJECTS[@]}"; do rm -rf "$ROOT/$p/bin" "$ROOT/$p/obj"; done
    run_once cold
  fi
  if [[ "$MODE" == edit || "$MODE" == all ]]; then touch "$ROOT/OpenClaw.ControlUi/Program.cs"; run_once edit; fi
  if [[ "$MODE" == warm || "$MODE" == all ]]; then run_once warm; fi
  if [[ "$MODE" == nobuild || "$MODE" == all ]]; then run_once no-build --no-build; fi
done
