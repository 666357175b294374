#!/usr/bin/env bash
# Sourced by the test scripts that need Debian's Python packages:
#   ensure_python_modules "<python import list>" <tag> <debian packages...>
# Installs the packages with apt-get when `/usr/bin/python3 -c 'import <list>'` fails (as root, or with
# sudo), waiting for a lock held by another apt run. Without root or sudo it prints the reason and the
# suite's count line, `0 passed, 1 failed`, and exits 1.
ensure_python_modules() {
  local modules=$1 tag=$2
  shift 2
  /usr/bin/python3 -c "import ${modules}" 2>/dev/null && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "$* missing and installing needs root or sudo" >&2; echo "0 passed, 1 failed"; exit 1; }
    sudo=sudo
  fi
  echo "[$tag] apt-get install $*"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}
