"""Optimiser steps, gradient clipping, learning-rate schedules and training trajectories."""
import math

import numpy as np
import torch

from .common import FORMAT, f32, from_tensor, tensor
from .models import Net, torch_loss, torch_x


# Optimisers, clipping, schedules, trajectories.

OPTIMIZERS = [
    dict(name='adam', type='adam', steps=3, hyper=dict(lr=1e-2, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.0)),
    dict(name='adam_l2', type='adam', steps=2, hyper=dict(lr=1e-2, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.1)),
    dict(name='adamw', type='adamw', steps=2, hyper=dict(lr=1e-2, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.1)),
    dict(name='sgd_momentum', type='sgd', steps=2, hyper=dict(lr=0.05, momentum=0.9, dampening=0.0, nesterov=False,
                                                             weightDecay=0.0)),
    dict(name='sgd_nesterov', type='sgd', steps=2, hyper=dict(lr=0.05, momentum=0.9, dampening=0.0, nesterov=True,
                                                             weightDecay=0.0)),
    dict(name='rmsprop', type='rmsprop', steps=2, hyper=dict(lr=1e-2, alpha=0.99, eps=1e-8, momentum=0.0,
                                                            centered=False, weightDecay=0.0)),
    dict(name='rmsprop_momentum', type='rmsprop', steps=2, hyper=dict(lr=1e-2, alpha=0.99, eps=1e-8, momentum=0.9,
                                                                     centered=False, weightDecay=0.0)),
]


def torch_optimizer(spec, params):
    h = spec['hyper']
    if spec['type'] in ('adam', 'adamw'):
        cls = torch.optim.Adam if spec['type'] == 'adam' else torch.optim.AdamW
        return cls(params, lr=h['lr'], betas=tuple(h['betas']), eps=h['eps'], weight_decay=h['weightDecay'],
                   foreach=False)
    if spec['type'] == 'sgd':
        return torch.optim.SGD(params, lr=h['lr'], momentum=h['momentum'], dampening=h['dampening'],
                               nesterov=h['nesterov'], weight_decay=h['weightDecay'], foreach=False)
    return torch.optim.RMSprop(params, lr=h['lr'], alpha=h['alpha'], eps=h['eps'], momentum=h['momentum'],
                               centered=h['centered'], weight_decay=h['weightDecay'], foreach=False)


STATE_NAMES = {'exp_avg': 'expAvg', 'exp_avg_sq': 'expAvgSq', 'momentum_buffer': 'momentumBuffer',
               'square_avg': 'squareAvg', 'step': 'step'}


def optimizer_vectors():
    """24 parameters; gradients spanning 1e-9..10 in magnitude (so eps placement shows), with exact zeros."""
    rng = np.random.RandomState(201)
    n = 24
    p0 = f32(rng.uniform(-1, 1, n))
    grads = []
    for _ in range(3):
        mags = 10.0 ** rng.uniform(-9, 1, n)
        grads.append(f32(mags * np.where(rng.uniform(size=n) < 0.5, -1.0, 1.0)))
    grads[0][5] = grads[1][5] = grads[2][5] = 0.0  # a parameter whose gradient is always 0
    grads[2][7] = 0.0  # a gradient that becomes 0 at step 3 (moments still move it)
    return p0, grads


def run_optimizer(spec, p0, grads, dtype):
    p = torch.tensor(p0, dtype=dtype, requires_grad=True)
    opt = torch_optimizer(spec, [p])
    steps = []
    for k in range(spec['steps']):
        p.grad = torch.tensor(grads[k], dtype=dtype)
        opt.step()
        state = {}
        for key, value in sorted(opt.state[p].items()):
            if key == 'step':
                state['step'] = int(value.item()) if isinstance(value, torch.Tensor) else int(value)
            else:
                state[STATE_NAMES[key]] = [float(v) for v in value.detach().double().numpy()]
        steps.append({'params': [float(v) for v in p.detach().double().numpy()], 'state': state})
    return {'steps': steps}


def optimizer_fixture():
    p0, grads = optimizer_vectors()
    cases = []
    for spec in OPTIMIZERS:
        cases.append({'name': spec['name'], 'type': spec['type'], 'hyper': spec['hyper'], 'steps': spec['steps'],
                      'float64': run_optimizer(spec, p0, grads, torch.float64),
                      'float32': run_optimizer(spec, p0, grads, torch.float32)})
    return {'format': FORMAT, 'kind': 'optimizers', 'name': 'optimizers',
            'description': 'One parameter vector, three gradient vectors; each optimiser runs `steps` steps, '
                           'step k using grads[k]. Every step records the parameters and the state after it.',
            'params': [float(v) for v in p0], 'grads': [[float(v) for v in g] for g in grads], 'cases': cases}


def clip_fixture(case_a):
    names = case_a['paramNames']
    grads = {n: f32(from_tensor(case_a['float64']['grads'][n])) for n in names}
    total = math.sqrt(sum(float((g ** 2).sum()) for g in grads.values()))
    cases = []
    for max_norm in [0.1 * total, total, 10.0 * total]:
        max_norm = float(f32(max_norm))
        entry = {'maxNorm': max_norm}
        for key, dtype in [('float64', torch.float64), ('float32', torch.float32)]:
            ps = [torch.zeros(grads[n].shape, dtype=dtype, requires_grad=True) for n in names]
            for p, n in zip(ps, names):
                p.grad = torch.tensor(grads[n], dtype=dtype)
            norm = torch.nn.utils.clip_grad_norm_(ps, max_norm)
            coef = min(max_norm / (float(norm) + 1e-6), 1.0)
            entry[key] = {'totalNorm': float(norm), 'clipCoef': coef,
                          'grads': {n: tensor(p.grad) for p, n in zip(ps, names)}}
        cases.append(entry)
    return {'format': FORMAT, 'kind': 'clip', 'name': 'clip_grad_norm',
            'description': 'torch.nn.utils.clip_grad_norm_ (L2, 1.13 semantics) over the named gradients of '
                           'lstm1_dense_mse (rounded to float32), at maxNorm 0.1x, 1x and 10x the total norm.',
            'paramNames': names, 'grads': {n: tensor(grads[n]) for n in names}, 'cases': cases}


PLATEAU_LOSSES = [1.0, 0.9, 0.95, 0.91, 0.89995, 0.92, 0.93, 0.8, 0.8, 0.8, 0.8, 0.7999, 0.85, 0.85, 0.85, 0.9,
                  0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]


def schedule_fixture():
    out = []
    specs = [
        dict(name='step', type='step', lr=0.1, epochs=20, options=dict(stepSize=3, gamma=0.5)),
        dict(name='cosine', type='cosine', lr=0.1, epochs=20, options=dict(tMax=20, etaMin=1e-3)),
        dict(name='cosine_past_tmax', type='cosine', lr=0.1, epochs=20, options=dict(tMax=8, etaMin=1e-3)),
        dict(name='plateau', type='plateau', lr=0.1, epochs=len(PLATEAU_LOSSES),
             options=dict(mode='min', factor=0.5, patience=2, threshold=1e-4, thresholdMode='rel', cooldown=1,
                          minLr=0.01, eps=1e-8)),
    ]
    for s in specs:
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=s['lr'])
        o = s['options']
        if s['type'] == 'step':
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=o['stepSize'], gamma=o['gamma'])
        elif s['type'] == 'cosine':
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=o['tMax'], eta_min=o['etaMin'])
        else:
            sched = torch.optim.lr_scheduler.ReduceLROnPlateau(
                opt, mode='min', factor=o['factor'], patience=o['patience'], threshold=o['threshold'],
                threshold_mode='rel', cooldown=o['cooldown'], min_lr=o['minLr'], eps=o['eps'])
        lrs, trace = [opt.param_groups[0]['lr']], []
        for epoch in range(s['epochs']):
            opt.step()
            if s['type'] == 'plateau':
                sched.step(PLATEAU_LOSSES[epoch])
                trace.append({'best': sched.best, 'numBadEpochs': sched.num_bad_epochs,
                              'cooldownCounter': sched.cooldown_counter})
            else:
                sched.step()
            lrs.append(opt.param_groups[0]['lr'])
        entry = dict(s, lrs=lrs)
        if s['type'] == 'plateau':
            entry['losses'] = PLATEAU_LOSSES
            entry['stateAfterStep'] = trace
        out.append(entry)
    return {'format': FORMAT, 'kind': 'schedules', 'name': 'lr_schedules',
            'description': 'lrs[k] = the learning rate after k scheduler steps (lrs[0] = base lr). Plateau: '
                           'step k receives losses[k-1].', 'schedules': out}


def trajectory_fixture(case, fixture, steps=50, lr=1e-2, max_norm=1.0):
    params = {n: from_tensor(fixture['params'][n]) for n in fixture['paramNames']}
    x = np.asarray(fixture['x']['data']).reshape(fixture['x']['shape'])
    targets = np.asarray(fixture['targets']['data']).reshape(fixture['targets']['shape'])
    mask = None if fixture['mask'] is None else np.asarray(fixture['mask']['data']).reshape(fixture['mask']['shape'])
    net = Net(case, params, torch.float64)
    opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8, foreach=False)
    xt = torch_x(case, x, torch.float64)
    tt = torch.tensor(targets, dtype=torch.int64 if case['loss'] == 'ce' else torch.float64)
    mt = None if mask is None else torch.tensor(mask)
    losses, norms, after_first = [], [], None
    for k in range(steps):
        opt.zero_grad(set_to_none=False)
        loss = torch_loss(case, net(xt, fixture['lengths'])[0], tt, mt)
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm)))
        opt.step()
        losses.append(float(loss.item()))
        if k == 0:
            after_first = {n: tensor(v) for n, v in net.seqlab_params().items()}
    with torch.no_grad():
        final_loss = float(torch_loss(case, net(xt, fixture['lengths'])[0], tt, mt).item())
    return {'format': FORMAT, 'kind': 'trajectory', 'name': 'trajectory_' + case['name'],
            'description': f'{steps} steps of float64 training on the fixed batch of {case["name"]}: zero grads, '
                           'forward, loss, backward, clip_grad_norm_(all parameters, maxNorm), Adam step.',
            'modelFixture': case['name'], 'steps': steps,
            'optimizer': {'type': 'adam', 'lr': lr, 'betas': [0.9, 0.999], 'eps': 1e-8, 'weightDecay': 0.0},
            'clipMaxNorm': max_norm, 'losses': losses, 'gradNorms': norms, 'finalLoss': final_loss,
            'paramsAfterFirstStep': after_first,
            'finalParams': {n: tensor(v) for n, v in net.seqlab_params().items()}}
