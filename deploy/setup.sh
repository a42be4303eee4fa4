#!/usr/bin/env bash
# OpenClaw.NET on Docker Compose: what upstream's docker-setup.sh does, for the generated deploy/ files.
#   1. checks Docker and Compose (`docker compose` v2 or `docker-compose` v1.29),
#   2. creates the state dir (OPENCLAW_CONFIG_DIR) and workspace (OPENCLAW_WORKSPACE_DIR),
#   3. writes the gateway token, Redis password and dashboard token into .env (kept when already set),
#   4. regenerates docker-compose.extra.yml from OPENCLAW_EXTRA_MOUNTS / OPENCLAW_HOME_VOLUME,
#   5. builds the images (offline from a local base image when no registry answers),
#   6. writes a minimal openclaw.json when there is none (our CLI has no non-interactive onboarding yet),
#   7. starts the stack, waits for the gateway to be healthy and prints the Control UI URL.
# Re-running it is safe: secrets and values already in .env are kept.
#
# Inputs (environment): OPENCLAW_CONFIG_DIR, OPENCLAW_WORKSPACE_DIR, OPENCLAW_EXTRA_MOUNTS ("src:dst[:opts],..."),
# OPENCLAW_HOME_VOLUME (named volume for /home/node), OPENCLAW_DOCKER_APT_PACKAGES, OPENCLAW_GATEWAY_PORT,
# OPENCLAW_CONTROL_UI_PORT, OPENCLAW_DASHBOARD_PORT, OPENCLAW_PUBLISH_HOST, OPENCLAW_DOCKER_SOCKET,
# OPENCLAW_OFFLINE=1 (skip the registry), OPENCLAW_OFFLINE_BASE_IMAGE, OPENCLAW_SETUP_NO_START=1 (build only).
# For tests and multi-stack hosts: OPENCLAW_ENV_FILE, OPENCLAW_EXTRA_COMPOSE_FILE, OPENCLAW_COMPOSE_OVERRIDES
# (extra -f files, ':' separated), OPENCLAW_COMPOSE_FILE (instead of docker-compose.yaml), COMPOSE_PROJECT_NAME.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="${OPENCLAW_ENV_FILE:-$DEPLOY_DIR/.env}"
EXTRA_COMPOSE_FILE="${OPENCLAW_EXTRA_COMPOSE_FILE:-$DEPLOY_DIR/docker-compose.extra.yml}"
SOURCE_DIR="${OPENCLAW_SOURCE_DIR:-$(cd "$DEPLOY_DIR/.." && pwd)}"

fail() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

# --- 1. Docker and Compose --------------------------------------------------------------------------
command -v docker >/dev/null || fail "docker is not installed: install Docker Engine (https://docs.docker.com/engine/install/) and run this again."
docker info >/dev/null 2>&1 || fail "the Docker engine does not answer: start it (systemctl start docker) or check DOCKER_HOST."
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose)
else
  fail "neither 'docker compose' (v2 plugin) nor 'docker-compose' (v1.29) is installed."
fi

# --- .env helpers: KEY=VALUE lines; setting a key replaces its line in place or appends it -----------
[ -f "$ENV_FILE" ] || cp "$DEPLOY_DIR/.env" "$ENV_FILE" 2>/dev/null || touch "$ENV_FILE"
env_get() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1; }
env_set() {
  local key="$1" value="$2" tmp
  tmp="$(mktemp "$ENV_FILE.XXXXXX")"
  if grep -q "^$key=" "$ENV_FILE"; then
    awk -v k="$key" -v v="$value" 'BEGIN { FS = OFS = "=" } $1 == k { print k "=" v; next } { print }' "$ENV_FILE" >"$tmp"
  else
    cat "$ENV_FILE" >"$tmp"
    printf '%s=%s\n' "$key" "$value" >>"$tmp"
  fi
  chmod 600 "$tmp"
  mv "$tmp" "$ENV_FILE"
}
# A value given in the environment wins; else the one in .env; else the default.
setting() { local key="$1" default="$2"; local value="${!key:-}"; [ -n "$value" ] || value="$(env_get "$key")"; [ -n "$value" ] || value="$default"; env_set "$key" "$value"; printf '%s' "$value"; }
new_secret() { if command -v openssl >/dev/null; then openssl rand -hex "$1"; else head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; fi; }
secret() { local key="$1" bytes="$2"; local value; value="$(env_get "$key")"; [ -n "$value" ] || value="${!key:-}"; [ -n "$value" ] || value="$(new_secret "$bytes")"; env_set "$key" "$value"; printf '%s' "$value"; }

valid_path() { [[ "$1" != *[[:space:][:cntrl:]]* ]] || fail "$2 '$1' contains whitespace or control characters; use a path without them."; }

# --- 2. State dir and workspace (upstream layout under ~/.openclaw) ---------------------------------
OPENCLAW_CONFIG_DIR="$(setting OPENCLAW_CONFIG_DIR "$HOME/.openclaw")"
OPENCLAW_WORKSPACE_DIR="$(setting OPENCLAW_WORKSPACE_DIR "$OPENCLAW_CONFIG_DIR/workspace")"
valid_path "$OPENCLAW_CONFIG_DIR" OPENCLAW_CONFIG_DIR
valid_path "$OPENCLAW_WORKSPACE_DIR" OPENCLAW_WORKSPACE_DIR
mkdir -p "$OPENCLAW_CONFIG_DIR/identity" "$OPENCLAW_CONFIG_DIR/agents/main/agent" "$OPENCLAW_CONFIG_DIR/agents/main/sessions" "$OPENCLAW_WORKSPACE_DIR"
# The containers see both at their host paths (sandbox bind mounts are resolved by the Docker engine on the host),
# so .env must hold absolute paths.
OPENCLAW_CONFIG_DIR="$(cd "$OPENCLAW_CONFIG_DIR" && pwd -P)"; env_set OPENCLAW_CONFIG_DIR "$OPENCLAW_CONFIG_DIR"
OPENCLAW_WORKSPACE_DIR="$(cd "$OPENCLAW_WORKSPACE_DIR" && pwd -P)"; env_set OPENCLAW_WORKSPACE_DIR "$OPENCLAW_WORKSPACE_DIR"

GATEWAY_PORT="$(setting OPENCLAW_GATEWAY_PORT 18789)"
CONTROL_UI_PORT="$(setting OPENCLAW_CONTROL_UI_PORT 18790)"
DASHBOARD_PORT="$(setting OPENCLAW_DASHBOARD_PORT 18888)"
PUBLISH_HOST="$(setting OPENCLAW_PUBLISH_HOST 127.0.0.1)"
setting OPENCLAW_DOCKER_APT_PACKAGES "" >/dev/null
DOCKER_HOST_SOCKET="${DOCKER_HOST:-}"; DOCKER_SOCKET="$(setting OPENCLAW_DOCKER_SOCKET "${DOCKER_HOST_SOCKET#unix://}")"
[[ "$DOCKER_SOCKET" == /* ]] || DOCKER_SOCKET="$(setting OPENCLAW_DOCKER_SOCKET /var/run/docker.sock)"
[ -S "$DOCKER_SOCKET" ] && env_set DOCKER_GID "$(stat -c %g "$DOCKER_SOCKET")"

# --- 3. Secrets: the gateway token from an existing openclaw.json, else .env, else a new one ---------
CONFIG_FILE="$OPENCLAW_CONFIG_DIR/openclaw.json"
if [ -z "$(env_get OPENCLAW_GATEWAY_TOKEN)" ] && [ -f "$CONFIG_FILE" ]; then
  existing_token="$(tr -d '\n' <"$CONFIG_FILE" | sed -n 's/.*"auth"[^}]*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
  [ -z "$existing_token" ] || env_set OPENCLAW_GATEWAY_TOKEN "$existing_token"
fi
GATEWAY_TOKEN="$(secret OPENCLAW_GATEWAY_TOKEN 32)"
secret REDIS_PASSWORD 16 >/dev/null
DASHBOARD_TOKEN="$(secret DASHBOARD_BROWSER_TOKEN 16)"

# --- 4. docker-compose.extra.yml: regenerated on every run, never hand-edited -----------------------
rm -f "$EXTRA_COMPOSE_FILE"
if [ -n "${OPENCLAW_EXTRA_MOUNTS:-}" ] || [ -n "${OPENCLAW_HOME_VOLUME:-}" ]; then
  mounts=()
  if [ -n "${OPENCLAW_HOME_VOLUME:-}" ]; then
    [[ "$OPENCLAW_HOME_VOLUME" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || fail "OPENCLAW_HOME_VOLUME '$OPENCLAW_HOME_VOLUME' is not a valid volume name ([A-Za-z0-9][A-Za-z0-9_.-]*)."
    mounts+=("$OPENCLAW_HOME_VOLUME:/home/node")
  fi
  IFS=',' read -r -a extra <<<"${OPENCLAW_EXTRA_MOUNTS:-}"
  for mount in "${extra[@]}"; do
    mount="$(printf '%s' "$mount" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//')"
    [ -n "$mount" ] || continue
    valid_path "$mount" OPENCLAW_EXTRA_MOUNTS
    [[ "$mount" =~ ^[^:]+:/[^:]*(:[a-z,]+)?$ ]] || fail "OPENCLAW_EXTRA_MOUNTS entry '$mount' is not source:target[:options] with an absolute target."
    mounts+=("$mount")
  done
  {
    echo "# Generated by setup.sh from OPENCLAW_EXTRA_MOUNTS / OPENCLAW_HOME_VOLUME. Do not edit: re-run setup.sh."
    echo "services:"
    for service in gateway sandbox-manager; do
      echo "  $service:"
      echo "    volumes:"
      for mount in "${mounts[@]}"; do printf '      - "%s"\n' "$mount"; done
    done
    if [ -n "${OPENCLAW_HOME_VOLUME:-}" ]; then
      echo "volumes:"
      echo "  $OPENCLAW_HOME_VOLUME: {}"
    fi
  } >"$EXTRA_COMPOSE_FILE"
  say "wrote $EXTRA_COMPOSE_FILE"
fi

# --- 5. Images ---------------------------------------------------------------------------------------
FILES=(-f "${OPENCLAW_COMPOSE_FILE:-$DEPLOY_DIR/docker-compose.yaml}")
runtime_image="$(env_get OPENCLAW_RUNTIME_IMAGE)"; runtime_image="${runtime_image:-mcr.microsoft.com/dotnet/aspnet:10.0}"
offline="${OPENCLAW_OFFLINE:-}"
if [ -z "$offline" ] && ! docker image inspect "$runtime_image" >/dev/null 2>&1 && ! timeout 120 docker pull -q "$runtime_image" >/dev/null 2>&1; then
  say "no registry answers for $runtime_image: building offline from a local base image"
  offline=1
fi
if [ -n "$offline" ]; then
  base="$(env_get OPENCLAW_OFFLINE_BASE_IMAGE)"; base="${base:-openclaw-sandbox:bookworm-slim}"
  docker image inspect "$base" >/dev/null 2>&1 || fail "offline build needs the local image $base: build it with scripts/sandbox-setup.sh (debootstrap), or set OPENCLAW_OFFLINE_BASE_IMAGE."
  command -v dotnet >/dev/null || fail "offline build needs the .NET SDK on this host (dotnet publish runs here instead of in the SDK image)."
  # One MSBuild run publishes every service (one restore, one parallel build), not one dotnet publish per image.
  say "dotnet msbuild services.publish.proj (self-contained, linux-x64) -> .publish/<project>"
  started=$SECONDS
  dotnet msbuild "$DEPLOY_DIR/services.publish.proj" -restore -m -nologo -clp:ErrorsOnly -p:SelfContained=true -p:PublishRoot="$DEPLOY_DIR/.publish/" >"$DEPLOY_DIR/.publish.log" 2>&1 \
    || { tail -n 30 "$DEPLOY_DIR/.publish.log" >&2; fail "publishing the services failed (full log: $DEPLOY_DIR/.publish.log)."; }
  say "published in $((SECONDS - started)) s"
  FILES+=(-f "$DEPLOY_DIR/docker-compose.offline.yaml")
fi
[ -f "$EXTRA_COMPOSE_FILE" ] && FILES+=(-f "$EXTRA_COMPOSE_FILE")
IFS=':' read -r -a overrides <<<"${OPENCLAW_COMPOSE_OVERRIDES:-}"
for override in "${overrides[@]}"; do [ -z "$override" ] || FILES+=(-f "$override"); done
compose() { "${COMPOSE[@]}" --project-directory "$DEPLOY_DIR" --env-file "$ENV_FILE" "${FILES[@]}" "$@"; }

say "building images"
compose build

# --- 6. Config: our CLI has no non-interactive onboarding yet, so write upstream's minimal docker config
if [ ! -f "$CONFIG_FILE" ]; then
  workspace_line=""
  # The gateway's default workspace is <state dir>/workspace; any other OPENCLAW_WORKSPACE_DIR must be in the config.
  [ "$OPENCLAW_WORKSPACE_DIR" = "$OPENCLAW_CONFIG_DIR/workspace" ] || workspace_line="\"workspace\": \"$OPENCLAW_WORKSPACE_DIR\", "
  # Sandboxes (agents.defaults.sandbox.mode) run as uid 1000, the owner of the state dir and workspace here: the
  # sandbox's root has its capabilities dropped and could not write into them.
  cat >"$CONFIG_FILE" <<JSON
{
  // Written by deploy/setup.sh. The gateway token comes from OPENCLAW_GATEWAY_TOKEN in deploy/.env.
  "gateway": { "mode": "local", "bind": "lan" },
  "agents": { "defaults": { $workspace_line"sandbox": { "docker": { "user": "1000:1000" } } } }
}
JSON
  say "wrote minimal $CONFIG_FILE (add models and channels with 'openclaw config set' or by editing it)"
elif [ "$OPENCLAW_WORKSPACE_DIR" != "$OPENCLAW_CONFIG_DIR/workspace" ] && ! grep -q "\"workspace\"[[:space:]]*:[[:space:]]*\"$OPENCLAW_WORKSPACE_DIR\"" "$CONFIG_FILE"; then
  say "note: OPENCLAW_WORKSPACE_DIR is $OPENCLAW_WORKSPACE_DIR; set agents.defaults.workspace to it in $CONFIG_FILE so the agents use it"
fi
# The services run as uid 1000 (like upstream's node user): give them the state dir and workspace.
if [ "$(id -u)" = 0 ]; then
  chown -R 1000:1000 "$OPENCLAW_CONFIG_DIR" "$OPENCLAW_WORKSPACE_DIR"
elif [ "$(id -u)" != 1000 ]; then
  compose run --rm --no-deps --user 0 --entrypoint chown gateway -R 1000:1000 /home/node/.openclaw >/dev/null
fi

if [ -n "${OPENCLAW_SETUP_NO_START:-}" ]; then
  say "images built; start the stack with: ${COMPOSE[*]} --env-file $ENV_FILE ${FILES[*]} up -d"
  exit 0
fi

# --- 7. Start and report ------------------------------------------------------------------------------
say "starting the stack"
compose up -d --remove-orphans
say "waiting for the gateway to be healthy"
for _ in $(seq 1 90); do
  id="$(compose ps -q gateway)"
  status="$( [ -n "$id" ] && docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || true)"
  [ "$status" = healthy ] && break
  sleep 2
done
[ "$status" = healthy ] || fail "the gateway is not healthy ($status): see '${COMPOSE[*]} logs gateway'."

cat <<EOF

OpenClaw is running.
  Control UI:  http://127.0.0.1:$CONTROL_UI_PORT/#token=$GATEWAY_TOKEN
  Gateway:     ws://127.0.0.1:$GATEWAY_PORT  (token in $ENV_FILE, OPENCLAW_GATEWAY_TOKEN)
  Telemetry:   http://127.0.0.1:$DASHBOARD_PORT/login?t=$DASHBOARD_TOKEN
  State dir:   $OPENCLAW_CONFIG_DIR
  Workspace:   $OPENCLAW_WORKSPACE_DIR
Ports are published on $PUBLISH_HOST. On a VPS, reach them through an SSH tunnel:
  ssh -N -L $CONTROL_UI_PORT:127.0.0.1:$CONTROL_UI_PORT -L $GATEWAY_PORT:127.0.0.1:$GATEWAY_PORT user@your-vps
Logs: ${COMPOSE[*]} -f $DEPLOY_DIR/docker-compose.yaml logs -f gateway
EOF
