// The README.md of an export folder: what it holds and the commands to train it on one GPU, on several,
// on several machines, and to bring the result back into SeqLab.
import type { ExportManifest } from './manifest';

export function exportReadme(manifest: ExportManifest, configName: string): string {
  const { setup } = manifest;
  const spec = setup.spec;
  const net = `${spec.input.kind === 'tokens' ? `Embedding(${spec.input.vocab}, ${spec.input.embed}) → ` : ''}${spec.layers}×${spec.cell.toUpperCase()}(${spec.hiddenSize})${spec.dropout > 0 ? `, dropout ${spec.dropout}` : ''} → Linear(${spec.outputSize}) on ${spec.headOn === 'last' ? 'the last step' : 'every step'}`;
  return `# ${configName}, exported for PyTorch

Exported by SeqLab ${manifest.seqlabVersion} on ${manifest.created.slice(0, 10)}: a ${manifest.task} model, ${net},
${manifest.parameters.toLocaleString('en-US')} parameters; ${setup.optimizer.kind} at lr ${setup.lr}, batch ${setup.batchSize}, up to ${setup.epochs} epochs of
${manifest.perEpoch.toLocaleString('en-US')} training windows (${manifest.batchesPerEpoch} steps each). \`train.py\` follows the same loss, optimiser, clipping, schedule and
early stopping as SeqLab, starting from SeqLab's initial weights (\`init/params.npy\`) and, for the first
${manifest.orderEpochs} epoch(s), SeqLab's batch order (\`init/order.npy\`). It needs Python 3.8+, PyTorch ≥ 1.13 and NumPy.

## Train

\`\`\`sh
python3 train.py                                   # one process: the GPU if there is one, else the CPU
python3 train.py --device cpu --epochs 5           # CPU, at most 5 epochs

torchrun --standalone --nproc_per_node=4 train.py  # 4 GPUs (or 4 CPU processes) on this machine

# 2 machines with 8 GPUs each: run on both, HOST being the first machine's address
torchrun --nnodes=2 --nproc_per_node=8 --rdzv_id=seqlab --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train.py
\`\`\`

Under torchrun, \`train.py\` wraps the model in DistributedDataParallel (gloo on CPU, nccl on GPU). The
global batch stays ${setup.batchSize} windows whatever the number of processes: each process takes its share of every batch
(\`--order sampler\` uses a DistributedSampler from the first epoch instead of SeqLab's order).
The CUDA/nccl path uses only the standard DDP calls; SeqLab's own tests run the CPU/gloo path (\`torchrun
--standalone --nproc_per_node=2\`), not CUDA. With PyTorch 1.13 on Python 3.11 (Debian 12's
python3-torch) torchrun fails before starting ("'NoneType' object has no attribute 'get'"): add
\`--redirects 2 --tee 2\` after \`torchrun\` (a PyTorch bug, fixed in 2.0).

It writes \`result/params.npy\` (the best weights, in SeqLab's layout), \`result/metrics.jsonl\` (SeqLab's
training events, one line per batch and per epoch) and \`result/result.json\`.

## Back into SeqLab

\`\`\`sh
seqlab import-pytorch .          # from this folder, where it was exported
\`\`\`

\`import-pytorch\` makes an ordinary run folder (config, metrics, baselines, summary, \`model.onnx\`), scoring
the weights with SeqLab's own evaluation on the data file \`${manifest.data.file}\` (relative to this folder; its size
and modification time must be unchanged). Trained elsewhere? Copy \`result/\` back into this folder first.
An imported run has no checkpoint: it cannot be resumed.

## Files

| file | what |
|---|---|
| \`manifest.json\` | versions, the setup \`train.py\` follows, the parameter layout, every array's dtype and shape |
| \`config.json\` | the resolved SeqLab config (\`data.file\` relative to this folder) |
| \`data/series.npy\` | ${manifest.task === 'text' ? 'the token ids of the whole text' : 'the scaled series every window reads'} |
| \`data/<split>.start.npy\` | where each window of the split starts${manifest.task === 'classify' ? ' (with `.length` and `.label`)' : manifest.task === 'forecast' && manifest.files['data/train.base.npy'] ? ' (with `.base`: what a relative window subtracts)' : ''} |
| \`init/params.npy\`, \`init/order.npy\` | SeqLab's initial weights and its batch order for the first epochs |
`;
}
