// The bench's training configurations (issues 3 and 8) and how their FLOPs are counted, shared by
// run.mjs (throughput) and instructions.mjs (instruction counts).

export const TRAINING_CONFIGS = [
  { name: 'F-small', unit: 'seq/s', task: 'forecast', batch: 64, seq: 48, features: 8, hidden: 64, layers: 1, outputs: 1 },
  { name: 'F-mid', unit: 'seq/s', task: 'forecast', batch: 64, seq: 96, features: 16, hidden: 128, layers: 2, outputs: 1 },
  { name: 'C-char', unit: 'tok/s', task: 'text', batch: 32, seq: 100, vocab: 65, hidden: 256, layers: 2 },
];

/** Training FLOPs per unit (sequence, or token for text): 3 × the forward matrix products. */
export function flopsPerUnit(config) {
  const { batch: B, seq: T, hidden: H, layers: L } = config;
  const text = config.task === 'text';
  const inputs = text ? config.vocab : config.features;
  const out = text ? config.vocab : config.outputs;
  let forward = 0;
  for (let l = 0; l < L; l++) forward += 2 * 4 * H * ((l === 0 ? inputs : H) + H) * T * B;
  forward += 2 * H * out * (text ? T : 1) * B;
  return (3 * forward) / (text ? B * T : B);
}
