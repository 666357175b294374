#!/usr/bin/env python3
"""Train a SeqLab config with PyTorch: one CPU or GPU, or many with torchrun.

Written by `seqlab export-pytorch` into an export folder, beside:
  manifest.json   the model, loss, optimiser, schedule and early stopping (SeqLab's resolved setup),
                  the parameter layout, the data's shapes and what each split holds
  data/*.npy      the prepared data exactly as SeqLab's engine sees it: one scaled series (or token ids)
                  and, per split, where each window starts (+ lengths and labels for classification,
                  + per-window bases for relative forecasts)
  init/*.npy      SeqLab's initial weights (SeqLab layout) and its batch order for the first epochs

  python3 train.py                                   # one process: CUDA if there is one, else CPU
  torchrun --standalone --nproc_per_node=2 train.py  # DistributedDataParallel (gloo on CPU, nccl on GPU)

It writes into result/ (or --out): params.npy (the best weights, float32, SeqLab's flat layout),
metrics.jsonl (SeqLab's training events: one line per batch and per epoch) and result.json (status,
epochs, best epoch), which `seqlab import-pytorch <this folder>` turns into an ordinary SeqLab run.

Needs Python 3.8+, PyTorch 1.13+ and NumPy; nothing else.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

FORMAT = 'seqlab-pytorch-export'
FORMAT_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))

# SeqLab stores recurrent weights in ONNX gate order (LSTM i,o,f,c; GRU z,r,h), PyTorch in its own
# (LSTM i,f,g,o; GRU r,z,n). SeqLab's gate block k is PyTorch's block TORCH_BLOCK[cell][k].
TORCH_BLOCK = {'lstm': [0, 3, 1, 2], 'gru': [1, 0, 2]}


# ------------------------------------------------------------------------------------------------------
# The export folder


def load_export(folder):
    with open(os.path.join(folder, 'manifest.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    if manifest.get('format') != FORMAT or manifest.get('formatVersion') != FORMAT_VERSION:
        sys.exit(f'{folder}: not a SeqLab export this train.py reads (format {manifest.get("format")} '
                 f'version {manifest.get("formatVersion")}; expected {FORMAT} version {FORMAT_VERSION})')
    arrays = {}
    for name, expected in manifest['files'].items():
        array = np.load(os.path.join(folder, name))
        if list(array.shape) != expected['shape'] or array.dtype.str != expected['dtype']:
            sys.exit(f'{name}: expected {expected["dtype"]} {expected["shape"]}, found {array.dtype.str} {list(array.shape)}')
        arrays[name] = array
    return manifest, arrays


class Windows:
    """One split's windows over the shared series, turned into batch tensors on request."""

    def __init__(self, manifest, arrays, split):
        self.task = manifest['task']
        self.T = manifest['window']
        self.series = torch.from_numpy(arrays['data/series.npy'])
        self.start = torch.from_numpy(arrays[f'data/{split}.start.npy']).long()
        self.count = len(self.start)
        if self.task == 'forecast':
            fc = manifest['forecast']
            self.horizon = fc['horizon']
            self.targets = torch.tensor(fc['targetIndex'])
            base = arrays.get(f'data/{split}.base.npy')
            self.base = None if base is None else torch.from_numpy(base)
        if self.task == 'classify':
            self.length = torch.from_numpy(arrays[f'data/{split}.length.npy']).long()
            self.label = torch.from_numpy(arrays[f'data/{split}.label.npy']).long()

    def batch(self, windows):
        """x, y, lengths for window indices (a 1-D LongTensor), exactly as SeqLab's fillBatch makes them."""
        start = self.start[windows]
        steps = start[:, None] + torch.arange(self.T)[None, :]  # [n, T] row of each step
        if self.task == 'text':
            return self.series[steps].long(), self.series[steps + 1].long(), None
        if self.task == 'classify':
            # Rows past a sequence's length are right padding: zeros, as in SeqLab.
            length = self.length[windows]
            valid = torch.arange(self.T)[None, :] < length[:, None]
            x = self.series[steps.clamp(max=len(self.series) - 1)] * valid[:, :, None]
            return x.float(), self.label[windows], length
        # forecast: x = T rows, y = the horizon rows after them at the target features (step-major),
        # both relative to the window's last row when the formulation is relative (base = 0 elsewhere).
        last = start + self.T - 1
        x = self.series[steps]
        future = last[:, None] + 1 + torch.arange(self.horizon)[None, :]
        y = self.series[future][:, :, self.targets]  # [n, horizon, K]
        if self.base is not None:
            base = self.base[windows]
            x = x - base[:, None, :]
            y = y - base[:, None, self.targets]
        return x.float(), y.reshape(len(windows), -1).float(), None


# ------------------------------------------------------------------------------------------------------
# The network: [Embedding] -> stacked LSTM/GRU (dropout between layers) -> Linear on the last step or every step


class SeqLabNet(torch.nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        H, L = spec['hiddenSize'], spec['layers']
        inp = spec['input']
        if inp['kind'] == 'tokens':
            self.embedding = torch.nn.Embedding(inp['vocab'], inp['embed'])
        size = inp['embed'] if inp['kind'] == 'tokens' else inp['size']
        cell = torch.nn.LSTM if spec['cell'] == 'lstm' else torch.nn.GRU
        self.rnn = cell(size, H, num_layers=L, dropout=spec['dropout'] if L > 1 else 0.0, batch_first=True)
        self.head = torch.nn.Linear(H, spec['outputSize'])

    def forward(self, x, lengths=None):
        if self.spec['input']['kind'] == 'tokens':
            x = self.embedding(x)
        y, _ = self.rnn(x)  # [B, T, H]
        if self.spec['headOn'] == 'every':
            return self.head(y)  # [B, T, O]
        if lengths is None:
            return self.head(y[:, -1])  # [B, O]
        # The last valid step of each right-padded sequence (steps after it never influence it).
        return self.head(y[torch.arange(len(y), device=y.device), lengths.to(y.device) - 1])

    def seqlab_names(self):
        """SeqLab parameter name -> (this module's tensor, gate permutation or None)."""
        names = {}
        if self.spec['input']['kind'] == 'tokens':
            names['embedding.weight'] = (self.embedding.weight, None)
        for l in range(self.spec['layers']):
            for short, torch_name in (('W', 'weight_ih'), ('R', 'weight_hh'), ('Wb', 'bias_ih'), ('Rb', 'bias_hh')):
                names[f'rnn.{l}.{short}'] = (getattr(self.rnn, f'{torch_name}_l{l}'), TORCH_BLOCK[self.spec['cell']])
        names['head.weight'] = (self.head.weight, None)
        names['head.bias'] = (self.head.bias, None)
        return names

    def load_seqlab(self, flat, layout):
        H = self.spec['hiddenSize']
        names = self.seqlab_names()
        with torch.no_grad():
            for entry in layout:
                tensor, blocks = names[entry['name']]
                value = torch.from_numpy(flat[entry['offset']:entry['offset'] + entry['size']].reshape(entry['shape']))
                if blocks is not None:  # SeqLab block k -> PyTorch block blocks[k]
                    value = torch.cat([value[blocks.index(j) * H:(blocks.index(j) + 1) * H] for j in range(len(blocks))])
                tensor.copy_(value)

    def seqlab_flat(self, layout, size):
        H = self.spec['hiddenSize']
        names = self.seqlab_names()
        flat = np.zeros(size, dtype=np.float32)
        for entry in layout:
            tensor, blocks = names[entry['name']]
            value = tensor.detach().cpu()
            if blocks is not None:
                value = torch.cat([value[j * H:(j + 1) * H] for j in blocks])
            flat[entry['offset']:entry['offset'] + entry['size']] = value.reshape(-1).numpy()
        return flat


# ------------------------------------------------------------------------------------------------------
# Loss: sums and counts, so that every process's share of a batch weighs what it holds


def loss_sum(loss_spec, out, y):
    """Sum of the loss over the batch's elements (regression) or rows (cross-entropy), and how many."""
    kind = loss_spec['kind']
    if kind == 'crossEntropy':
        logits = out.reshape(-1, out.shape[-1])
        target = y.reshape(-1)
        return F.cross_entropy(logits, target, reduction='sum'), target.numel()
    if kind == 'mse':
        return F.mse_loss(out, y, reduction='sum'), y.numel()
    if kind == 'mae':
        return F.l1_loss(out, y, reduction='sum'), y.numel()
    return F.huber_loss(out, y, reduction='sum', delta=loss_spec['delta']), y.numel()


# ------------------------------------------------------------------------------------------------------
# Evaluation on a whole split, sharded over processes, with SeqLab's metrics


@torch.no_grad()
def evaluate(net, windows, manifest, setup, device, rank, world):
    """Mean loss (model units) and SeqLab's task metrics over every window of the split."""
    net.eval()
    task = manifest['task']
    sums = {'loss': torch.zeros((), dtype=torch.float64), 'count': torch.zeros((), dtype=torch.float64)}
    if task == 'forecast':
        fc = manifest['forecast']
        H, K = fc['horizon'], len(fc['targetIndex'])
        std = torch.tensor(fc['targetStd'], dtype=torch.float64)
        mean = torch.tensor(fc['targetMean'], dtype=torch.float64)
        scale = torch.tensor([s if s > 0 else 1.0 for s in fc['maseScale']], dtype=torch.float64)
        for name in ('abs', 'sq', 'smape', 'scaled'):
            sums[name] = torch.zeros(H, dtype=torch.float64)
    elif task == 'classify':
        C = len(manifest['classify']['classes'])
        sums['confusion'] = torch.zeros((C, C), dtype=torch.float64)
    else:
        sums['correct'] = torch.zeros((), dtype=torch.float64)
    mine = torch.arange(rank, windows.count, world)  # this process's share
    for chunk in mine.split(setup['batchSize']):
        x, y, lengths = windows.batch(chunk)
        out = net(x.to(device), lengths).double().cpu()
        total, count = loss_sum(setup['loss'], out, y.double() if task == 'forecast' else y)
        sums['loss'] += total
        sums['count'] += count
        if task == 'forecast':
            last = windows.start[chunk] + windows.T - 1
            series = windows.series
            target_rows = series[last][:, windows.targets]  # scaled values of the targets at the last row
            levels = target_rows * std + mean  # original units
            anchor = levels if windows.base is not None else mean.expand_as(levels)
            prediction = anchor[:, None, :] + out.reshape(-1, H, K) * std
            future = last[:, None] + 1 + torch.arange(H)[None, :]
            truth = series[future][:, :, windows.targets] * std + mean
            diff = (prediction - truth).abs()
            size = prediction.abs() + truth.abs()
            sums['abs'] += diff.sum(dim=(0, 2))
            sums['sq'] += (diff * diff).sum(dim=(0, 2))
            sums['smape'] += torch.where(size == 0, torch.zeros_like(size), 2 * diff / size.clamp(min=1e-300)).sum(dim=(0, 2))
            sums['scaled'] += (diff / scale).sum(dim=(0, 2))
        elif task == 'classify':
            predicted = out.argmax(dim=1)
            sums['confusion'].index_put_((y, predicted), torch.ones(len(y), dtype=torch.float64), accumulate=True)
        else:
            sums['correct'] += (out.argmax(dim=-1) == y).sum()
    if world > 1:
        for value in sums.values():
            reduced = value.to(device)
            dist.all_reduce(reduced)
            value.copy_(reduced.cpu())
    net.train()
    mean_loss = (sums['loss'] / sums['count'].clamp(min=1)).item()
    return mean_loss, task_metrics(task, manifest, sums, mean_loss, windows.count)


def task_metrics(task, manifest, sums, mean_loss, window_count):
    """The metrics engine/eval/metrics.ts computes, from the sums above."""
    if task == 'forecast':
        K = len(manifest['forecast']['targetIndex'])
        n = window_count * K
        per_step = {
            'mae': (sums['abs'] / n).tolist(), 'rmse': (sums['sq'] / n).sqrt().tolist(),
            'smape': (100 * sums['smape'] / n).tolist(), 'mase': (sums['scaled'] / n).tolist(),
        }
        N = n * len(per_step['mae'])
        return {
            'mae': sums['abs'].sum().item() / N, 'rmse': math.sqrt(sums['sq'].sum().item() / N),
            'smape': 100 * sums['smape'].sum().item() / N, 'mase': sums['scaled'].sum().item() / N, 'perStep': per_step,
        }
    if task == 'classify':
        confusion = sums['confusion']
        correct = confusion.diagonal().sum().item()
        actual, predicted = confusion.sum(dim=1), confusion.sum(dim=0)
        present = (actual + predicted) > 0
        f1 = 2 * confusion.diagonal()[present] / (actual + predicted)[present]
        return {
            'accuracy': correct / max(confusion.sum().item(), 1),
            'macroF1': f1.mean().item() if present.any() else 0.0,
            'confusion': confusion.long().tolist(),
        }
    tokens = window_count * manifest['window']
    if manifest['text']['tokenizer']['type'] == 'word':
        return {'perplexity': math.exp(mean_loss), 'accuracy': sums['correct'].item() / max(tokens, 1)}
    return {'bitsPerChar': mean_loss / math.log(2), 'perplexity': math.exp(mean_loss)}


# ------------------------------------------------------------------------------------------------------
# Optimiser and learning-rate schedule, as SeqLab's setup names them (PyTorch semantics on both sides)


def make_optimizer(setup, parameters):
    o, lr = setup['optimizer'], setup['lr']
    if o['kind'] == 'sgd':
        return torch.optim.SGD(parameters, lr=lr, momentum=o['momentum'], dampening=o['dampening'],
                               nesterov=o['nesterov'], weight_decay=o['weightDecay'])
    if o['kind'] == 'rmsprop':
        return torch.optim.RMSprop(parameters, lr=lr, alpha=o['alpha'], eps=o['eps'], momentum=o['momentum'],
                                   centered=o['centered'], weight_decay=o['weightDecay'])
    cls = torch.optim.AdamW if o['kind'] == 'adamw' else torch.optim.Adam
    return cls(parameters, lr=lr, betas=(o['beta1'], o['beta2']), eps=o['eps'], weight_decay=o['weightDecay'])


def make_schedule(setup, optimizer):
    s = setup['schedule']
    if s['kind'] == 'step':
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=s['stepSize'], gamma=s['gamma'])
    if s['kind'] == 'cosine':
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=s['epochs'], eta_min=s['minLr'])
    if s['kind'] == 'plateau':
        return torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode='min', factor=s['factor'], patience=s['patience'], threshold=s['threshold'],
            threshold_mode='rel', cooldown=s['cooldown'], min_lr=s['minLr'], eps=1e-8)
    return None


# ------------------------------------------------------------------------------------------------------
# Which windows each process trains on, batch by batch


def epoch_batches(epoch, args, manifest, order, train_count, rank, world):
    """This process's windows for every batch of the epoch.

    SeqLab's own order (init/order.npy) for the epochs it covers unless --order sampler: each global batch
    is split between the processes. Otherwise a DistributedSampler shuffles with the seed and the epoch;
    each process takes batchSize/world windows per step, so a global batch is batchSize windows whatever
    the number of processes.
    """
    B = manifest['setup']['batchSize']
    per_epoch = manifest['perEpoch']
    if args.order == 'engine' and order is not None and epoch < len(order):
        windows = torch.from_numpy(order[epoch]).long()
        return [torch.tensor_split(batch, world)[rank] for batch in windows.split(B)]
    sampler = DistributedSampler(range(train_count), num_replicas=world, rank=rank, shuffle=True,
                                 seed=manifest['setup']['seed'], drop_last=False)
    sampler.set_epoch(epoch)
    mine = torch.tensor(list(sampler))[:math.ceil(per_epoch / world)]
    return list(mine.split(max(1, B // world)))


# ------------------------------------------------------------------------------------------------------
# Training


def parse_args():
    p = argparse.ArgumentParser(description='Train a SeqLab export with PyTorch (see this file\'s docstring).')
    p.add_argument('--device', default='auto', help='auto (cuda if available, else cpu), cpu or cuda')
    p.add_argument('--epochs', type=int, default=None, help='at most this many epochs (early stopping still applies)')
    p.add_argument('--max-steps', type=int, default=None, help='stop after this many optimiser steps (status "stopped")')
    p.add_argument('--order', choices=['engine', 'sampler'], default='engine',
                   help="engine: SeqLab's batch order for the epochs init/order.npy holds, then a DistributedSampler; "
                        'sampler: a DistributedSampler from the first epoch')
    p.add_argument('--dropout', type=float, default=None, help="override the config's dropout (0 for exact comparisons)")
    p.add_argument('--out', default=os.path.join(HERE, 'result'), help='where to write params.npy, metrics.jsonl, result.json')
    p.add_argument('--save-rank-params', action='store_true', help='every process writes its final weights to rank<r>.params.npy')
    return p.parse_args()


class Process:
    """Where this process runs: its rank among `world` processes (torchrun sets RANK, LOCAL_RANK,
    WORLD_SIZE, MASTER_ADDR, MASTER_PORT) and its device."""

    def __init__(self, device_arg):
        if device_arg == 'cuda' and not torch.cuda.is_available():
            sys.exit('--device cuda: this machine has no CUDA device PyTorch can use')
        use_cuda = device_arg == 'cuda' or (device_arg == 'auto' and torch.cuda.is_available())
        self.distributed = int(os.environ.get('WORLD_SIZE', '1')) > 1
        self.local_rank = int(os.environ.get('LOCAL_RANK', '0'))
        if self.distributed:
            if use_cuda:
                torch.cuda.set_device(self.local_rank)
            dist.init_process_group(backend='nccl' if use_cuda else 'gloo')
        self.rank = dist.get_rank() if self.distributed else 0
        self.world = dist.get_world_size() if self.distributed else 1
        self.device = torch.device('cuda', self.local_rank) if use_cuda else torch.device('cpu')

    def wrap(self, net):
        """DistributedDataParallel around the network when there are several processes."""
        if not self.distributed:
            return net
        return DistributedDataParallel(net, device_ids=[self.local_rank] if self.device.type == 'cuda' else None)

    def sum(self, values):
        """Sums a float64 tensor over the processes (in place) and returns it."""
        if self.distributed:
            dist.all_reduce(values)
        return values


def train_step(model, net, optimizer, setup, train, windows, weight, max_norm, proc):
    """One optimiser step on this process's share of a global batch. Returns the global batch's mean
    loss, the gradient norm before clipping, and the global count (elements or rows)."""
    x, y, lengths = train.batch(windows)
    out = model(x.to(proc.device), lengths)
    total, count = loss_sum(setup['loss'], out, y.to(proc.device))
    # The global batch's sum and count. DDP averages the gradients over the processes, so each one
    # scales its sum by world / global count: the update is that of the global batch's mean loss.
    shared = proc.sum(torch.tensor([total.item() * weight, count * weight], dtype=torch.float64, device=proc.device))
    global_count = shared[1].item()
    optimizer.zero_grad()
    (total * (weight * proc.world / global_count)).backward()
    norm = torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm).item()
    loss = shared[0].item() / global_count
    if math.isfinite(loss) and math.isfinite(norm):
        optimizer.step()  # a non-finite loss or norm leaves the weights as they were, as in SeqLab
    return loss, norm, global_count


def main():
    args = parse_args()
    started = time.time()
    proc = Process(args.device)
    manifest, arrays = load_export(HERE)
    setup = manifest['setup']
    spec = dict(setup['spec'])
    if args.dropout is not None:
        spec['dropout'] = args.dropout
    if setup['batchSize'] < proc.world:
        sys.exit(f'a batch of {setup["batchSize"]} windows cannot be shared by {proc.world} processes')
    if args.order == 'sampler' and setup['batchSize'] % proc.world != 0 and proc.rank == 0:
        print(f'note: {proc.world} processes take {setup["batchSize"] // proc.world} windows each per step, '
              f'a global batch of {setup["batchSize"] // proc.world * proc.world}, not {setup["batchSize"]}', file=sys.stderr)
    torch.manual_seed(setup['seed'] + proc.rank)  # dropout masks: one stream per process

    net = SeqLabNet(spec)
    net.load_seqlab(arrays['init/params.npy'], manifest['layout'])
    net.to(proc.device)
    model = proc.wrap(net)
    optimizer = make_optimizer(setup, net.parameters())
    schedule = make_schedule(setup, optimizer)
    order = arrays.get('init/order.npy')
    train, validation = Windows(manifest, arrays, 'train'), Windows(manifest, arrays, 'validation')
    epochs = min(setup['epochs'], args.epochs or setup['epochs'])
    max_norm = setup['clipNorm'] if setup['clipNorm'] > 0 else float('inf')  # the norm is logged either way

    log = Log(args.out, proc.rank)
    # SeqLab's start event; `seqlab import-pytorch` adds the baselines' metrics (it computes them itself).
    log.event(type='start', task=manifest['task'], epochs=epochs,
              batchesPerEpoch=len(epoch_batches(0, args, manifest, order, train.count, 0, 1)),
              parameters=manifest['parameters'], resumedAt=None,
              kernels={'name': f'pytorch-{proc.device.type}', 'threads': proc.world}, baselines={})
    best = {'epoch': 0, 'loss': math.inf, 'bad': 0}
    status, message, step, epoch = 'completed', '', 0, 0
    while epoch < epochs and status == 'completed':
        epoch_started = time.time()
        loss_total, loss_count = 0.0, 0.0
        batches = epoch_batches(epoch, args, manifest, order, train.count, proc.rank, proc.world)
        for index, windows in enumerate(batches):
            if args.max_steps is not None and step >= args.max_steps:
                status, message = 'stopped', f'stopped after {step} steps (--max-steps), part-way through epoch {epoch + 1}'
                break
            lr = optimizer.param_groups[0]['lr']
            weight = 1.0
            if len(windows) == 0:  # a batch smaller than the number of processes: join in, weigh nothing
                windows, weight = batches[0][:1], 0.0
            loss, norm, count = train_step(model, net, optimizer, setup, train, windows, weight, max_norm, proc)
            if not (math.isfinite(loss) and math.isfinite(norm)):
                what = f'loss {loss}' if not math.isfinite(loss) else f'gradient norm {norm}'
                status = 'diverged'
                message = (f'training diverged at epoch {epoch + 1}, batch {index + 1}: {what}. The weights were not '
                           'updated. Try a lower learning rate or gradient clipping.')
                break
            step += 1
            loss_total += loss * count
            loss_count += count
            log.event(type='batch', epoch=epoch + 1, batch=index + 1, batches=len(batches), step=step, loss=loss, gradNorm=norm, lr=lr)
        if status != 'completed':
            break

        # The end of an epoch, as in SeqLab: validation, the best weights kept, the schedule, early stopping.
        lr = optimizer.param_groups[0]['lr']
        val_loss, val_metrics = evaluate(net, validation, manifest, setup, proc.device, proc.rank, proc.world)
        improved = val_loss < best['loss'] - setup['minDelta']
        if improved:
            best.update(epoch=epoch + 1, loss=val_loss, bad=0)
            log.save_params(net.seqlab_flat(manifest['layout'], manifest['parameters']))
        else:
            best['bad'] += 1
        if isinstance(schedule, torch.optim.lr_scheduler.ReduceLROnPlateau):
            schedule.step(val_loss)
        elif schedule is not None:
            schedule.step()
        epoch += 1
        log.event(type='epoch', epoch=epoch, step=step, trainLoss=loss_total / max(loss_count, 1), valLoss=val_loss, lr=lr,
                  val=val_metrics, best=improved, seconds=time.time() - epoch_started)
        if not math.isfinite(val_loss):
            status, message = 'diverged', f'validation loss is {val_loss} after epoch {epoch}; stopping. Try a lower learning rate.'
        elif setup['patience'] > 0 and best['bad'] >= setup['patience']:
            status, message = 'early-stopped', f'no validation improvement for {setup["patience"]} epochs'
        elif args.max_steps is not None and step >= args.max_steps and epoch < epochs:
            status, message = 'stopped', f'stopped after {step} steps (--max-steps)'

    if args.save_rank_params:
        np.save(os.path.join(args.out, f'rank{proc.rank}.params.npy'), net.seqlab_flat(manifest['layout'], manifest['parameters']))
    log.event(type='done', status=status, epochs=epoch, bestEpoch=best['epoch'], message=message)
    log.finish({
        'format': FORMAT, 'formatVersion': FORMAT_VERSION, 'configHash': manifest['configHash'],
        'status': status, 'message': message, 'epochs': epoch, 'bestEpoch': best['epoch'], 'bestValLoss': best['loss'],
        'steps': step, 'seconds': time.time() - started, 'device': proc.device.type, 'processes': proc.world,
        'order': args.order, 'dropout': spec['dropout'], 'torch': torch.__version__,
    })
    if proc.distributed:
        # Every collective is done and this process's files are written and closed. Tearing the process
        # group down can hang in gloo now and then, a thread spinning on a socket its peer closed
        # (pytorch/pytorch#75097), which would leave torchrun waiting for ever: leave without it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class Log:
    """Process 0 writes the events (JSON lines, one per batch and epoch, flushed at every epoch), the best
    weights whenever they improve, and result.json at the end; the last two are replaced atomically, so a
    reader never sees half of one."""

    def __init__(self, out, rank):
        self.out, self.rank = out, rank
        os.makedirs(out, exist_ok=True)
        if rank == 0:
            for stale in ('result.json', 'params.npy'):  # from an earlier run into the same folder
                if os.path.exists(os.path.join(out, stale)):
                    os.remove(os.path.join(out, stale))
            self.events = open(os.path.join(out, 'metrics.jsonl'), 'w', encoding='utf-8')

    def event(self, **event):
        if self.rank == 0:
            self.events.write(json.dumps(finite(event), allow_nan=False) + '\n')
            if event['type'] in ('epoch', 'done'):
                self.events.flush()
                os.fsync(self.events.fileno())

    def save_params(self, flat):
        if self.rank == 0:
            temp = os.path.join(self.out, 'params.npy.tmp')
            with open(temp, 'wb') as f:
                np.save(f, flat)
            os.replace(temp, os.path.join(self.out, 'params.npy'))

    def finish(self, result):
        if self.rank == 0:
            self.events.close()
            self.write('result.json', json.dumps(finite(result), indent=2, allow_nan=False) + '\n')

    def write(self, name, text):
        temp = os.path.join(self.out, name + '.tmp')
        with open(temp, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(temp, os.path.join(self.out, name))


def finite(value):
    """JSON has no NaN or Infinity: they become null, as in SeqLab's own events."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


if __name__ == '__main__':
    main()
