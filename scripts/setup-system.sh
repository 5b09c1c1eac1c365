#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium, socat, a CJK font), only when missing.
# Safe to run any number of times.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
fc-list 2>/dev/null | grep -qiE 'wenquanyi|wqy|noto (sans|serif) cjk' || missing+=(fonts-wqy-microhei)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-system: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
echo "setup-system: done"
