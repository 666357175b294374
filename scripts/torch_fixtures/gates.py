"""Gate fixtures for `seqlab explain`'s capture: PyTorch's activated gates, cell states and hidden states of
every layer and step, in SeqLab's gate order.

torch.nn.LSTM and nn.GRU do not return their gates, so they are computed with torch ops from the module's
own weights (weight_ih, weight_hh, bias_ih, bias_hh, PyTorch's gate order) and the module's own hidden
states h_{t-1}, by the equations of the torch.nn.LSTM / nn.GRU documentation; the cell states come from
running the module one step at a time with its state carried. The check re-derives c_t and h_t from the
stored gates and compares them with the module's outputs, so the gates are the ones torch computed."""
import numpy as np
import torch

from .common import FORMAT, GATES, f32, from_tensor, param_shapes, tensor, torch_to_seqlab
from .models import Net, model_spec, torch_x

GATE_CASES = [
    dict(name='gates_lstm2', seed=201, cell='lstm', input='features', features=3, hidden=4, layers=2, out=2,
         headOn='last', loss='mse', batch=2, seq=6,
         description='LSTM 2 layers, F=3, H=4: activated gates i, o, f, c~ (SeqLab order), c_t and h_t of every '
                     'layer and step. Parameters U(-1.5, 1.5) and inputs U(-3, 3), so some gates saturate.'),
    dict(name='gates_gru2', seed=202, cell='gru', input='features', features=3, hidden=4, layers=2, out=2,
         headOn='last', loss='mse', batch=2, seq=6,
         description='GRU 2 layers, F=3, H=4: activated gates z, r, n (SeqLab order) and h_t of every layer and '
                     'step. Parameters U(-1.5, 1.5) and inputs U(-3, 3), so some gates saturate.'),
]


def torch_gates(rnn, cell, H, inp, out):
    """Activated gates [B, T, G] in SeqLab order from the module's weights and its own h_{t-1}."""
    B, T, _ = inp.shape
    w_ih, w_hh, b_ih, b_hh = rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0
    h_prev = torch.cat([torch.zeros(B, 1, H, dtype=inp.dtype), out[:, :-1]], 1)
    gx = inp @ w_ih.T + b_ih  # [B, T, G] PyTorch order
    gh = h_prev @ w_hh.T + b_hh
    if cell == 'lstm':  # PyTorch i, f, g, o
        i, f, g, o = (gx + gh).chunk(4, -1)
        torch_order = torch.cat([torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)], -1)
    else:  # PyTorch r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
        r = torch.sigmoid(gx[..., :H] + gh[..., :H])
        z = torch.sigmoid(gx[..., H:2 * H] + gh[..., H:2 * H])
        n = torch.tanh(gx[..., 2 * H:] + r * gh[..., 2 * H:])
        torch_order = torch.cat([r, z, n], -1)
    # Gate blocks are the last axis here: permute on a [G, B*T] view.
    flat = torch_order.reshape(B * T, -1).T
    return torch_to_seqlab(flat, cell, H).T.reshape(B, T, -1)


def step_cells(rnn, inp):
    """c_1..c_T [B, T, H] of an LSTM layer, from the module run one step at a time with its state carried."""
    B, T, _ = inp.shape
    H = rnn.hidden_size
    h = torch.zeros(1, B, H, dtype=inp.dtype)
    c = torch.zeros(1, B, H, dtype=inp.dtype)
    cells = []
    for t in range(T):
        _, (h, c) = rnn(inp[:, t:t + 1], (h, c))
        cells.append(c[0])
    return torch.stack(cells, 1)


def run_gates(case, params, x, dtype):
    net = Net(case, params, dtype)
    layers = []
    with torch.no_grad():
        inp = torch_x(case, x, dtype)
        for rnn in net.rnns:
            out, _ = rnn(inp)
            gates = torch_gates(rnn, case['cell'], case['hidden'], inp, out)
            cells = step_cells(rnn, inp) if case['cell'] == 'lstm' else None
            layers.append({'gates': tensor(gates), 'cells': None if cells is None else tensor(cells), 'hiddens': tensor(out)})
            inp = out
    return {'layers': layers}


def make_gate_inputs(case):
    """Wider than the model cases (U(-1.5, 1.5) weights, U(-3, 3) inputs), so that some gates saturate."""
    rng = np.random.RandomState(case['seed'])
    params = {name: f32(rng.uniform(-1.5, 1.5, shape)) for name, shape in param_shapes(case)}
    x = f32(rng.uniform(-3, 3, (case['batch'], case['seq'], case['features'])))
    return params, x


def gates_fixture(case):
    params, x = make_gate_inputs(case)
    return {
        'format': FORMAT, 'kind': 'gates', 'name': case['name'], 'description': case['description'],
        'spec': model_spec(case), 'batch': case['batch'], 'seq': case['seq'],
        'paramNames': [name for name, _ in param_shapes(case)],
        'params': {name: tensor(params[name]) for name, _ in param_shapes(case)},
        'x': tensor(x),
        'float64': run_gates(case, params, x, torch.float64),
        'float32': run_gates(case, params, x, torch.float32),
    }


def check_gates(fx, report):
    """The stored gates re-derive the module's c_t and h_t (so they are torch's gates), and saturate somewhere."""
    spec = fx['spec']
    cell, H = spec['cell'], spec['hiddenSize']
    worst, saturated, total = 0.0, 0, 0
    for run, tol in (('float64', 1e-12), ('float32', 2e-6)):
        for layer in fx[run]['layers']:
            gates, hiddens = from_tensor(layer['gates']), from_tensor(layer['hiddens'])
            B, T, G = gates.shape
            assert G == GATES[cell] * H
            h_prev = np.concatenate([np.zeros((B, 1, H)), hiddens[:, :-1]], 1)
            if cell == 'lstm':
                i, o, f, g = (gates[..., k * H:(k + 1) * H] for k in range(4))
                cells = from_tensor(layer['cells'])
                c_prev = np.concatenate([np.zeros((B, 1, H)), cells[:, :-1]], 1)
                errors = [np.abs(f * c_prev + i * g - cells).max(), np.abs(o * np.tanh(cells) - hiddens).max()]
                sig = np.concatenate([i, o, f], -1)
            else:
                z, n = gates[..., :H], gates[..., 2 * H:]
                errors = [np.abs((1 - z) * n + z * h_prev - hiddens).max()]
                sig = gates[..., :2 * H]
            err = max(errors)
            assert err <= tol, f'{fx["name"]} {run}: gates re-derive the states only to {err}'
            if run == 'float64':
                worst = max(worst, err)
                saturated += int(((sig < 0.05) | (sig > 0.95)).sum())
                total += sig.size
    assert saturated > 0, f'{fx["name"]}: no gate saturates; widen the inputs'
    report.append(f'{fx["name"]}: gates re-derive c_t and h_t to {worst:.1e} (float64); '
                  f'{saturated} of {total} sigmoid gate values saturated')
