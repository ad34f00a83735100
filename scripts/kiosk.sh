#!/bin/sh
# Runs the wall on the display machine: Chromium fullscreen (kiosk), starting from the local
# waiting page (public/offline.html), which opens the hub's display as soon as the hub answers.
# If Chromium itself dies, it is started again. The page's own watchdog reloads it when it stops
# drawing or loses its canvas.
#
#   scripts/kiosk.sh http://192.168.1.20:8080          # one projector
#   scripts/kiosk.sh http://192.168.1.20:8080 '/?view=2/3'   # the middle of three projectors
#
# Autostart: add it to the display user's session (e.g. ~/.config/autostart/dreamscape.desktop
# with Exec=/opt/dreamscape/scripts/kiosk.sh http://HUB:8080), and turn off screen blanking.
set -eu

HUB="${1:-http://127.0.0.1:8080}"
WALL="${2:-/}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${XDG_STATE_HOME:-$HOME/.local/state}/dreamscape-kiosk"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || echo chromium)}"

mkdir -p "$STATE"
# The waiting page must load from disk: the hub may not be up yet.
cp "$HERE/public/offline.html" "$HERE/public/offline.js" "$STATE/"
START="file://$STATE/offline.html?hub=$(printf %s "$HUB" | sed 's/:/%3A/g; s#/#%2F#g')&to=$(printf %s "$WALL" | sed 's#/#%2F#g; s/?/%3F/g; s/=/%3D/g; s/&/%26/g')"

# No screen blanking while the show runs (X11; ignored elsewhere).
command -v xset >/dev/null 2>&1 && { xset s off; xset -dpms; xset s noblank; } 2>/dev/null || true

while true; do
  # A crashed Chromium leaves a "restore pages?" bubble and a lock: clear both before starting.
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"[^"]*"/"exit_type":"Normal"/' \
    "$STATE/profile/Default/Preferences" 2>/dev/null || true
  rm -f "$STATE/profile/SingletonLock"
  "$CHROMIUM" \
    --kiosk "$START" \
    --user-data-dir="$STATE/profile" \
    --no-first-run \
    --noerrdialogs \
    --disable-infobars \
    --disable-session-crashed-bubble \
    --disable-features=Translate,TranslateUI,MediaRouter \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    --autoplay-policy=no-user-gesture-required \
    --disable-background-timer-throttling \
    --disable-renderer-backgrounding \
    --disable-backgrounding-occluded-windows \
    --check-for-update-interval=31536000 \
    --disable-component-update \
    --password-store=basic \
    --ignore-gpu-blocklist \
    || true
  echo "[dreamscape] Chromium exited; starting it again in 2 s" >&2
  sleep 2
done
