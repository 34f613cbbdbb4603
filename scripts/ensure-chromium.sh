#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the emulator's browser test
# (playwright-core drives it; `playwright install` cannot download browsers here).
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium chromium
