// Whether a config fits the memory the machine can give, and if not, which setting to lower and to what.
// `train` (startRun), `seqlab data`, `init` and the editor's diagnostics all ask this one function.
import { scanDataShape } from '../data/scan';
import type { PreparedData } from '../data/types';
import { SeqLabError } from '../errors';
import { simdAvailable } from '../kernels/simd/backend';
import type { SeqLabConfig } from './schema.generated';
import { availableMemory, estimateMemory, formatBytes, shapeOfPrepared, type AvailableMemory, type DataShape, type MemoryEstimate } from './memory';

export interface MemoryProblem {
  message: string;
  /** JSON pointer of the setting to lower first. */
  path: string;
  hint: string;
}

export interface MemoryCheckOptions {
  /** Whether the SIMD kernels (and their 4 GiB memory) will run (default: whether this runtime has them). */
  simd?: boolean;
}

interface Knob {
  path: string;
  name: string;
  value: (config: SeqLabConfig, shape: DataShape) => number;
  apply: (config: SeqLabConfig, shape: DataShape, value: number) => [SeqLabConfig, DataShape];
}

const withConfig = (config: SeqLabConfig, section: 'training' | 'model', key: string, value: number): SeqLabConfig =>
  ({ ...config, [section]: { ...config[section], [key]: value } });

const KNOBS: Knob[] = [
  { path: '/training/batchSize', name: 'training.batchSize', value: (c) => c.training.batchSize, apply: (c, s, v) => [withConfig(c, 'training', 'batchSize', v), s] },
  {
    path: '/data/window', name: 'data.window', value: (_c, s) => s.window,
    apply: (c, s, v) => [c, { ...s, window: v }],
  },
  { path: '/model/hiddenSize', name: 'model.hiddenSize', value: (c) => c.model.hiddenSize, apply: (c, s, v) => [withConfig(c, 'model', 'hiddenSize', v), s] },
  { path: '/model/layers', name: 'model.layers', value: (c) => c.model.layers, apply: (c, s, v) => [withConfig(c, 'model', 'layers', v), s] },
];

/** Null when the config fits; otherwise the figures, the setting to lower and values that would fit. */
export function memoryProblem(config: SeqLabConfig, shape: DataShape, available: AvailableMemory, options: MemoryCheckOptions = {}): MemoryProblem | null {
  const simd = options.simd ?? simdAvailable();
  const estimate = estimateMemory(config, shape);
  const fits = (e: MemoryEstimate) => e.bytes <= available.bytes && (!simd || e.arenaBytes <= e.arenaLimit);
  if (fits(estimate)) return null;

  const overArena = simd && estimate.arenaBytes > estimate.arenaLimit;
  const about = shape.exact ? '' : 'about ';
  const message = estimate.bytes > available.bytes
    ? `training this config needs ${about}${formatBytes(estimate.bytes)} of memory (${largestParts(estimate)}), but only ${formatBytes(available.bytes)} is available (${available.source})`
    : `training this config needs ${about}${formatBytes(estimate.arenaBytes)} in the SIMD kernels' memory, which holds at most ${formatBytes(estimate.arenaLimit)} (${largestParts(estimate, ARENA_PARTS)})`;
  const dataAlone = estimate.parts.data + estimate.parts.evaluation;
  if (dataAlone > available.bytes && !overArena) {
    return { message, path: '/data/file', hint: `the data alone needs ${about}${formatBytes(dataAlone)}: use a smaller data file, or a machine with more memory` };
  }
  const fixes: { knob: Knob; value: number }[] = [];
  for (const knob of shape.task === 'text' ? KNOBS.map(textWindow) : KNOBS) {
    const value = largestFitting(knob, config, shape, fits);
    if (value !== null) fixes.push({ knob, value });
  }
  if (fixes.length === 0) {
    return { message, path: '/training/batchSize', hint: `no single setting is enough: lower training.batchSize, ${shape.task === 'text' ? 'data.seqLength' : 'data.window'} and model.hiddenSize together` };
  }
  const hint = `lower ${fixes.slice(0, 3).map(({ knob, value }) => `${knob.name} to ${value.toLocaleString('en-US')} or less`).join(', or ')}`;
  return { message, path: fixes[0].knob.path, hint };
}

/** The largest value below the current one at which the config fits (needs grow with every knob), or null. */
function largestFitting(knob: Knob, config: SeqLabConfig, shape: DataShape, fits: (e: MemoryEstimate) => boolean): number | null {
  const current = knob.value(config, shape);
  const fitsAt = (value: number) => fits(estimateMemory(...knob.apply(config, shape, value)));
  if (current <= 1 || !fitsAt(1)) return null;
  let low = 1;
  let high = current - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fitsAt(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function textWindow(knob: Knob): Knob {
  return knob.path === '/data/window' ? { ...knob, path: '/data/seqLength', name: 'data.seqLength' } : knob;
}

/** The parts that live in the SIMD kernels' memory (all of them but the activations' int32 arrays). */
const ARENA_PARTS: (keyof MemoryEstimate['parts'])[] = ['weights', 'optimizer', 'activations', 'kernels'];

/** The two biggest parts, e.g. "activations 3.1 GiB, data 700 MiB". */
function largestParts(estimate: MemoryEstimate, among: (keyof MemoryEstimate['parts'])[] = Object.keys(estimate.parts) as (keyof MemoryEstimate['parts'])[]): string {
  const names: Record<string, string> = {
    weights: 'weights', optimizer: 'optimiser state', activations: 'activations', kernels: 'kernel buffers',
    checkpoint: 'checkpoint', evaluation: 'evaluation', data: 'data',
  };
  return Object.entries(estimate.parts).filter(([part]) => among.includes(part as keyof MemoryEstimate['parts'])).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([part, bytes]) => `${names[part]} ${formatBytes(bytes)}`).join(', ');
}

/** One line for `seqlab data` and `init`: the estimate, its largest parts and what is available. */
export function describeMemory({ estimate, available, problem }: MemoryReport): string {
  const about = estimate.exact ? '' : 'about ';
  const line = `Memory to train: ${about}${formatBytes(estimate.bytes)} (${largestParts(estimate)}); ${formatBytes(available.bytes)} available`;
  return problem ? `${line}\n  too much: ${problem.message}\n  hint: ${problem.hint}` : line;
}

/**
 * Refuses (SeqLabError BAD_CONFIG at the setting to lower) a config that would not fit in memory:
 * from a cheap scan of its data file before the data is read, or exactly once it is prepared.
 */
export async function assertMemoryFits(config: SeqLabConfig, configFile: string, prepared?: PreparedData): Promise<void> {
  const shape = prepared ? shapeOfPrepared(prepared) : await scanDataShape(config, configFile);
  const problem = memoryProblem(config, shape, availableMemory());
  if (problem) throw new SeqLabError('BAD_CONFIG', problem.message, { file: configFile, path: problem.path }, problem.hint);
}

/** The estimate beside what is available, and the problem if it does not fit (`seqlab data`, `init`). */
export interface MemoryReport {
  estimate: MemoryEstimate;
  available: AvailableMemory;
  problem: MemoryProblem | null;
}

export function memoryReport(config: SeqLabConfig, shape: DataShape): MemoryReport {
  const available = availableMemory();
  return { estimate: estimateMemory(config, shape), available, problem: memoryProblem(config, shape, available) };
}
