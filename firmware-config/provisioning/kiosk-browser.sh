#!/usr/bin/env bash
# Launches Chromium full screen on the kiosk UI once the station agent answers.
set -euo pipefail

url="${XZ_KIOSK_URL:-http://127.0.0.1:8080/}"
profile_dir="${XZ_BROWSER_PROFILE:-/var/tmp/xiaozhan-kiosk-browser}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "kiosk-browser: chromium not found" >&2
  exit 1
fi

# Wait up to 60 s for the agent.
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "$url"; then break; fi
  sleep 1
done

# A fresh profile each start: no restored tabs, no crash bubble, nothing left from the last citizen.
rm -rf "$profile_dir"
mkdir -p "$profile_dir"

exec "$browser" \
  --kiosk "$url" \
  --user-data-dir="$profile_dir" \
  --no-first-run \
  --noerrdialogs \
  --disable-infobars \
  --disable-session-crashed-bubble \
  --disable-translate \
  --disable-features=Translate,TouchpadOverscrollHistoryNavigation \
  --overscroll-history-navigation=0 \
  --disable-pinch \
  --check-for-update-interval=31536000 \
  --autoplay-policy=no-user-gesture-required \
  --lang=zh-CN
