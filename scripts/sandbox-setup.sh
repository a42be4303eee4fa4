#!/usr/bin/env bash
# Builds the sandbox images: openclaw-sandbox:bookworm-slim (Dockerfile.sandbox), and unless
# --base-only, openclaw-sandbox-common:bookworm-slim and openclaw-sandbox-browser:bookworm-slim.
# When no registry answers (air-gapped machines, CI), the base image is made offline with
# debootstrap from the machine's Debian mirror and imported, and the others build FROM it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE="${OPENCLAW_SANDBOX_IMAGE:-openclaw-sandbox:bookworm-slim}"
BASE_ONLY=0
FORCE=0
FAILED=0
VARIANTS=(common browser)
usage() {
  cat <<'USAGE'
Usage: scripts/sandbox-setup.sh [--base-only] [--common] [--browser] [--force]
  (no flag)    build openclaw-sandbox, openclaw-sandbox-common and openclaw-sandbox-browser (:bookworm-slim)
  --base-only  only the default sandbox image (openclaw-sandbox:bookworm-slim)
  --common     the default image and openclaw-sandbox-common
  --browser    the default image and openclaw-sandbox-browser
  --force      rebuild the variant images even when present
Environment: OPENCLAW_SANDBOX_IMAGE overrides the base image name.
USAGE
}
SELECTED=()
for arg in "$@"; do
  case "$arg" in
    --base-only) BASE_ONLY=1 ;;
    --common) SELECTED+=(common) ;;
    --browser) SELECTED+=(browser) ;;
    --force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ "${#SELECTED[@]}" -gt 0 ] && VARIANTS=("${SELECTED[@]}")
say() { printf '[sandbox-setup] %s\n' "$*"; }

if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers: start dockerd (or run eng/prereqs.sh) and try again" >&2
  exit 1
fi

build_base_online() {
  timeout 120 docker build -t "$BASE_IMAGE" -f "$ROOT/Dockerfile.sandbox" "$ROOT" >/tmp/openclaw-sandbox-build.log 2>&1
}

debian_mirror() {
  local src
  src=$(grep -hE '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 | awk '{print $2}')
  [ -n "$src" ] || src=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')
  echo "${src:-http://deb.debian.org/debian}"
}

build_base_offline() {
  command -v debootstrap >/dev/null 2>&1 || { say "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  local rootfs mirror
  rootfs=$(mktemp -d /tmp/openclaw-rootfs.XXXXXX)
  mirror=$(debian_mirror)
  say "no registry answered: building $BASE_IMAGE offline with debootstrap from $mirror"
  debootstrap --variant=minbase --include=ca-certificates,bash,coreutils,procps bookworm "$rootfs" "$mirror" >/tmp/openclaw-debootstrap.log 2>&1
  # The sandbox runs commands as an unprivileged user by default, like upstream's image.
  chroot "$rootfs" sh -c 'useradd -m -u 1000 -s /bin/bash sandbox 2>/dev/null || true; mkdir -p /workspace && chmod 777 /workspace'
  tar -C "$rootfs" -c . | docker import -c 'WORKDIR /workspace' -c 'CMD ["sleep","infinity"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "$BASE_IMAGE already present"
elif build_base_online; then
  say "built $BASE_IMAGE from Dockerfile.sandbox"
else
  build_base_offline
  say "imported $BASE_IMAGE"
fi

[ "$BASE_ONLY" = 1 ] && exit 0

# The variants install packages with apt. Builds use the host's network (--network host) because engines
# started with --bridge=none give build containers no network of their own; apt then reaches the same
# Debian mirror the host uses.
for variant in "${VARIANTS[@]}"; do
  image="openclaw-sandbox-$variant:bookworm-slim"
  if [ "$FORCE" = 0 ] && docker image inspect "$image" >/dev/null 2>&1; then
    say "$image already present (--force rebuilds)"
    continue
  fi
  if docker build --network host --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$image" -f "$ROOT/Dockerfile.sandbox-$variant" "$ROOT" >/tmp/openclaw-sandbox-$variant.log 2>&1; then
    say "built $image"
  else
    say "could not build $image (it needs package downloads from a Debian mirror; see /tmp/openclaw-sandbox-$variant.log)"
    FAILED=1
  fi
done
exit "$FAILED"
