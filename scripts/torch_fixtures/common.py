"""Shared pieces of the fixture generator: format constants, the JSON writer, tensor encoding and the
SeqLab <-> PyTorch parameter layout mapping (see test/fixtures/torch/README.md)."""
import json
import math
import os

import numpy as np
import torch


FORMAT = 'seqlab-torch-fixture/1'
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'torch')

# SeqLab (ONNX) gate block k holds PyTorch gate block PERM[k]. LSTM: ONNX i,o,f,c <- PyTorch i,f,g,o.
# GRU: ONNX z,r,h <- PyTorch r,z,n.
TORCH_BLOCK_FOR_SEQLAB = {'lstm': [0, 3, 1, 2], 'gru': [1, 0, 2]}
GATES = {'lstm': 4, 'gru': 3}

# ---------------------------------------------------------------------------------------------------------
# JSON: dicts indented, numeric arrays on one line, floats as repr (shortest string that round-trips).


def _scalar(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if not math.isfinite(v):
            raise ValueError('non-finite value in fixture')
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    raise TypeError(type(v))


def to_json(obj, indent=0):
    pad = '  ' * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return '{}'
        items = [pad + json.dumps(k) + ': ' + to_json(v, indent + 1) for k, v in obj.items()]
        return '{\n' + ',\n'.join(items) + '\n' + '  ' * indent + '}'
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in obj):
            return '[' + ','.join(_scalar(v) for v in obj) + ']'
        return '[\n' + ',\n'.join(pad + to_json(v, indent + 1) for v in obj) + '\n' + '  ' * indent + ']'
    return _scalar(obj)


def write_fixture(name, obj):
    path = os.path.join(OUT_DIR, name + '.json')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(to_json(obj) + '\n')
    return path


def tensor(a):
    """{"shape", "data"}: row-major flat data, floats widened exactly to double."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().double().numpy()
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': [float(v) for v in a.ravel()]}


def int_tensor(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'data': [int(v) for v in a.ravel()]}


def f32(a):
    """Round to the nearest float32 and widen back: every fixture input is exactly representable in both."""
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


def from_tensor(t):
    return np.asarray(t['data'], dtype=np.float64).reshape(t['shape'])


# ---------------------------------------------------------------------------------------------------------
# SeqLab parameter layout and the PyTorch mapping.


def in_size(case, layer):
    if layer > 0:
        return case['hidden']
    return case['features'] if case['input'] == 'features' else case['embed']


def param_shapes(case):
    """(name, shape) in SeqLab's flat-buffer order (engine/spec.ts)."""
    G, H = GATES[case['cell']], case['hidden']
    out = []
    if case['input'] == 'tokens':
        out.append(('embedding.weight', [case['vocab'], case['embed']]))
    for l in range(case['layers']):
        out += [(f'rnn.{l}.W', [G * H, in_size(case, l)]), (f'rnn.{l}.R', [G * H, H]),
                (f'rnn.{l}.Wb', [G * H]), (f'rnn.{l}.Rb', [G * H])]
    out += [('head.weight', [case['out'], H]), ('head.bias', [case['out']])]
    return out


def permute_blocks(a, order, H):
    """Row blocks of H: result block k = a's block order[k] (works on numpy arrays and torch tensors)."""
    parts = [a[k * H:(k + 1) * H] for k in order]
    return torch.cat(parts, 0) if isinstance(a, torch.Tensor) else np.concatenate(parts, 0)


def inverse(order):
    inv = [0] * len(order)
    for k, j in enumerate(order):
        inv[j] = k
    return inv


def torch_to_seqlab(a, cell, H):
    return permute_blocks(a, TORCH_BLOCK_FOR_SEQLAB[cell], H)


def seqlab_to_torch(a, cell, H):
    return permute_blocks(a, inverse(TORCH_BLOCK_FOR_SEQLAB[cell]), H)
