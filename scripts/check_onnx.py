#!/usr/bin/python3
"""Runs ONNX's own checker on SeqLab exports: onnx.checker.check_model(full_check=True) and strict
shape inference (onnx.shape_inference.infer_shapes(strict_mode=True, check_type=True, data_prop=True)),
then checks that every declared graph output got an inferred type whose rank matches the declared one.

Needs Debian's python3-onnx (1.12, which reads IR 8 / opset 17); run it with /usr/bin/python3:

    /usr/bin/python3 scripts/check_onnx.py [model.onnx ...]

Without arguments it checks test/fixtures/onnx/exports/*.onnx (one export per task and cell, written by
test/unit/onnx/exports.test.ts). Exit 0 when every model passes, 1 otherwise; one line per model.
"""
import glob
import json
import os
import sys
import time

import onnx
from onnx import checker, shape_inference

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True, data_prop=True)
    known = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    for declared in model.graph.output:
        got = known.get(declared.name)
        if got is None or not got.type.tensor_type.HasField("shape"):
            raise ValueError(f"output {declared.name}: shape inference gave no shape")
        want_rank = len(declared.type.tensor_type.shape.dim)
        got_rank = len(got.type.tensor_type.shape.dim)
        if want_rank != got_rank:
            raise ValueError(f"output {declared.name}: declared rank {want_rank}, inferred {got_rank}")
    meta = {p.key: p.value for p in model.metadata_props}
    ops = sorted({n.op_type for n in model.graph.node})
    return {
        "ir": model.ir_version,
        "opset": [o.version for o in model.opset_import],
        "task": json.loads(meta.get("seqlab.task", "null")),
        "ops": ops,
        "inferred_values": len(inferred.graph.value_info),
    }


def main(argv):
    paths = argv or sorted(glob.glob(os.path.join(ROOT, "test/fixtures/onnx/exports/*.onnx")))
    if not paths:
        print("no models to check", file=sys.stderr)
        return 1
    failed = 0
    start = time.time()
    for path in paths:
        try:
            info = check(path)
            print(f"ok    {os.path.relpath(path, ROOT)}  IR {info['ir']} opset {info['opset']} task {info['task']} "
                  f"ops {','.join(info['ops'])} ({info['inferred_values']} inferred values)")
        except Exception as error:  # noqa: BLE001 - report every model, then fail
            failed += 1
            print(f"FAIL  {os.path.relpath(path, ROOT)}: {type(error).__name__}: {error}")
    print(f"onnx {onnx.__version__}: {len(paths) - failed}/{len(paths)} passed in {time.time() - start:.2f}s")
    print(f"{len(paths) - failed} passed, {failed} failed")  # the count line every SeqLab suite ends with
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
