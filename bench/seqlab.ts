// SeqLab side of `npm run bench`: trains one configuration (JSON from bench/run.mjs) with the engine's
// trainStep and prints one JSON line {"perSec": [...], "rssMB", "threads", "kernels"}.
//   --kernels=simd|reference   the WebAssembly SIMD backend (model buffers in its memory) or plain TS
//   --variant=auto|relaxed|baseline   which SIMD build (auto: relaxed SIMD with fused multiply-add where available)
//   --threads=1|2|3|auto       with simd: helper threads share the large products; auto: one to three, as
//                              runs train (engine/runs/threadChoice.ts chooses before every step)
//   --spin=off                 with 2 threads: they sleep at once while they wait for each other (auto's
//                              mode beside a busy process until three threads did better) instead of spinning first
//   --profile                  also time every kernel call and report where a step's time goes
//   --gate-norms=off           leave out the per-gate-block gradient norms the training loop adds each step
//   --steps=N                  no timing: warm up, run exactly N steps, print the last loss (for instruction
//                              counts under callgrind: bench/instructions.mjs)
// Bundled by bench/run.mjs with esbuild (the engine is TypeScript).
import { installSimdKernels } from '../engine/accel/simd';
import { gateBlocks } from '../engine/explain/gradNorms';
import { ThreadChoice } from '../engine/runs/threadChoice';
import { kernels, useKernels, type Kernels } from '../engine/kernels';
import type { Targets } from '../engine/losses';
import { buildModel } from '../engine/model';
import { createOptimizer, defaultOptimizerSpec } from '../engine/optim/optimizer';
import { createRng } from '../engine/rng';
import type { ModelSpec } from '../engine/spec';
import { heapAllocator } from '../engine/tensor';
import { trainStep } from '../engine/train/step';

interface BenchConfig {
  task: 'forecast' | 'text';
  batch: number;
  seq: number;
  hidden: number;
  layers: number;
  features?: number;
  outputs?: number;
  vocab?: number;
}

const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'] as const;
}));
const config = JSON.parse(args.get('--config') ?? '{}') as BenchConfig;
const seconds = Number(args.get('--seconds') ?? 2);
const repeats = Number(args.get('--repeats') ?? 3);
const warmup = Number(args.get('--warmup') ?? 3);
const autoThreads = args.get('--threads') === 'auto';
const threads = autoThreads ? 2 : Number(args.get('--threads') ?? 1);
const useSimd = (args.get('--kernels') ?? 'simd') === 'simd';
const profile = args.has('--profile');
const variant = (args.get('--variant') ?? 'auto') as 'auto' | 'relaxed' | 'baseline';
const withGateNorms = args.get('--gate-norms') !== 'off';
const spin = args.get('--spin') !== 'off';
const fixedSteps = args.has('--steps') ? Number(args.get('--steps')) : null;

function main(): Record<string, unknown> {
  const simd = useSimd ? installSimdKernels({ threads, variant }) : null;
  if (useSimd && !simd) return { skip: 'WebAssembly SIMD unavailable' };
  if (simd && !autoThreads && !spin) simd.setThreads(threads, false);
  const allocator = simd?.allocator ?? heapAllocator;
  const { batch: B, seq: T } = config;
  const text = config.task === 'text';
  const spec: ModelSpec = {
    cell: 'lstm',
    input: text ? { kind: 'tokens', vocab: config.vocab!, embed: config.vocab! } : { kind: 'features', size: config.features! },
    hiddenSize: config.hidden,
    layers: config.layers,
    dropout: 0,
    outputSize: text ? config.vocab! : config.outputs!,
    headOn: text ? 'every' : 'last',
    forgetBias: 1,
  };
  const rng = createRng(1);
  const model = buildModel(spec, rng, { dtype: 'f32', allocator });
  const optimizer = createOptimizer(defaultOptimizerSpec('adam'), model.layout.size, 'f32', allocator);
  let x: Float32Array | Int32Array;
  let targets: Targets;
  if (text) {
    x = Int32Array.from({ length: B * T }, () => rng.below(config.vocab!));
    targets = Int32Array.from({ length: B * T }, () => rng.below(config.vocab!));
  } else {
    x = Float32Array.from({ length: B * T * config.features! }, () => rng.normal());
    targets = Float32Array.from({ length: B * config.outputs! }, () => rng.normal());
  }
  const batch = { B, T, x };
  const loss = text ? { kind: 'crossEntropy' as const } : { kind: 'mse' as const };
  // As the training loop steps: with each gate block's gradient norm added up for the epoch event.
  const gateNorms = withGateNorms ? { blocks: gateBlocks(spec, model.layout), sums: new Float64Array(spec.layers * 4) } : undefined;
  const choice = autoThreads && simd ? new ThreadChoice() : null;
  let sharedSteps = 0;
  let threeThreadSteps = 0;
  let allSteps = 0;
  const step = () => {
    allSteps++;
    if (choice) {
      const running = simd!.setThreads(choice.next().threads);
      sharedSteps += running > 1 ? 1 : 0;
      threeThreadSteps += running === 3 ? 1 : 0;
    }
    return trainStep(model, optimizer, loss, batch, targets, { lr: 1e-3, clipNorm: 0, rng, gateNorms });
  };
  const units = text ? B * T : B;

  for (let i = 0; i < warmup; i++) step();
  if (fixedSteps !== null) {
    let last = NaN;
    for (let i = 0; i < fixedSteps; i++) last = step().loss;
    const ran = { steps: fixedSteps, loss: last, kernels: kernels.name, threads: simd?.threads ?? 1 };
    simd?.dispose();
    return ran;
  }
  const perSec: number[] = [];
  let firstLoss = NaN, lastLoss = NaN;
  for (let r = 0; r < repeats; r++) {
    let steps = 0;
    const start = performance.now();
    let elapsed: number;
    do {
      const result = step();
      if (Number.isNaN(firstLoss)) firstLoss = result.loss;
      lastLoss = result.loss;
      steps++;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < seconds);
    perSec.push((units * steps) / elapsed);
  }
  const result: Record<string, unknown> = {
    perSec, rssMB: process.resourceUsage().maxRSS / 1024, threads: autoThreads ? 'auto' : simd?.threads ?? 1, kernels: kernels.name, loss: [firstLoss, lastLoss], gateNorms: withGateNorms,
    ...(choice ? { twoThreadShare: sharedSteps / allSteps, threeThreadShare: threeThreadSteps / allSteps } : {}),
  };
  if (profile) result.profile = profileSteps(step, Math.max(3, Math.ceil(perSec[0] ? (seconds * perSec[0]) / units / 2 : 3)));
  simd?.dispose();
  return result;
}

/** Wraps every kernel in a timer and runs `steps` steps: ms per step in each kernel and outside them. */
function profileSteps(step: () => unknown, steps: number): Record<string, number> {
  const spent: Record<string, number> = {};
  const wrapped: Partial<Kernels> = {};
  const original = { ...kernels } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(original)) {
    if (typeof fn !== 'function') continue;
    spent[name] = 0;
    (wrapped as Record<string, unknown>)[name] = (...callArgs: unknown[]) => {
      const start = performance.now();
      const value = (fn as (...a: unknown[]) => unknown)(...callArgs);
      spent[name] += performance.now() - start;
      return value;
    };
  }
  const previous = useKernels(wrapped);
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  const total = performance.now() - start;
  useKernels(previous);
  const perStep: Record<string, number> = { total: total / steps };
  let inKernels = 0;
  for (const [name, ms] of Object.entries(spent)) {
    if (ms > 0) perStep[name] = ms / steps;
    inKernels += ms;
  }
  perStep.outsideKernels = (total - inKernels) / steps;
  return perStep;
}

console.log(JSON.stringify(main()));
