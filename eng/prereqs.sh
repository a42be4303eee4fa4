#!/usr/bin/env bash
# Installs what running and testing OpenClaw.NET need on a Debian/Ubuntu machine, idempotently:
# redis-server, a Docker engine (started when none answers), Chromium, debootstrap and docker-compose,
# then the sandbox base image `openclaw-sandbox:bookworm-slim`. Prints what it does and what it skips.
set -euo pipefail

SANDBOX_IMAGE="${OPENCLAW_SANDBOX_IMAGE:-openclaw-sandbox:bookworm-slim}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

say()  { printf '[prereqs] %s\n' "$*"; }
skip() { printf '[prereqs] skip: %s\n' "$*"; }

# --- apt packages -----------------------------------------------------------------------------
need=()
command -v redis-server  >/dev/null 2>&1 || need+=(redis-server)
command -v dockerd       >/dev/null 2>&1 || need+=(docker.io)
command -v chromium      >/dev/null 2>&1 || need+=(chromium)
command -v debootstrap   >/dev/null 2>&1 || need+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v tmux          >/dev/null 2>&1 || need+=(tmux)
command -v curl          >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing with apt: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
else
  skip "apt packages already installed (redis-server, docker.io, chromium, debootstrap, docker-compose, tmux)"
fi

# --- Docker engine --------------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
  skip "a Docker engine already answers"
else
  say "starting dockerd (--bridge=none --iptables=false; containers use --network none or host)"
  $SUDO sh -c 'nohup dockerd --bridge=none --iptables=false >/tmp/openclaw-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if docker info >/dev/null 2>&1; then say "dockerd is up"; else
    say "WARNING: dockerd did not answer; see /tmp/openclaw-dockerd.log (sandbox tests will fail)"; fi
fi

# --- sandbox base image -----------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
  if docker image inspect "$SANDBOX_IMAGE" >/dev/null 2>&1; then
    skip "sandbox image $SANDBOX_IMAGE already present"
  else
    "$ROOT/scripts/sandbox-setup.sh" --base-only
  fi
fi

say "done"
