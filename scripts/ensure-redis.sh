#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed: @telepot/redis's tests start a real redis-server
# (on 127.0.0.1, a free port, a temporary directory) and stop it afterwards.
set -euo pipefail
bash "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/redis-server redis-server
