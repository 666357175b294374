#!/usr/bin/env bash
# `npm run test:onnx-checker`: ONNX's own checker (full_check, strict shape inference) on SeqLab's exports.
# Installs Debian's python3-onnx (1.12, which reads IR 8 / opset 17) when it is missing: about 3 s here,
# a few MB with its numpy and protobuf dependencies. apt waits for a lock held by another apt run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-python-modules.sh
ensure_python_modules "onnx" onnx-checker python3-onnx
exec /usr/bin/python3 scripts/check_onnx.py
