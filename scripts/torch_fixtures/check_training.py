"""Independent checks of the optimiser, clipping, schedule and trajectory fixtures (numpy re-implementations
of the formulas the README documents)."""
import math

import numpy as np

from .check_models import close, load
from .common import from_tensor


def ref_optimizer(case, p0, grads):
    """The README's formulas, in numpy float64. Returns [(params, state)] after each step."""
    h, kind = case['hyper'], case['type']
    p = np.array(p0)
    m, v, buf, sq = np.zeros_like(p), np.zeros_like(p), None, np.zeros_like(p)
    out = []
    for t in range(1, case['steps'] + 1):
        g = np.array(grads[t - 1])
        if kind == 'adamw':
            p = p * (1 - h['lr'] * h['weightDecay'])
        elif h['weightDecay']:
            g = g + h['weightDecay'] * p
        if kind in ('adam', 'adamw'):
            b1, b2 = h['betas']
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            denom = np.sqrt(v) / math.sqrt(1 - b2 ** t) + h['eps']
            p = p - (h['lr'] / (1 - b1 ** t)) * m / denom
            state = {'step': t, 'expAvg': m, 'expAvgSq': v}
        elif kind == 'sgd':
            buf = g.copy() if buf is None else h['momentum'] * buf + (1 - h['dampening']) * g
            p = p - h['lr'] * (g + h['momentum'] * buf if h['nesterov'] else buf)
            state = {'momentumBuffer': buf}
        else:
            sq = h['alpha'] * sq + (1 - h['alpha']) * g * g
            avg = np.sqrt(sq) + h['eps']
            if h['momentum'] > 0:
                buf = (np.zeros_like(p) if buf is None else buf) * h['momentum'] + g / avg
                p = p - h['lr'] * buf
                state = {'step': t, 'squareAvg': sq, 'momentumBuffer': buf}
            else:
                p = p - h['lr'] * g / avg
                state = {'step': t, 'squareAvg': sq}
        out.append((p, state))
    return out


def check_optimizers(report):
    fx = load('optimizers')
    worst64, ratio32 = 0.0, 0.0
    for case in fx['cases']:
        ref = ref_optimizer(case, fx['params'], fx['grads'])
        for k, (p, state) in enumerate(ref):
            s64, s32 = case['float64']['steps'][k], case['float32']['steps'][k]
            assert sorted(state) == sorted(s64['state']), f'{case["name"]}: state keys {sorted(s64["state"])}'
            assert close(s64['params'], p, 1e-15, 1e-14), f'{case["name"]} step {k + 1}: params'
            for key, value in state.items():
                assert close(s64['state'][key], value, 1e-300, 1e-14), f'{case["name"]} step {k + 1}: {key}'
            worst64 = max(worst64, float(np.abs(np.asarray(s64['params']) - p).max()))
            ratio32 = max(ratio32, float((np.abs(np.asarray(s32['params']) - p) / (1e-5 + 1e-4 * np.abs(p))).max()))
    report.append(f'optimizers: numpy re-implementation max |dp| {worst64:.1e} (float64); '
                  f'torch float32 vs float64 / tol {ratio32:.3f}')


def check_clip(report):
    fx = load('clip_grad_norm')
    grads = {n: from_tensor(fx['grads'][n]) for n in fx['paramNames']}
    total = math.sqrt(sum(float((g ** 2).sum()) for g in grads.values()))
    clipped = []
    for case in fx['cases']:
        coef = min(case['maxNorm'] / (total + 1e-6), 1.0)
        r = case['float64']
        assert abs(r['totalNorm'] - total) <= 1e-15 * total and abs(r['clipCoef'] - coef) <= 1e-15
        for n, g in grads.items():
            assert close(from_tensor(r['grads'][n]), g * coef, 1e-17, 1e-15), f'clip {n}'
        clipped.append(f'{case["maxNorm"]:.4g}->{coef:.9f}')
    report.append(f'clip_grad_norm: total {total:.6f}, maxNorm->coef ' + ', '.join(clipped))


def check_schedules(report):
    fx = load('lr_schedules')
    for s in fx['schedules']:
        o, lrs = s['options'], s['lrs']
        if s['type'] == 'step':
            want = [s['lr'] * o['gamma'] ** (k // o['stepSize']) for k in range(len(lrs))]
        elif s['type'] == 'cosine':
            want = [o['etaMin'] + (s['lr'] - o['etaMin']) * (1 + math.cos(math.pi * k / o['tMax'])) / 2
                    for k in range(len(lrs))]
        else:
            want, lr, best, bad, cooldown = [s['lr']], s['lr'], math.inf, 0, 0
            for loss in s['losses']:
                if loss < best * (1 - o['threshold']):
                    best, bad = loss, 0
                else:
                    bad += 1
                if cooldown > 0:
                    cooldown, bad = cooldown - 1, 0
                if bad > o['patience']:
                    new = max(lr * o['factor'], o['minLr'])
                    if lr - new > o['eps']:
                        lr = new
                    cooldown, bad = o['cooldown'], 0
                want.append(lr)
        assert close(lrs, want, 0.0, 1e-12), f'schedule {s["name"]}: {lrs} vs {want}'
    report.append('lr_schedules: step/cosine match the closed forms to 1e-12 rel, '
                  'plateau matches the re-implementation')


def check_trajectory(name, report):
    fx = load(name)
    model = load(fx['modelFixture'])
    assert fx['losses'][0] == model['float64']['loss'], f'{name}: first loss differs from the model fixture'
    clipped = sum(1 for n in fx['gradNorms'] if n > fx['clipMaxNorm'])
    report.append(f'{name}: loss {fx["losses"][0]:.6f} -> {fx["losses"][-1]:.6f} (final {fx["finalLoss"]:.6f}), '
                  f'clipping active on {clipped}/{fx["steps"]} steps')
