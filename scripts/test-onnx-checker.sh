#!/usr/bin/env bash
# `npm run test:onnx-checker`: ONNX's own checker (full_check, strict shape inference) on SeqLab's exports.
# Installs Debian's python3-onnx (1.12, which reads IR 8 / opset 17) when it is missing: about 3 s here,
# a few MB with its numpy and protobuf dependencies. apt waits for a lock held by another apt run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import onnx' 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "python3-onnx is missing and installing it needs root or sudo" >&2; echo "0 passed, 1 failed"; exit 1; }
    sudo=sudo
  fi
  echo "[onnx-checker] apt-get install python3-onnx"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-onnx >/dev/null
fi
exec /usr/bin/python3 scripts/check_onnx.py
