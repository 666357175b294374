#!/usr/bin/env bash
# `npm run test:pytorch`: the PyTorch interop tests (test/unit/pytorch): train.py against the engine step
# for step, torchrun with two CPU processes (gloo), export and import through the CLI, the .npy format.
# Installs Debian's python3-torch (1.13, with torch.distributed and gloo) and python3-numpy when they are
# missing: about 50 s on a clean machine (~300 MB with their dependencies). apt waits for a lock held by
# another apt run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-python-modules.sh
ensure_python_modules "torch, numpy" pytorch python3-torch python3-numpy
exec npx vitest run test/unit/pytorch
