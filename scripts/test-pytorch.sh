#!/usr/bin/env bash
# `npm run test:pytorch`: the PyTorch interop tests (test/unit/pytorch): train.py against the engine step
# for step, torchrun with two CPU processes (gloo), export and import through the CLI, the .npy format.
# Installs Debian's python3-torch (1.13, with torch.distributed and gloo) and python3-numpy when they are
# missing: about 50 s on a clean machine (~300 MB with their dependencies). apt waits for a lock held by
# another apt run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "python3-torch is missing and installing it needs root or sudo" >&2; echo "0 passed, 1 failed"; exit 1; }
    sudo=sudo
  fi
  echo "[pytorch] apt-get install python3-torch python3-numpy"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
fi
exec npx vitest run test/unit/pytorch
