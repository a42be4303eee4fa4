#!/usr/bin/env bash
# The side-by-side benchmark suite: upstream OpenClaw (npm, Node 24) vs ours (Release build), same fake model,
# same protocol client; then our own pipeline figures; then the tables into bench/RESULTS.md and raw JSON into
# bench/results/. Installs upstream into its cache folder when missing and builds ours in Release.
#
# Usage: bench/run.sh [--quick] [--micro] [--apphost] [--no-pipeline] [--systems upstream,ours]
#   --quick        fewer/shorter runs (a few minutes; figures are indicative only)
#   --micro        also run the BenchmarkDotNet micro-benchmarks (bench/OpenClaw.Benchmarks, ~3 min)
#   --apphost      also time an AppHost cold start (bench/apphost-startup.sh cold 1; slow, removes bin/obj)
#   --no-pipeline  skip the channel and sandbox benches
# Env: OPENCLAW_REF_DIR (upstream cache, default ~/.cache/openclaw-ref), OPENCLAW_REF_VERSION (default 2026.9.6).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/results"
REF_DIR="${OPENCLAW_REF_DIR:-$HOME/.cache/openclaw-ref}"
REF_VERSION="${OPENCLAW_REF_VERSION:-2026.9.6}"
QUICK=""; MICRO=0; APPHOST=0; PIPELINE=1; SYSTEMS="upstream,ours"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --micro) MICRO=1 ;;
    --apphost) APPHOST=1 ;;
    --no-pipeline) PIPELINE=0 ;;
    --systems) SYSTEMS="$2"; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
say() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
started=$(date +%s)
mkdir -p "$OUT"

# 1. Upstream into its cache folder (the same layout the integration tests use), once.
if [[ "$SYSTEMS" == *upstream* ]] && [ ! -f "$REF_DIR/node_modules/openclaw/openclaw.mjs" ]; then
  say "installing upstream openclaw@$REF_VERSION (and Node 24) into $REF_DIR"
  mkdir -p "$REF_DIR"
  (
    cd "$REF_DIR"
    flock 9
    if [ ! -f node_modules/openclaw/openclaw.mjs ]; then
      npm install --no-fund --no-audit node@24
      PATH="$REF_DIR/node_modules/.bin:$PATH" npm install --no-fund --no-audit "openclaw@$REF_VERSION"
    fi
  ) 9>"$REF_DIR/.install.lock"
fi

# 2. Redis and a Docker engine for the pipeline benches (eng/prereqs.sh is idempotent).
if [ "$PIPELINE" = 1 ] && { ! command -v redis-server >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; }; then
  say "installing prerequisites (eng/prereqs.sh)"
  "$ROOT/eng/prereqs.sh" || say "WARNING: prerequisites incomplete; benches that need them are skipped"
fi

# 3. Ours, in Release (the bench projects reference the services, so this builds the gateway, workers and manager).
say "building (Release)"
projects=(bench/side-by-side)
[ "$PIPELINE" = 1 ] && projects+=(bench/channels bench/sandbox)
for p in "${projects[@]}"; do dotnet build "$ROOT/$p" -c Release -clp:ErrorsOnly -v q -nologo; done
BIN="$ROOT/bench/side-by-side/bin/Release/net10.0/OpenClaw.Bench.SideBySide.dll"

# 5,000 connections on each side need file descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# 4. Upstream vs ours.
say "side by side ($SYSTEMS${QUICK:+, quick}); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$BIN" run $QUICK --systems "$SYSTEMS" --upstream-dir "$REF_DIR" --out "$OUT"

# 5. Our pipeline.
if [ "$PIPELINE" = 1 ]; then
  if command -v redis-server >/dev/null 2>&1; then
    say "channel round trip (fake Telegram, full gateway)"
    if [ -n "$QUICK" ]; then rate=(200 3 50); else rate=(500 5 100); fi
    dotnet "$ROOT/bench/channels/bin/Release/net10.0/OpenClaw.Bench.Channels.dll" "${rate[@]}" full >"$OUT/channels.txt" 2>&1 \
      || say "WARNING: channel bench failed (see bench/results/channels.txt)"
  else
    echo "skipped: redis-server not installed" >"$OUT/channels.txt"
  fi
  if docker info >/dev/null 2>&1 && docker image inspect openclaw-sandbox:bookworm-slim >/dev/null 2>&1; then
    say "sandbox warm exec vs docker exec"
    dotnet "$ROOT/bench/sandbox/bin/Release/net10.0/OpenClaw.Bench.Sandbox.dll" "$([ -n "$QUICK" ] && echo 30 || echo 100)" >"$OUT/sandbox.txt" 2>&1 \
      || say "WARNING: sandbox bench failed (see bench/results/sandbox.txt)"
  else
    echo "skipped: no Docker engine or no openclaw-sandbox:bookworm-slim image (eng/prereqs.sh)" >"$OUT/sandbox.txt"
  fi
fi

# 6. Micro-benchmarks (optional).
if [ "$MICRO" = 1 ]; then
  say "micro-benchmarks (BenchmarkDotNet)"
  rm -rf "$OUT/micro" "$OUT/micro-artifacts"
  dotnet run -c Release --project "$ROOT/bench/OpenClaw.Benchmarks" -- --filter '*' --artifacts "$OUT/micro-artifacts" \
    && mkdir -p "$OUT/micro" && cp "$OUT/micro-artifacts/results/"*-report-github.md "$OUT/micro/" \
    || say "WARNING: micro-benchmarks failed"
  rm -rf "$OUT/micro-artifacts"
fi

# 7. AppHost cold start (optional, last: it removes bin/obj of every service).
if [ "$APPHOST" = 1 ]; then
  say "AppHost cold start (bench/apphost-startup.sh cold 1)"
  "$ROOT/bench/apphost-startup.sh" cold 1 >"$OUT/apphost.txt" 2>&1 || say "WARNING: AppHost start failed (see bench/results/apphost.txt)"
fi

# 8. Tables.
dotnet "$BIN" report --out "$OUT"
say "done in $(( $(date +%s) - started )) s: bench/RESULTS.md (section 'Side by side'), bench/results/*.json"
