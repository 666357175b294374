"""PyTorch side of the bench's `predict` configuration: the same exported graph (model.json, written by
bench/predictSetup.ts from model.onnx: scaling, LSTM, head, inverse scaling) run with torch ops over the
same rolling windows of data.csv, with the windows already in memory as one tensor. Times the forward
alone for each thread count and batch size and prints one JSON line:
  {"options": [{"threads", "batch", "seconds": [...]}], "windows", "first": [first outputs], "torch"}
or {"skip": reason}. Run with /usr/bin/python3 (Debian's python3-torch), no onnx package needed.
  python3 bench/pytorch_predict.py --model=model.json --data=data.csv --window=48 --inputs=a,b,c
"""
import csv
import json
import sys
import time


def main():
    args = dict(arg.split('=', 1) for arg in sys.argv[1:])
    repeats = int(args.get('--repeats', '3'))
    threads_list = [int(t) for t in args.get('--threads', '1,2').split(',')]
    batches = [int(b) for b in args.get('--batches', '512,4096,32768,0').split(',')]
    try:
        import torch
    except Exception as error:  # noqa: BLE001 - any import failure means "no PyTorch here"
        print(json.dumps({'skip': f'import torch failed: {error}'}))
        return
    graph = json.load(open(args['--model']))
    window = int(args['--window'])
    columns = args['--inputs'].split(',')
    with open(args['--data'], newline='') as handle:
        reader = csv.reader(handle)
        header = next(reader)
        index = [header.index(name) for name in columns]
        values = [[float(row[i]) for i in index] for row in reader]
    series = torch.tensor(values, dtype=torch.float32)
    # --rolling: row r is predicted from the window ending at r - 1, for r = window .. rows - 1.
    windows = series.unfold(0, window, 1)[:-1].permute(0, 2, 1).contiguous()  # [N, T, F]
    run = compile_graph(graph, torch)
    results = []
    first = None
    with torch.inference_mode():
        for threads in threads_list:
            torch.set_num_threads(threads)
            for batch in batches:
                size = batch or windows.shape[0]
                seconds = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    for begin in range(0, windows.shape[0], size):
                        out = run(windows[begin:begin + size])
                        if first is None:
                            first = out.reshape(-1)[:8].tolist()
                    seconds.append(time.perf_counter() - start)
                results.append({'threads': threads, 'batch': size, 'seconds': seconds})
    print(json.dumps({'options': results, 'windows': int(windows.shape[0]), 'first': first, 'torch': torch.__version__}))


def compile_graph(graph, torch):
    """The graph as one Python function of its input, one torch op per ONNX node (the ops SeqLab's
    forecast export uses; anything else is refused)."""
    constants = {}
    for tensor in graph['initializers']:
        dtype = torch.float32 if tensor['type'] == 'float32' else torch.int64
        constants[tensor['name']] = torch.tensor(tensor['data'], dtype=dtype).reshape(tensor['dims'])
    lstms = {}
    for node in graph['nodes']:
        if node['op'] == 'LSTM':
            lstms[id(node)] = lstm_module(node, constants, torch)
        elif node['op'] not in OPS:
            raise ValueError(f'pytorch_predict.py does not run ONNX {node["op"]}')

    def run(x):
        values = dict(constants)
        values[graph['inputs'][0]] = x
        for node in graph['nodes']:
            ins = [values[name] if name else None for name in node['inputs']]
            if node['op'] == 'LSTM':
                y, (h, c) = lstms[id(node)](ins[0])
                outs = [y.unsqueeze(1), h, c]
            else:
                outs = [OPS[node['op']](torch, node['attributes'], *ins)]
            for name, value in zip(node['outputs'], outs):
                if name:
                    values[name] = value
        return values[graph['outputs'][-1]]
    return run


def lstm_module(node, constants, torch):
    """ONNX LSTM (layout 0, forward, gates i, o, f, c; W and R biases) as torch.nn.LSTM (gates i, f, g, o)."""
    hidden = node['attributes']['hidden_size']
    W, R, B = (constants[name][0] for name in node['inputs'][1:4])
    order = [0, 2, 3, 1]  # torch's i, f, g, o from ONNX's i, o, f, c

    def reorder(t):
        return torch.cat([t[k * hidden:(k + 1) * hidden] for k in order])
    lstm = torch.nn.LSTM(W.shape[1], hidden)
    lstm.weight_ih_l0.data = reorder(W)
    lstm.weight_hh_l0.data = reorder(R)
    lstm.bias_ih_l0.data = reorder(B[:4 * hidden])
    lstm.bias_hh_l0.data = reorder(B[4 * hidden:])
    return lstm.eval()


def slice_op(torch, attributes, x, starts, ends, axes):
    out = x
    for start, end, axis in zip(starts.tolist(), ends.tolist(), axes.tolist()):
        length = out.shape[axis]
        start = max(start + length, 0) if start < 0 else min(start, length)
        end = max(end + length, 0) if end < 0 else min(end, length)
        out = out.narrow(axis, start, max(end - start, 0))
    return out


OPS = {
    'Slice': slice_op,
    'Sub': lambda torch, a, x, y: x - y,
    'Add': lambda torch, a, x, y: x + y,
    'Mul': lambda torch, a, x, y: x * y,
    'Div': lambda torch, a, x, y: x / y,
    'Transpose': lambda torch, a, x: x.permute(*a['perm']),
    'Squeeze': lambda torch, a, x, axes=None: x.squeeze(int(axes[0])) if axes is not None else x.squeeze(),
    'Gemm': lambda torch, a, x, w, b: torch.addmm(b, x, w.t() if a.get('transB') else w),
    'Reshape': lambda torch, a, x, shape: x.reshape([int(s) for s in shape.tolist()]),
    'Gather': lambda torch, a, x, index: torch.index_select(x, a.get('axis', 0), index),
}


main()
