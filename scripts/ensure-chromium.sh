#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the emulator's browser tests
# (playwright-core drives it; `playwright install` cannot download browsers here), with a colour
# emoji font, so that the screenshots of the web chat show emoji rather than empty boxes.
set -euo pipefail
ENSURE="$(dirname "$0")/ensure-debian-package.sh"
bash "$ENSURE" /usr/bin/chromium chromium
bash "$ENSURE" /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf fonts-noto-color-emoji
