"""PyTorch side of `npm run bench`: trains one configuration (given as JSON by bench/run.mjs) and prints
one JSON line: {"perSec": [three repeats], "rssMB", "threads", "torch", "blas"} or {"skip": reason}.

Run with /usr/bin/python3 (Debian's python3-torch). The parent sets OMP_WAIT_POLICY=PASSIVE and the
thread count (OMP/OpenBLAS variables and torch.set_num_threads); the BLAS is whatever libblas.so.3
points to (Debian's libopenblas0-pthread, ~5x faster than the reference BLAS).
Model, loss and optimiser match the SeqLab side: LSTM (batch_first) -> Linear on the last step or
on every step, MSE or cross-entropy, Adam(lr=1e-3)."""
import json
import resource
import sys
import time


def main():
    args = dict(arg.split('=', 1) for arg in sys.argv[1:])
    config = json.loads(args['--config'])
    threads = int(args.get('--threads', '1'))
    seconds = float(args.get('--seconds', '2'))
    repeats = int(args.get('--repeats', '3'))
    warmup = int(args.get('--warmup', '3'))
    try:
        import torch
    except Exception as error:  # noqa: BLE001 - any import failure means "no PyTorch here"
        print(json.dumps({'skip': f'import torch failed: {error}'}))
        return
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    B, T, H, L = config['batch'], config['seq'], config['hidden'], config['layers']
    text = config['task'] == 'text'
    inputs = config['vocab'] if text else config['features']
    out = config['vocab'] if text else config['outputs']

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(inputs, inputs) if text else None
            self.rnn = torch.nn.LSTM(inputs, H, L, batch_first=True)
            self.head = torch.nn.Linear(H, out)

        def forward(self, x):
            if self.embed is not None:
                x = self.embed(x)
            y, _ = self.rnn(x)
            return self.head(y if text else y[:, -1, :])

    net = Net()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    if text:
        x = torch.randint(0, inputs, (B, T))
        target = torch.randint(0, inputs, (B * T,))
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        x = torch.randn(B, T, inputs)
        target = torch.randn(B, out)
        loss_fn = torch.nn.MSELoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        prediction = net(x)
        loss = loss_fn(prediction.reshape(-1, out) if text else prediction, target)
        loss.backward()
        optimizer.step()

    units = B * T if text else B
    for _ in range(warmup):
        step()
    rates = []
    for _ in range(repeats):
        steps = 0
        start = time.perf_counter()
        while True:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        rates.append(units * steps / elapsed)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    blas = 'unknown'
    try:
        with open('/proc/self/maps') as maps:
            blas = 'openblas' if 'openblas' in maps.read() else 'other'
    except OSError:
        pass
    print(json.dumps({'perSec': rates, 'rssMB': rss_mb, 'threads': threads, 'torch': torch.__version__, 'blas': blas}))


main()
