// The JSON schema of the golden PyTorch fixtures (test/fixtures/torch/README.md documents every field).
import type { ModelSpec } from '../../../engine/spec';

export const TORCH_FIXTURE_FORMAT = 'seqlab-torch-fixture/1';

/** Row-major: element [i0, i1, …] is data[((i0·shape[1] + i1)·shape[2] + …)]; data.length = Π shape. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}
/** Same encoding, integer values (token ids, class ids, 0/1 masks). */
export type IntTensor = FixtureTensor;

/** One forward + backward pass, computed by PyTorch in one dtype (all values exact doubles of that dtype). */
export interface ModelRun {
  /** Head output, batch-first: [B, O] for headOn 'last', [B, T, O] for headOn 'every'. */
  head: FixtureTensor;
  /** Output sequence of every recurrent layer, [B, T, H] each; zeros at padded steps t ≥ lengths[b]. */
  layerOutputs: FixtureTensor[];
  /** Final hidden state per layer [L, B, H]: the state after step lengths[b]−1 (T−1 without lengths). */
  finalH: FixtureTensor;
  /** Final cell state per layer [L, B, H]; null for GRU. */
  finalC: FixtureTensor | null;
  loss: number;
  /** dLoss/dParam by SeqLab name, in SeqLab layout (ONNX gate order), same shapes as `params`. */
  grads: Record<string, FixtureTensor>;
  /** dLoss/dx [B, T, F] for feature inputs; null for token inputs. */
  xGrad: FixtureTensor | null;
}

export type LossKind = 'mse' | 'mae' | 'huber' | 'ce';

export interface ModelFixture {
  format: string;
  kind: 'model';
  name: string;
  description: string;
  spec: ModelSpec;
  batch: number;
  seq: number;
  loss: { kind: LossKind; reduction: 'mean'; delta?: number };
  /** Parameter names in SeqLab's flat-buffer order. */
  paramNames: string[];
  /** Float32-exact values, shared by both dtype runs. */
  params: Record<string, FixtureTensor>;
  /** Features [B, T, F] (float32-exact) or token ids [B, T] (integers). */
  x: FixtureTensor;
  /** Floats [B, O] (mse/mae/huber), class ids [B] (ce, last) or [B, T] (ce, every). */
  targets: FixtureTensor;
  /** Valid steps per sequence [B] (1 ≤ len ≤ T), or null when every sequence has length T. */
  lengths: number[] | null;
  /** 0/1 loss weights: [B, O] elements (mse/mae/huber) or [B, T] rows (ce every); null = all 1. */
  mask: IntTensor | null;
  float64: ModelRun;
  float32: ModelRun;
}

export interface OptimizerState {
  step?: number;
  expAvg?: number[];
  expAvgSq?: number[];
  momentumBuffer?: number[];
  squareAvg?: number[];
}

export interface OptimizerStep {
  params: number[];
  state: OptimizerState;
}

export interface AdamHyper {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}
export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}
export interface RmspropHyper {
  lr: number;
  alpha: number;
  eps: number;
  momentum: number;
  centered: boolean;
  weightDecay: number;
}

interface OptimizerCaseBase {
  name: string;
  /** Number of steps run; step k uses grads[k − 1]. */
  steps: number;
  float64: { steps: OptimizerStep[] };
  float32: { steps: OptimizerStep[] };
}

export type OptimizerCase =
  | (OptimizerCaseBase & { type: 'adam' | 'adamw'; hyper: AdamHyper })
  | (OptimizerCaseBase & { type: 'sgd'; hyper: SgdHyper })
  | (OptimizerCaseBase & { type: 'rmsprop'; hyper: RmspropHyper });

export interface OptimizersFixture {
  format: string;
  kind: 'optimizers';
  name: string;
  description: string;
  /** Initial parameters (24, float32-exact). */
  params: number[];
  /** grads[k] is the gradient fed to step k+1 (3 × 24, float32-exact). */
  grads: number[][];
  cases: OptimizerCase[];
}

export interface ClipResult {
  totalNorm: number;
  /** The factor actually applied: min(maxNorm / (totalNorm + 1e-6), 1). */
  clipCoef: number;
  grads: Record<string, FixtureTensor>;
}

export interface ClipFixture {
  format: string;
  kind: 'clip';
  name: string;
  description: string;
  paramNames: string[];
  grads: Record<string, FixtureTensor>;
  cases: { maxNorm: number; float64: ClipResult; float32: ClipResult }[];
}

interface ScheduleBase {
  name: string;
  lr: number;
  epochs: number;
  /** lrs[k]: the learning rate after k scheduler steps; lrs[0] = lr; length epochs + 1. */
  lrs: number[];
}

export type Schedule =
  | (ScheduleBase & { type: 'step'; options: { stepSize: number; gamma: number } })
  | (ScheduleBase & { type: 'cosine'; options: { tMax: number; etaMin: number } })
  | (ScheduleBase & {
      type: 'plateau';
      options: {
        mode: 'min';
        factor: number;
        patience: number;
        threshold: number;
        thresholdMode: 'rel';
        cooldown: number;
        minLr: number;
        eps: number;
      };
      /** Step k (1-based) receives losses[k−1]. */
      losses: number[];
      stateAfterStep: { best: number; numBadEpochs: number; cooldownCounter: number }[];
    });

export interface SchedulesFixture {
  format: string;
  kind: 'schedules';
  name: string;
  description: string;
  schedules: Schedule[];
}

export interface TrajectoryFixture {
  format: string;
  kind: 'trajectory';
  name: string;
  description: string;
  /** The model fixture whose params, x, targets, lengths and mask are the start point and the fixed batch. */
  modelFixture: ModelFixtureName;
  steps: number;
  optimizer: { type: 'adam' } & AdamHyper;
  clipMaxNorm: number;
  /** losses[k]: loss before update k+1 (losses[0] = the model fixture's float64 loss). */
  losses: number[];
  /** gradNorms[k]: total L2 gradient norm before clipping at update k+1. */
  gradNorms: number[];
  /** Loss at finalParams (after all updates). */
  finalLoss: number;
  paramsAfterFirstStep: Record<string, FixtureTensor>;
  finalParams: Record<string, FixtureTensor>;
}

export const MODEL_FIXTURE_NAMES = [
  'lstm1_dense_mse',
  'lstm2_dense_ce',
  'gru2_dense_huber',
  'text_lstm1_every_ce',
  'lengths_lstm2_last_mse_masked',
  'lengths_text_lstm1_every_ce_masked',
  'lstm1_dense_mae',
] as const;
export type ModelFixtureName = (typeof MODEL_FIXTURE_NAMES)[number];

export const TRAJECTORY_FIXTURE_NAMES = ['trajectory_lstm1_dense_mse', 'trajectory_gru2_dense_huber'] as const;
export type TrajectoryFixtureName = (typeof TRAJECTORY_FIXTURE_NAMES)[number];

/** One layer's activations as PyTorch computed them, batch-first, gates in SeqLab (ONNX) order. */
export interface GateLayer {
  /** Activated gates [B, T, G]: LSTM i, o, f, c̃ (G = 4H); GRU z, r, n (G = 3H). */
  gates: FixtureTensor;
  /** LSTM cell states c_1..c_T [B, T, H]; null for GRU. */
  cells: FixtureTensor | null;
  /** Hidden states h_1..h_T [B, T, H] (the layer's output sequence). */
  hiddens: FixtureTensor;
}

export interface GatesFixture {
  format: string;
  kind: 'gates';
  name: string;
  description: string;
  spec: ModelSpec;
  batch: number;
  seq: number;
  paramNames: string[];
  params: Record<string, FixtureTensor>;
  /** Features [B, T, F], float32-exact. */
  x: FixtureTensor;
  float64: { layers: GateLayer[] };
  float32: { layers: GateLayer[] };
}

export const GATES_FIXTURE_NAMES = ['gates_lstm2', 'gates_gru2'] as const;
export type GatesFixtureName = (typeof GATES_FIXTURE_NAMES)[number];

export type TorchFixtures = { [N in ModelFixtureName]: ModelFixture } & {
  [N in TrajectoryFixtureName]: TrajectoryFixture;
} & {
  [N in GatesFixtureName]: GatesFixture;
} & {
  optimizers: OptimizersFixture;
  clip_grad_norm: ClipFixture;
  lr_schedules: SchedulesFixture;
};
export type TorchFixtureName = keyof TorchFixtures;
