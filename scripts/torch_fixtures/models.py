"""The model cases: the PyTorch network built from SeqLab-layout parameters, its loss, the inputs of every
case and the fixture record (float64 and float32 runs)."""
import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .common import (FORMAT, f32, int_tensor, in_size, param_shapes, seqlab_to_torch, tensor, torch_to_seqlab)


RNN_FIELDS = [('W', 'weight_ih_l0'), ('R', 'weight_hh_l0'), ('Wb', 'bias_ih_l0'), ('Rb', 'bias_hh_l0')]


class Net(torch.nn.Module):
    """[Embedding] -> one single-layer torch RNN per layer (so every layer's sequence is visible) -> Linear.
    Identical to torch's stacked num_layers=L module with dropout 0 (checked in check_model)."""

    def __init__(self, case, params, dtype):
        super().__init__()
        self.case = case
        H, cell = case['hidden'], case['cell']
        cls = torch.nn.LSTM if cell == 'lstm' else torch.nn.GRU
        if case['input'] == 'tokens':
            self.embedding = torch.nn.Embedding(case['vocab'], case['embed'])
        self.rnns = torch.nn.ModuleList(
            [cls(in_size(case, l), H, num_layers=1, batch_first=True) for l in range(case['layers'])])
        self.head = torch.nn.Linear(H, case['out'])
        self.to(dtype)
        with torch.no_grad():
            if case['input'] == 'tokens':
                self.embedding.weight.copy_(torch.tensor(params['embedding.weight']))
            for l, rnn in enumerate(self.rnns):
                for short, torch_name in RNN_FIELDS:
                    getattr(rnn, torch_name).copy_(torch.tensor(seqlab_to_torch(params[f'rnn.{l}.{short}'], cell, H)))
            self.head.weight.copy_(torch.tensor(params['head.weight']))
            self.head.bias.copy_(torch.tensor(params['head.bias']))

    def forward(self, x, lengths):
        case = self.case
        inp = self.embedding(x) if case['input'] == 'tokens' else x
        T = inp.shape[1]
        outs, hs, cs = [], [], []
        for rnn in self.rnns:
            if lengths is not None:
                packed = pack_padded_sequence(inp, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
                out, state = rnn(packed)
                out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
            else:
                out, state = rnn(inp)
            h, c = (state[0], state[1]) if case['cell'] == 'lstm' else (state, None)
            outs.append(out)
            hs.append(h[0])
            cs.append(None if c is None else c[0])
            inp = out
        features = hs[-1] if case['headOn'] == 'last' else outs[-1]
        return self.head(features), outs, hs, cs

    def seqlab_grads(self):
        case, H = self.case, self.case['hidden']
        g = {}
        if case['input'] == 'tokens':
            g['embedding.weight'] = self.embedding.weight.grad
        for l, rnn in enumerate(self.rnns):
            for short, torch_name in RNN_FIELDS:
                g[f'rnn.{l}.{short}'] = torch_to_seqlab(getattr(rnn, torch_name).grad, case['cell'], H)
        g['head.weight'] = self.head.weight.grad
        g['head.bias'] = self.head.bias.grad
        return g

    def seqlab_params(self):
        case, H = self.case, self.case['hidden']
        p = {}
        if case['input'] == 'tokens':
            p['embedding.weight'] = self.embedding.weight
        for l, rnn in enumerate(self.rnns):
            for short, torch_name in RNN_FIELDS:
                p[f'rnn.{l}.{short}'] = torch_to_seqlab(getattr(rnn, torch_name), case['cell'], H)
        p['head.weight'] = self.head.weight
        p['head.bias'] = self.head.bias
        return p


def torch_loss(case, y, targets, mask):
    """Mean reduction over all (unmasked) elements; for CE over all (unmasked) rows."""
    kind = case['loss']
    if kind == 'ce':
        logits, tg = y.reshape(-1, case['out']), targets.reshape(-1)
        per = F.cross_entropy(logits, tg, reduction='none' if mask is not None else 'mean')
    elif kind == 'mse':
        per = F.mse_loss(y, targets, reduction='none' if mask is not None else 'mean')
    elif kind == 'mae':
        per = F.l1_loss(y, targets, reduction='none' if mask is not None else 'mean')
    else:
        per = F.huber_loss(y, targets, delta=case['delta'], reduction='none' if mask is not None else 'mean')
    if mask is None:
        return per
    m = mask.reshape(per.shape).to(per.dtype)
    return (per * m).sum() / m.sum()


# ---------------------------------------------------------------------------------------------------------
# The model cases. Every input is drawn with numpy's MT19937 (stable across versions) and rounded to float32.

CASES = [
    dict(name='lstm1_dense_mse', seed=101, cell='lstm', input='features', features=3, hidden=5, layers=1, out=2,
         headOn='last', loss='mse', batch=3, seq=5,
         description='(a) forecast-like: LSTM 1 layer, Dense(2) on the last step, MSE.'),
    dict(name='lstm2_dense_ce', seed=102, cell='lstm', input='features', features=4, hidden=6, layers=2, out=3,
         headOn='last', loss='ce', batch=4, seq=6,
         description='(b) classification: LSTM 2 layers, Dense(3 classes) on the last step, softmax cross-entropy.'),
    dict(name='gru2_dense_huber', seed=103, cell='gru', input='features', features=3, hidden=4, layers=2, out=2,
         headOn='last', loss='huber', delta=1.0, batch=3, seq=5,
         description='(c) GRU 2 layers (PyTorch = ONNX linear_before_reset=1), Dense(2) on the last step, '
                     'Huber delta 1 (residuals on both sides of delta, at least 0.2 from it).'),
    dict(name='text_lstm1_every_ce', seed=104, cell='lstm', input='tokens', vocab=7, embed=4, hidden=5, layers=1,
         out=7, headOn='every', loss='ce', batch=3, seq=6,
         description='(d) text: Embedding(7,4), LSTM 1 layer, Dense(7) on every step, CE over all B*T steps.'),
    dict(name='lengths_lstm2_last_mse_masked', seed=105, cell='lstm', input='features', features=3, hidden=4,
         layers=2, out=3, headOn='last', loss='mse', batch=4, seq=7, lengths=[7, 4, 1, 5], mask='elements',
         description='(e1) variable length: LSTM 2 layers, sequence b ends at step lengths[b]-1 (head reads h '
                     'there), MSE averaged over the elements where mask[b,o]=1.'),
    dict(name='lengths_text_lstm1_every_ce_masked', seed=106, cell='lstm', input='tokens', vocab=6, embed=3,
         hidden=4, layers=1, out=6, headOn='every', loss='ce', batch=3, seq=5, lengths=[5, 2, 4], mask='steps',
         description='(e2) padded text: Embedding(6,3), LSTM 1 layer with lengths, Dense(6) on every step, CE '
                     'averaged over the steps where mask[b,t]=1 (mask[b,t] = t < lengths[b]).'),
    dict(name='lstm1_dense_mae', seed=107, cell='lstm', input='features', features=2, hidden=4, layers=1, out=3,
         headOn='last', loss='mae', batch=3, seq=4,
         description='(f) LSTM 1 layer, Dense(3) on the last step, MAE (every residual at least 0.2 from 0).'),
]


def model_spec(case):
    """engine/spec.ts ModelSpec. forgetBias only affects initialisation, which these fixtures replace."""
    inp = ({'kind': 'features', 'size': case['features']} if case['input'] == 'features'
           else {'kind': 'tokens', 'vocab': case['vocab'], 'embed': case['embed']})
    return {'cell': case['cell'], 'input': inp, 'hiddenSize': case['hidden'], 'layers': case['layers'],
            'dropout': 0, 'outputSize': case['out'], 'headOn': case['headOn'], 'forgetBias': 0}


def residual_offsets(rng, n, kind):
    """Signed offsets target - output that stay away from the loss's kinks (MAE: 0; Huber: 0 and +-delta)."""
    if kind == 'mae':
        mags = rng.uniform(0.2, 1.0, n)
    else:  # huber, delta 1: half quadratic [0.2, 0.8], half linear [1.2, 2.0]
        mags = np.where(np.arange(n) % 2 == 0, rng.uniform(0.2, 0.8, n), rng.uniform(1.2, 2.0, n))
        rng.shuffle(mags)
    return mags * np.where(rng.uniform(size=n) < 0.5, -1.0, 1.0)


def make_inputs(case):
    rng = np.random.RandomState(case['seed'])
    B, T = case['batch'], case['seq']
    params = {}
    for name, shape in param_shapes(case):
        scale = 1.0 if name == 'embedding.weight' else 0.5  # U(-0.5, 0.5): wider than torch's U(-1/sqrt(H), ..)
        params[name] = f32(rng.uniform(-scale, scale, shape))
    if case['input'] == 'features':
        x = f32(rng.uniform(-1, 1, (B, T, case['features'])))
    else:
        x = rng.randint(0, case['vocab'], (B, T)).astype(np.int64)
    lengths = case.get('lengths')
    mask = None
    if case.get('mask') == 'steps':
        mask = (np.arange(T)[None, :] < np.array(lengths)[:, None]).astype(np.int64)
    elif case.get('mask') == 'elements':
        mask = (rng.uniform(size=(B, case['out'])) < 0.7).astype(np.int64)
        mask[0, 0], mask[1, 0] = 0, 1  # at least one of each
    if case['loss'] == 'ce':
        shape = (B,) if case['headOn'] == 'last' else (B, T)
        targets = rng.randint(0, case['out'], shape).astype(np.int64)
    elif case['loss'] == 'mse':
        targets = f32(rng.uniform(-1, 1, (B, case['out'])))
    else:  # MAE, Huber: place targets at chosen residuals from the float64 output
        y, _, _, _ = Net(case, params, torch.float64)(torch_x(case, x, torch.float64), lengths)
        offsets = residual_offsets(rng, y.numel(), case['loss']).reshape(tuple(y.shape))
        targets = f32(y.detach().numpy() + offsets)
    return params, x, targets, lengths, mask


def torch_x(case, x, dtype, grad=False):
    if case['input'] == 'tokens':
        return torch.tensor(x, dtype=torch.int64)
    return torch.tensor(x, dtype=dtype, requires_grad=grad)


def run_model(case, params, x, targets, lengths, mask, dtype):
    net = Net(case, params, dtype)
    xt = torch_x(case, x, dtype, grad=True)
    tt = torch.tensor(targets, dtype=torch.int64 if case['loss'] == 'ce' else dtype)
    mt = None if mask is None else torch.tensor(mask)
    y, outs, hs, cs = net(xt, lengths)
    loss = torch_loss(case, y, tt, mt)
    loss.backward()
    grads = net.seqlab_grads()
    return {
        'head': tensor(y),
        'layerOutputs': [tensor(o) for o in outs],
        'finalH': tensor(torch.stack(hs)),
        'finalC': None if case['cell'] == 'gru' else tensor(torch.stack(cs)),
        'loss': float(loss.item()),
        'grads': {name: tensor(grads[name]) for name, _ in param_shapes(case)},
        'xGrad': tensor(xt.grad) if case['input'] == 'features' else None,
    }


def model_fixture(case):
    params, x, targets, lengths, mask = make_inputs(case)
    # The SeqLab -> PyTorch -> SeqLab round trip must be exact.
    net = Net(case, params, torch.float64)
    for name, value in net.seqlab_params().items():
        assert np.array_equal(value.detach().numpy(), params[name]), name
    loss = {'kind': case['loss'], 'reduction': 'mean'}
    if case['loss'] == 'huber':
        loss['delta'] = case['delta']
    return {
        'format': FORMAT, 'kind': 'model', 'name': case['name'], 'description': case['description'],
        'spec': model_spec(case), 'batch': case['batch'], 'seq': case['seq'], 'loss': loss,
        'paramNames': [name for name, _ in param_shapes(case)],
        'params': {name: tensor(params[name]) for name, _ in param_shapes(case)},
        'x': tensor(x) if case['input'] == 'features' else int_tensor(x),
        'targets': int_tensor(targets) if case['loss'] == 'ce' else tensor(targets),
        'lengths': lengths,
        'mask': None if mask is None else int_tensor(mask),
        'float64': run_model(case, params, x, targets, lengths, mask, torch.float64),
        'float32': run_model(case, params, x, targets, lengths, mask, torch.float32),
    }
