#!/usr/bin/env bash
# Makes sure Debian's python-telegram-bot (13.x) is there for /usr/bin/python3: the emulator's
# interop test runs a bot written with it (test/interop/ptb_bot.py).
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" \
  /usr/lib/python3/dist-packages/telegram/__init__.py python3-python-telegram-bot
