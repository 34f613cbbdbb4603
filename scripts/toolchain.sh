# Sourced by ./dev: puts a Node >= 22.19 and pnpm on PATH, obtaining them from the npm registry
# into .toolchain/ (never globally) when the machine's are missing or too old, then installs the
# workspace. Why: CI machines ship Node 20 and no pnpm, and corepack cannot be used here.
NODE_VERSION=24.21.0
PNPM_VERSION=12.21.0
NODE_MIN_MAJOR=22
NODE_MIN_MINOR=19

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain="$root/.toolchain"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local v major minor
  v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [ "$major" -gt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -ge "$NODE_MIN_MINOR" ]; }
}

npm_into() { # npm_into DIR PACKAGE@VERSION: a private install, quiet unless it fails
  local log; log="$(mktemp)"
  if ! npm install --prefix "$1" "$2" --no-audit --no-fund --no-save --loglevel=error >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; echo "toolchain: could not install $2" >&2; return 1
  fi
  rm -f "$log"
}

# What the machine offers, in words: "Node 20.20.2 (/usr/bin/node)" or "no Node on PATH".
found_node() {
  local v
  if ! command -v node >/dev/null 2>&1; then echo "no Node on PATH"; return; fi
  v="$(node -p 'process.versions.node' 2>/dev/null)" || v="an unreadable version"
  echo "Node $v ($(command -v node))"
}

need_npm() { # $1: what npm would fetch
  command -v npm >/dev/null 2>&1 && return 0
  echo "toolchain: fetching $1 needs npm, and there is none on PATH: install any Node with npm (e.g. apt-get install nodejs npm), then run ./dev again" >&2
  return 1
}

if [ -x "$toolchain/node/node_modules/.bin/node" ]; then
  PATH="$toolchain/node/node_modules/.bin:$PATH"
elif ! node_ok; then
  echo "toolchain: found $(found_node), need Node >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR; fetching node@$NODE_VERSION from the npm registry into .toolchain/node (once)" >&2
  need_npm "node@$NODE_VERSION" || return 1
  npm_into "$toolchain/node" "node@$NODE_VERSION" || return 1
  PATH="$toolchain/node/node_modules/.bin:$PATH"
fi

if [ ! -x "$toolchain/pnpm/node_modules/.bin/pnpm" ]; then
  echo "toolchain: using $(found_node); fetching pnpm@$PNPM_VERSION from the npm registry into .toolchain/pnpm (once)" >&2
  need_npm "pnpm@$PNPM_VERSION" || return 1
  npm_into "$toolchain/pnpm" "pnpm@$PNPM_VERSION" || return 1
fi
PATH="$toolchain/pnpm/node_modules/.bin:$root/node_modules/.bin:$PATH"
export PATH

# Install the workspace when the lockfile is newer than the last install (or on CI: always, frozen).
stamp="$root/node_modules/.install-stamp"
if [ -n "${SKIP_INSTALL:-}" ]; then
  :
elif [ -n "${CI:-}" ] || [ ! -f "$stamp" ] || [ "$root/pnpm-lock.yaml" -nt "$stamp" ]; then
  (cd "$root" && pnpm install --frozen-lockfile --reporter=silent) || {
    echo "toolchain: pnpm install --frozen-lockfile failed (run './dev install' after changing a package.json)" >&2
    return 1
  }
  touch "$stamp"
fi
