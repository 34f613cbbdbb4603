#!/usr/bin/env bash
# Makes sure a Debian package is installed, judged by a file it puts in place:
#   scripts/ensure-debian-package.sh <file the package installs> <package>
# Installs it with apt-get when the file is missing; quiet on success, a clear message and exit 1
# on failure. The tests that need Debian's packages (chromium, python-telegram-bot) use this.
set -euo pipefail
FILE=$1
PACKAGE=$2
[ -e "$FILE" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-package: $FILE is missing and apt-get is not available; install $PACKAGE by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-debian-package: $FILE is missing and installing $PACKAGE needs root (no sudo found)" >&2
    exit 1
  fi
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$PACKAGE"; } >"$log" 2>&1; then
  echo "ensure-debian-package: installing $PACKAGE with apt-get failed:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
if [ ! -e "$FILE" ]; then
  echo "ensure-debian-package: apt-get installed $PACKAGE but $FILE is still missing" >&2
  exit 1
fi
