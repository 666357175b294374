"""Independent checks of the model fixtures: a numpy forward pass of the ONNX equations on the SeqLab
layout, finite differences, a gate-swap test, PyTorch's float32-vs-float64 error, and (for the lengths
cases) that running the padded steps and reading h at lengths[b]-1 gives the same loss and gradients."""
import itertools
import json
import os

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .common import GATES, OUT_DIR, f32, from_tensor, permute_blocks, seqlab_to_torch
from .models import RNN_FIELDS, Net, torch_loss


# Independent checks on the written JSON: a numpy forward pass of the ONNX equations on the SeqLab layout.

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ref_forward(fx, P, gate_order=None):
    """Returns head output, per-layer outputs [B,T,H], final h/c [L,B,H], max |pre-activation|.
    gate_order (for the swap test) re-reads the gate blocks of every W, R, Wb, Rb in another order."""
    spec = fx['spec']
    cell, H, L, B, T = spec['cell'], spec['hiddenSize'], spec['layers'], fx['batch'], fx['seq']
    if spec['input']['kind'] == 'tokens':
        ids = np.asarray(fx['x']['data']).reshape(B, T)
        inp = P['embedding.weight'][ids]
    else:
        inp = from_tensor(fx['x'])
    lengths = fx['lengths'] or [T] * B
    outs, hs, cs, max_pre = [], [], [], 0.0
    for l in range(L):
        W, R, Wb, Rb = (P[f'rnn.{l}.{k}'] for k in ('W', 'R', 'Wb', 'Rb'))
        if gate_order is not None:
            W, R, Wb, Rb = (permute_blocks(a, gate_order, H) for a in (W, R, Wb, Rb))
        Y, hN, cN = np.zeros((B, T, H)), np.zeros((B, H)), np.zeros((B, H))
        for b in range(B):
            h, c = np.zeros(H), np.zeros(H)
            for t in range(lengths[b]):
                gx, gh = W @ inp[b, t] + Wb, R @ h + Rb
                if cell == 'lstm':  # ONNX: i, o, f, c
                    pre = gx + gh
                    i, o, f, g = (pre[k * H:(k + 1) * H] for k in range(4))
                    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
                    h = sigmoid(o) * np.tanh(c)
                else:  # ONNX GRU z, r, h with linear_before_reset=1
                    z = sigmoid(gx[:H] + gh[:H])
                    r = sigmoid(gx[H:2 * H] + gh[H:2 * H])
                    pre = np.concatenate([gx[:2 * H] + gh[:2 * H], gx[2 * H:] + r * gh[2 * H:]])
                    h = (1 - z) * np.tanh(pre[2 * H:]) + z * h
                max_pre = max(max_pre, float(np.abs(pre).max()))
                Y[b, t] = h
            hN[b], cN[b] = h, c
        outs.append(Y)
        hs.append(hN)
        cs.append(cN)
        inp = Y
    features = hs[-1] if spec['headOn'] == 'last' else outs[-1]
    y = features @ P['head.weight'].T + P['head.bias']
    return y, outs, np.stack(hs), np.stack(cs), max_pre


def ref_loss(fx, y):
    loss = fx['loss']
    if loss['kind'] == 'ce':
        logits = y.reshape(-1, y.shape[-1])
        tg = np.asarray(fx['targets']['data'])
        m = logits.max(axis=1, keepdims=True)
        lse = (m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True)))[:, 0]
        per = lse - logits[np.arange(len(tg)), tg]
    else:
        d = (y - from_tensor(fx['targets'])).ravel()
        if loss['kind'] == 'mse':
            per = d * d
        elif loss['kind'] == 'mae':
            per = np.abs(d)
        else:
            delta = loss['delta']
            per = np.where(np.abs(d) < delta, 0.5 * d * d, delta * (np.abs(d) - 0.5 * delta))
    mask = np.ones(per.shape) if fx['mask'] is None else np.asarray(fx['mask']['data'], dtype=np.float64)
    return float((mask * per).sum() / mask.sum())


def close(got, want, atol, rtol=0.0):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    return got.shape == want.shape and bool(np.all(np.abs(got - want) <= atol + rtol * np.abs(want)))


def load(name):
    with open(os.path.join(OUT_DIR, name + '.json'), encoding='utf-8') as f:
        return json.load(f)


def check_model(name, report):
    fx = load(name)
    spec, H = fx['spec'], fx['spec']['hiddenSize']
    P = {n: from_tensor(fx['params'][n]) for n in fx['paramNames']}
    r64, r32 = fx['float64'], fx['float32']
    for n, t in fx['params'].items():
        assert np.array_equal(from_tensor(t), f32(from_tensor(t))), f'{name}: {n} is not float32-exact'
    # 1. Independent forward pass reproduces PyTorch's float64 numbers.
    y, outs, hN, cN, max_pre = ref_forward(fx, P)
    assert close(y, from_tensor(r64['head']), 1e-12), f'{name}: head'
    for o, want in zip(outs, r64['layerOutputs']):
        assert close(o, from_tensor(want), 1e-12), f'{name}: layer outputs'
    assert close(hN, from_tensor(r64['finalH']), 1e-12), f'{name}: finalH'
    if spec['cell'] == 'lstm':
        assert close(cN, from_tensor(r64['finalC']), 1e-12), f'{name}: finalC'
    assert abs(ref_loss(fx, from_tensor(r64['head'])) - r64['loss']) <= 1e-13, f'{name}: loss from stored head'
    assert abs(ref_loss(fx, from_tensor(r32['head'])) - r32['loss']) <= 1e-6, f'{name}: float32 loss from head'
    # 2. Torch's own stacked module, built from the SeqLab layout, agrees (layout + chained-layer check).
    cls = torch.nn.LSTM if spec['cell'] == 'lstm' else torch.nn.GRU
    In = spec['input']['size'] if spec['input']['kind'] == 'features' else spec['input']['embed']
    stacked = cls(In, H, num_layers=spec['layers'], batch_first=True).double()
    with torch.no_grad():
        for l in range(spec['layers']):
            for short, tname in RNN_FIELDS:
                getattr(stacked, tname[:-1] + str(l)).copy_(
                    torch.tensor(seqlab_to_torch(P[f'rnn.{l}.{short}'], spec['cell'], H)))
        inp = torch.tensor(ref_forward_input(fx, P))
        if fx['lengths'] is None:
            seq, _ = stacked(inp)
        else:
            packed = pack_padded_sequence(inp, torch.tensor(fx['lengths']), batch_first=True, enforce_sorted=False)
            seq, _ = pad_packed_sequence(stacked(packed)[0], batch_first=True, total_length=fx['seq'])
        assert close(seq.numpy(), outs[-1], 1e-12), f'{name}: stacked torch module disagrees'
    # 3. Finite differences (float64, centred) on the numpy forward: largest and one random component.
    rng = np.random.RandomState(7)
    eps, worst = 1e-6, 0.0
    wrt = list(fx['paramNames']) + (['x'] if spec['input']['kind'] == 'features' else [])
    for n in wrt:
        grad = from_tensor(r64['xGrad'] if n == 'x' else r64['grads'][n]).ravel()
        for idx in {int(np.abs(grad).argmax()), int(rng.randint(grad.size))}:
            num = []
            for sgn in (1, -1):
                Q = dict(P)
                fq = fx
                if n == 'x':
                    xv = from_tensor(fx['x']).ravel().copy()
                    xv[idx] += sgn * eps
                    fq = dict(fx, x={'shape': fx['x']['shape'], 'data': list(xv)})
                else:
                    q = P[n].ravel().copy()
                    q[idx] += sgn * eps
                    Q[n] = q.reshape(P[n].shape)
                num.append(ref_loss(fq, ref_forward(fq, Q)[0]))
            numeric, analytic = (num[0] - num[1]) / (2 * eps), grad[idx]
            err = abs(analytic - numeric)
            assert err <= 1e-6 * max(abs(analytic), abs(numeric)) + 1e-9, f'{name}: FD {n}[{idx}] {analytic} {numeric}'
            worst = max(worst, err)
    # 4. A wrong gate order must change the loss far beyond float32 tolerance.
    G = GATES[spec['cell']]
    min_swap = min(float(np.abs(ref_forward(fx, P, list(order))[0] - y).max())
                   for order in itertools.permutations(range(G)) if list(order) != list(range(G)))
    assert min_swap > 1e-3, f'{name}: a gate swap changes the head output by only {min_swap}'
    # 5. PyTorch float32 vs float64, measured against the float32 tolerance (1e-5 abs + 1e-4 rel).
    ratio = 0.0
    pairs = [(r32['head'], r64['head']), (r32['finalH'], r64['finalH'])]
    pairs += list(zip(r32['layerOutputs'], r64['layerOutputs'])) + [(r32['grads'][n], r64['grads'][n]) for n in P]
    if r64['xGrad'] is not None:
        pairs.append((r32['xGrad'], r64['xGrad']))
    for a, b in pairs:
        a, b = from_tensor(a), from_tensor(b)
        ratio = max(ratio, float((np.abs(a - b) / (1e-5 + 1e-4 * np.abs(b))).max()))
    if fx['lengths'] is not None:
        check_unpacked_equivalence(fx, P)
    report.append(f'{name:38s} loss {r64["loss"]:.6f}  FD worst |err| {worst:.1e}  max|preact| {max_pre:.2f}  '
                  f'min gate-swap max|dhead| {min_swap:.1e}  f32-vs-f64 / tol {ratio:.3f}')


def ref_forward_input(fx, P):
    if fx['spec']['input']['kind'] == 'tokens':
        return P['embedding.weight'][np.asarray(fx['x']['data']).reshape(fx['batch'], fx['seq'])]
    return from_tensor(fx['x'])


def check_unpacked_equivalence(fx, P):
    """An engine may run every step of a padded batch (no packing) and read the head input at lengths[b]-1:
    the recurrence is causal, so loss and every gradient equal the packed (stored) ones. Only the layer
    outputs and final states at padded positions differ (the README's convention)."""
    spec = fx['spec']
    case = {'cell': spec['cell'], 'hidden': spec['hiddenSize'], 'layers': spec['layers'],
            'out': spec['outputSize'], 'headOn': 'every', 'loss': fx['loss']['kind'],
            'delta': fx['loss'].get('delta', 1.0), 'input': spec['input']['kind']}
    if case['input'] == 'tokens':
        case.update(vocab=spec['input']['vocab'], embed=spec['input']['embed'])
        x = torch.tensor(np.asarray(fx['x']['data']).reshape(fx['x']['shape']))
    else:
        case['features'] = spec['input']['size']
        x = torch.tensor(from_tensor(fx['x']), requires_grad=True)
    net = Net(case, P, torch.float64)
    y_every = net(x, None)[0]  # [B, T, O], padded steps computed like any other
    lengths = torch.tensor(fx['lengths'])
    y = y_every if spec['headOn'] == 'every' else y_every[torch.arange(fx['batch']), lengths - 1]
    targets = np.asarray(fx['targets']['data']).reshape(fx['targets']['shape'])
    tt = torch.tensor(targets) if case['loss'] == 'ce' else torch.tensor(targets, dtype=torch.float64)
    mask = None if fx['mask'] is None else torch.tensor(np.asarray(fx['mask']['data']).reshape(fx['mask']['shape']))
    loss = torch_loss(case, y, tt, mask)
    loss.backward()
    r64 = fx['float64']
    assert abs(loss.item() - r64['loss']) <= 1e-14, 'unpacked loss'
    for n, g in net.seqlab_grads().items():
        assert close(g.numpy(), from_tensor(r64['grads'][n]), 1e-14), f'unpacked grad {n}'
    if x.requires_grad:
        assert close(x.grad.numpy(), from_tensor(r64['xGrad']), 1e-14), 'unpacked x grad'
