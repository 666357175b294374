// Typed access to the golden PyTorch fixtures in test/fixtures/torch (written by scripts/make_fixtures.py;
// the format is documented in test/fixtures/torch/README.md), and llm.c-style tensor comparison
// (test_gpt2.c's check_tensor: report the max difference and where the first mismatch is).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  GATES_FIXTURE_NAMES,
  MODEL_FIXTURE_NAMES,
  TORCH_FIXTURE_FORMAT,
  TRAJECTORY_FIXTURE_NAMES,
  type FixtureTensor,
  type ModelFixture,
  type TorchFixtureName,
  type TorchFixtures,
} from './torchFixtureTypes';

export * from './torchFixtureTypes';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/torch/', import.meta.url));

/** Issue 3's parity tolerances: |got − want| ≤ atol + rtol·|want| for every element. */
export const TOL_F64: Tolerance = { atol: 1e-9, rtol: 0 };
export const TOL_F32: Tolerance = { atol: 1e-5, rtol: 1e-4 };
/** The 50-step trajectories' losses (float64). */
export const TOL_TRAJECTORY_LOSS: Tolerance = { atol: 0, rtol: 1e-6 };

function expectedKind(name: TorchFixtureName): TorchFixtures[TorchFixtureName]['kind'] {
  if ((MODEL_FIXTURE_NAMES as readonly string[]).includes(name)) return 'model';
  if ((TRAJECTORY_FIXTURE_NAMES as readonly string[]).includes(name)) return 'trajectory';
  if ((GATES_FIXTURE_NAMES as readonly string[]).includes(name)) return 'gates';
  return name === 'optimizers' ? 'optimizers' : name === 'clip_grad_norm' ? 'clip' : 'schedules';
}

/** Every {shape, data} object must hold exactly Π shape finite numbers. */
function validateTensors(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => validateTensors(item, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.shape) && Array.isArray(record.data)) {
    const size = (record.shape as number[]).reduce((product, dim) => product * dim, 1);
    if (record.data.length !== size) {
      throw new Error(`${path}: shape [${record.shape.join(',')}] needs ${size} values, has ${record.data.length}`);
    }
    const bad = (record.data as unknown[]).findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${path}.data[${bad}] is not a finite number`);
    return;
  }
  for (const [key, child] of Object.entries(record)) validateTensors(child, `${path}.${key}`);
}

/** Reads and validates test/fixtures/torch/<name>.json (fresh copy on every call, so tests may mutate it). */
export function loadTorchFixture<N extends TorchFixtureName>(name: N): TorchFixtures[N] {
  const file = `${FIXTURE_DIR}${name}.json`;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as TorchFixtures[N];
  if (parsed.format !== TORCH_FIXTURE_FORMAT) throw new Error(`${file}: format ${parsed.format}, expected ${TORCH_FIXTURE_FORMAT}`);
  if (parsed.kind !== expectedKind(name)) throw new Error(`${file}: kind ${parsed.kind}, expected ${expectedKind(name)}`);
  validateTensors(parsed, name);
  return parsed;
}

/** The fixture's parameters as one flat buffer in SeqLab layout (paramNames order), ready to copy into a model. */
export function flatParams(
  fixture: { paramNames: string[] },
  params: Record<string, FixtureTensor>,
  dtype: 'f32' | 'f64',
): Float32Array | Float64Array {
  const values = fixture.paramNames.flatMap((name) => {
    const tensor = params[name];
    if (!tensor) throw new Error(`no tensor named ${name}`);
    return tensor.data;
  });
  return dtype === 'f32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** 1 where step t < lengths[b], as [B, T, width] (width = H for layerOutputs, O for an 'every' head). */
export function validStepMask(fixture: ModelFixture, width: number): Uint8Array {
  const { batch, seq } = fixture;
  const mask = new Uint8Array(batch * seq * width);
  for (let b = 0; b < batch; b++) {
    const length = fixture.lengths ? fixture.lengths[b] : seq;
    mask.fill(1, b * seq * width, (b * seq + length) * width);
  }
  return mask;
}

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface TensorCheck {
  ok: boolean;
  /** Largest |got − want| over the compared elements (Infinity if any is NaN). */
  maxDiff: number;
  maxDiffIndex: number;
  /** Number of compared elements outside the tolerance. */
  mismatches: number;
  firstMismatch: { index: number; at: string; got: number; want: number } | null;
  /** One line, printable: "name OK maxdiff …" or "name NOT OK …". */
  message: string;
}

function formatIndex(flat: number, shape: number[] | undefined): string {
  if (!shape || shape.length <= 1) return `[${flat}]`;
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(rest % shape[axis]);
    rest = Math.floor(rest / shape[axis]);
  }
  return `[${index.join(',')}] (flat ${flat})`;
}

/**
 * Element-wise |got − want| ≤ atol + rtol·|want| (NaN never passes). `want` may be a fixture tensor (its
 * shape is used to print multi-indices) or a plain array. Elements where `mask` is 0 are not compared.
 */
export function checkTensor(
  name: string,
  got: ArrayLike<number>,
  want: FixtureTensor | ArrayLike<number>,
  tolerance: Tolerance & { mask?: ArrayLike<number> },
): TensorCheck {
  const wantData: ArrayLike<number> = 'data' in want ? want.data : want;
  const shape = 'shape' in want ? want.shape : undefined;
  const { atol, rtol, mask } = tolerance;
  const tol = `atol ${atol} + rtol ${rtol}`;
  if (got.length !== wantData.length || (mask && mask.length !== wantData.length)) {
    const message = `${name} NOT OK: length ${got.length} vs expected ${wantData.length}${mask ? ` (mask ${mask.length})` : ''}`;
    const mismatches = Math.max(got.length, wantData.length);
    return { ok: false, maxDiff: Infinity, maxDiffIndex: -1, mismatches, firstMismatch: null, message };
  }
  let maxDiff = 0;
  let maxDiffIndex = -1;
  let mismatches = 0;
  let firstMismatch: TensorCheck['firstMismatch'] = null;
  let compared = 0;
  for (let i = 0; i < wantData.length; i++) {
    if (mask && mask[i] === 0) continue;
    compared++;
    const diff = Math.abs(got[i] - wantData[i]);
    const comparable = Number.isNaN(diff) ? Infinity : diff;
    if (maxDiffIndex < 0 || comparable > maxDiff) {
      maxDiff = comparable;
      maxDiffIndex = i;
    }
    if (!(diff <= atol + rtol * Math.abs(wantData[i]))) {
      mismatches++;
      firstMismatch ??= { index: i, at: formatIndex(i, shape), got: got[i], want: wantData[i] };
    }
  }
  const ok = mismatches === 0;
  const where = maxDiffIndex >= 0 ? ` at ${formatIndex(maxDiffIndex, shape)}` : '';
  const message = ok
    ? `${name} OK: maxdiff ${maxDiff.toExponential(3)}${where} over ${compared} values (${tol})`
    : `${name} NOT OK: ${mismatches} of ${compared} values outside ${tol}; maxdiff ${maxDiff.toExponential(3)}${where}; ` +
      `first mismatch ${firstMismatch?.at}: got ${firstMismatch?.got}, want ${firstMismatch?.want}`;
  return { ok, maxDiff, maxDiffIndex, mismatches, firstMismatch, message };
}

/** checkTensor that throws its message when the check fails (use inside a vitest test). */
export function assertTensor(
  name: string,
  got: ArrayLike<number>,
  want: FixtureTensor | ArrayLike<number>,
  tolerance: Tolerance & { mask?: ArrayLike<number> },
): TensorCheck {
  const result = checkTensor(name, got, want, tolerance);
  if (!result.ok) throw new Error(result.message);
  return result;
}
