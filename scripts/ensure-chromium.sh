#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the emulator's browser test
# (playwright-core drives it; `playwright install` cannot download browsers here), with a colour
# emoji font, so that the screenshots of the web chat show emoji rather than empty boxes.
# Installs it with apt-get when missing; quiet on success, a clear message and exit 1 on failure.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
[ -x "$CHROMIUM" ] && [ -f "$EMOJI_FONT" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM or $EMOJI_FONT is missing and apt-get is not available; install chromium by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-chromium: $CHROMIUM or $EMOJI_FONT is missing and installing it needs root (no sudo found)" >&2
    exit 1
  fi
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-color-emoji; } >"$log" 2>&1; then
  echo "ensure-chromium: installing chromium with apt-get failed:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
