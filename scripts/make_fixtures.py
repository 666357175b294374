#!/usr/bin/python3
"""Golden PyTorch fixtures for SeqLab's engine parity tests.

Run with Debian's python3-torch (torch 1.13):  /usr/bin/python3 scripts/make_fixtures.py
It writes test/fixtures/torch/*.json, then re-reads every file and checks it independently of torch's
autograd (numpy forward pass of the ONNX equations on the SeqLab layout, finite differences, numpy
re-implementations of the optimisers and schedules). `--check` only runs the checks on existing files.
The format is documented in test/fixtures/torch/README.md. Output is deterministic (byte-identical reruns).
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
# Byte-identical files need the same BLAS kernels: OpenBLAS (libopenblas0-pthread) with its Haswell kernels,
# which is what the committed files were made with. Set before torch loads BLAS; AVX-512 machines would
# otherwise pick the SkylakeX kernels, whose sums differ in the last bit.
os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import torch  # noqa: E402

from torch_fixtures.check_models import check_model  # noqa: E402
from torch_fixtures.check_training import check_clip, check_optimizers, check_schedules, check_trajectory  # noqa: E402
from torch_fixtures.common import OUT_DIR, write_fixture  # noqa: E402
from torch_fixtures.gates import GATE_CASES, check_gates, gates_fixture  # noqa: E402
from torch_fixtures.models import CASES, model_fixture  # noqa: E402
from torch_fixtures.training import clip_fixture, optimizer_fixture, schedule_fixture, trajectory_fixture  # noqa: E402

# (model fixture, clip max norm). Neither model's gradient norm reaches 1, so the GRU run clips at 0.25 to
# exercise clipping inside a training loop (active on the first steps, inactive later).
TRAJECTORY_CASES = [('lstm1_dense_mse', 1.0), ('gru2_dense_huber', 0.25)]


def generate():
    os.makedirs(OUT_DIR, exist_ok=True)
    fixtures = {}
    for case in CASES:
        fixtures[case['name']] = model_fixture(case)
        write_fixture(case['name'], fixtures[case['name']])
    write_fixture('optimizers', optimizer_fixture())
    write_fixture('clip_grad_norm', clip_fixture(fixtures['lstm1_dense_mse']))
    write_fixture('lr_schedules', schedule_fixture())
    for name, max_norm in TRAJECTORY_CASES:
        case = next(c for c in CASES if c['name'] == name)
        write_fixture('trajectory_' + name, trajectory_fixture(case, fixtures[name], max_norm=max_norm))
    for case in GATE_CASES:
        write_fixture(case['name'], gates_fixture(case))


def check():
    report = []
    for case in CASES:
        check_model(case['name'], report)
    check_optimizers(report)
    check_clip(report)
    check_schedules(report)
    for name, _ in TRAJECTORY_CASES:
        check_trajectory('trajectory_' + name, report)
    for case in GATE_CASES:
        with open(os.path.join(OUT_DIR, case['name'] + '.json'), encoding='utf-8') as f:
            check_gates(json.load(f), report)
    total = sum(os.path.getsize(os.path.join(OUT_DIR, f)) for f in os.listdir(OUT_DIR) if f.endswith('.json'))
    report.append(f'total JSON size {total / 1024:.1f} KiB')
    print('\n'.join(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true', help='only check the existing fixtures')
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread: the same reduction order on every run
    torch.use_deterministic_algorithms(True)
    if not args.check:
        generate()
    check()
    return 0


if __name__ == '__main__':
    sys.exit(main())
