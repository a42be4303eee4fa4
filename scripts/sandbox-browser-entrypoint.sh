#!/usr/bin/env bash
# Entrypoint of openclaw-sandbox-browser: Chromium listens for CDP on loopback only (hardened flags), socat
# publishes it on the container's CDP port, and when headful an Xvfb display is shared over VNC / noVNC.
set -euo pipefail

CDP_PORT="${OPENCLAW_BROWSER_CDP_PORT:-9222}"
VNC_PORT="${OPENCLAW_BROWSER_VNC_PORT:-5900}"
NOVNC_PORT="${OPENCLAW_BROWSER_NOVNC_PORT:-6080}"
HEADLESS="${OPENCLAW_BROWSER_HEADLESS:-0}"
ENABLE_NOVNC="${OPENCLAW_BROWSER_ENABLE_NOVNC:-1}"
INTERNAL_CDP_PORT=$((CDP_PORT + 10000))
PROFILE_DIR="${HOME}/.openclaw-browser"
mkdir -p "$PROFILE_DIR"

args=(
  --remote-debugging-address=127.0.0.1
  --remote-debugging-port="$INTERNAL_CDP_PORT"
  --user-data-dir="$PROFILE_DIR"
  --no-first-run --no-default-browser-check
  --disable-gpu --disable-dev-shm-usage --disable-background-networking
  --disable-component-update --disable-sync --renderer-process-limit=2
  --no-sandbox
)

if [ "$HEADLESS" = "1" ]; then
  args+=(--headless=new)
else
  export DISPLAY=:99
  Xvfb :99 -screen 0 1280x800x24 -nolisten tcp &
  if [ "$ENABLE_NOVNC" = "1" ]; then
    # The VNC password is a per-start token; the gateway reads it from the container to build the noVNC URL.
    VNC_PASSWORD="${OPENCLAW_BROWSER_VNC_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9' | head -c 12)}"
    mkdir -p "$HOME/.vnc" && x11vnc -storepasswd "$VNC_PASSWORD" "$HOME/.vnc/passwd" >/dev/null 2>&1
    printf '%s\n' "$VNC_PASSWORD" > "$HOME/.vnc/token"
    x11vnc -display :99 -rfbport "$VNC_PORT" -rfbauth "$HOME/.vnc/passwd" -forever -shared -quiet &
    websockify --web /usr/share/novnc "$NOVNC_PORT" "127.0.0.1:$VNC_PORT" >/dev/null 2>&1 &
  fi
fi

chromium "${args[@]}" about:blank &
socat "TCP-LISTEN:${CDP_PORT},fork,reuseaddr" "TCP:127.0.0.1:${INTERNAL_CDP_PORT}" &
wait -n
