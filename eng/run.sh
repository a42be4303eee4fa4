#!/usr/bin/env bash
# Installs the prerequisites and starts the whole app through the AppHost (Redis, gateway, channel
# workers, sandbox manager, Control UI, telemetry dashboard). Arguments go to the AppHost.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/eng/prereqs.sh"
exec dotnet run --project "$ROOT/OpenClaw.AppHost" -- "$@"
