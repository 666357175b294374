// A whole recurrent time step (LSTM or GRU) as one kernel call: the product with the prepared recurrent weight and
// the fused cell update (forward), or the cell backward and the product (backward). Rows of a step are
// independent (batch entries), so a backend can split a step over threads by rows with one hand-off
// per step, and keep each row's gates in cache between the product and the cell update.
//
// A layer runs all T steps with one call (the *Sequence functions): a row's state depends only on its
// own earlier steps, so a backend can give each thread whole rows through the whole sequence and let
// the threads meet once per pass instead of once per step.
//
// The reference composes the installed kernels (matmulPrepared + the cell steps), so a backend that
// provides only those still gets them here.
import type { PreparedMatrix } from './prepared';
import type { Floats } from '../tensor';
import type * as cells from './cells';
import type * as prepared from './prepared';

interface Parts {
  matmulPrepared: typeof prepared.matmulPrepared;
  lstmForwardStep: typeof cells.lstmForwardStep;
  lstmBackwardStep: typeof cells.lstmBackwardStep;
  gruForwardStep: typeof cells.gruForwardStep;
  gruBackwardStep: typeof cells.gruBackwardStep;
}
/** A kernel set may bring its own fused steps; the sequences then use those. */
type StepParts = Parts & Partial<Pick<RecurrentSteps, 'lstmForwardRecurrent' | 'lstmBackwardRecurrent' | 'gruForwardRecurrent' | 'gruBackwardRecurrent'>>;

export interface RecurrentSteps {
  /**
   * Step t of an LSTM layer: gates row t += h_{t−1}·Rᵀ (skipped when `skipProduct`: h₀ = 0), then
   * lstmForwardStep. `recurrent` is R [4H, H] prepared with transposed = true.
   */
  lstmForwardRecurrent(gates: Floats, cells: Floats, tanhCells: Floats, hiddens: Floats, recurrent: PreparedMatrix, t: number, B: number, H: number, skipProduct: boolean): void;
  /** Step t backward: lstmBackwardStep, then dHidden = dGates_t·R (`recurrent` prepared with transposed = false). */
  lstmBackwardRecurrent(
    dGates: Floats, gates: Floats, cells: Floats, tanhCells: Floats, dY: Floats, dHidden: Floats, dCell: Floats,
    recurrent: PreparedMatrix, t: number, B: number, H: number,
  ): void;
  /**
   * Step t of a GRU layer: hiddenGates row t = Rb + h_{t−1}·Rᵀ (the product skipped when
   * `skipProduct`), then gruForwardStep. `recurrent` is R [3H, H] prepared with transposed = true.
   */
  gruForwardRecurrent(inputGates: Floats, hiddenGates: Floats, hiddens: Floats, Rb: Floats, recurrent: PreparedMatrix, t: number, B: number, H: number, skipProduct: boolean): void;
  /** Step t backward: gruBackwardStep, then dHidden += d(ha)_t·R (`recurrent` prepared with transposed = false). */
  gruBackwardRecurrent(
    dInputGates: Floats, dHiddenGates: Floats, dHidden: Floats, inputGates: Floats, hiddenGates: Floats, hiddens: Floats, dY: Floats,
    recurrent: PreparedMatrix, t: number, B: number, H: number,
  ): void;
  /** Steps 0..T−1 of lstmForwardRecurrent (`skipFirstProduct`: h₀ = 0). */
  lstmForwardSequence(gates: Floats, cells: Floats, tanhCells: Floats, hiddens: Floats, recurrent: PreparedMatrix, T: number, B: number, H: number, skipFirstProduct: boolean): void;
  /** Steps T−1..0 of lstmBackwardRecurrent. */
  lstmBackwardSequence(
    dGates: Floats, gates: Floats, cells: Floats, tanhCells: Floats, dY: Floats, dHidden: Floats, dCell: Floats,
    recurrent: PreparedMatrix, T: number, B: number, H: number,
  ): void;
  /** Steps 0..T−1 of gruForwardRecurrent (`skipFirstProduct`: h₀ = 0). */
  gruForwardSequence(inputGates: Floats, hiddenGates: Floats, hiddens: Floats, Rb: Floats, recurrent: PreparedMatrix, T: number, B: number, H: number, skipFirstProduct: boolean): void;
  /** Steps T−1..0 of gruBackwardRecurrent. */
  gruBackwardSequence(
    dInputGates: Floats, dHiddenGates: Floats, dHidden: Floats, inputGates: Floats, hiddenGates: Floats, hiddens: Floats, dY: Floats,
    recurrent: PreparedMatrix, T: number, B: number, H: number,
  ): void;
}

/**
 * The composed steps and sequences, dispatching through `parts` (the live kernel set) at call time:
 * the sequences run `parts`' own steps where it has them (a backend's fused ones), these otherwise.
 */
export function recurrentSteps(parts: StepParts): RecurrentSteps {
  const steps: RecurrentSteps = {
    lstmForwardRecurrent(gates, cellsBuf, tanhCells, hiddens, recurrent, t, B, H, skipProduct) {
      if (!skipProduct) {
        const G = 4 * H;
        parts.matmulPrepared(gates.subarray(t * B * G, (t + 1) * B * G), hiddens.subarray(t * B * H, (t + 1) * B * H), recurrent, B, true);
      }
      parts.lstmForwardStep(gates, cellsBuf, tanhCells, hiddens, t, B, H);
    },
    lstmBackwardRecurrent(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, t, B, H) {
      const G = 4 * H;
      parts.lstmBackwardStep(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, t, B, H);
      parts.matmulPrepared(dHidden, dGates.subarray(t * B * G, (t + 1) * B * G), recurrent, B, false);
    },
    gruForwardRecurrent(inputGates, hiddenGates, hiddens, Rb, recurrent, t, B, H, skipProduct) {
      const G = 3 * H;
      const ha = hiddenGates.subarray(t * B * G, (t + 1) * B * G);
      for (let b = 0; b < B; b++) ha.set(Rb, b * G);
      if (!skipProduct) parts.matmulPrepared(ha, hiddens.subarray(t * B * H, (t + 1) * B * H), recurrent, B, true);
      parts.gruForwardStep(inputGates, hiddenGates, hiddens, t, B, H);
    },
    gruBackwardRecurrent(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, t, B, H) {
      const G = 3 * H;
      parts.gruBackwardStep(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H);
      parts.matmulPrepared(dHidden, dHiddenGates.subarray(t * B * G, (t + 1) * B * G), recurrent, B, true);
    },
    lstmForwardSequence(gates, cellsBuf, tanhCells, hiddens, recurrent, T, B, H, skipFirstProduct) {
      const step = parts.lstmForwardRecurrent ?? steps.lstmForwardRecurrent;
      for (let t = 0; t < T; t++) step(gates, cellsBuf, tanhCells, hiddens, recurrent, t, B, H, t === 0 && skipFirstProduct);
    },
    lstmBackwardSequence(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, T, B, H) {
      const step = parts.lstmBackwardRecurrent ?? steps.lstmBackwardRecurrent;
      for (let t = T - 1; t >= 0; t--) step(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, t, B, H);
    },
    gruForwardSequence(inputGates, hiddenGates, hiddens, Rb, recurrent, T, B, H, skipFirstProduct) {
      const step = parts.gruForwardRecurrent ?? steps.gruForwardRecurrent;
      for (let t = 0; t < T; t++) step(inputGates, hiddenGates, hiddens, Rb, recurrent, t, B, H, t === 0 && skipFirstProduct);
    },
    gruBackwardSequence(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, T, B, H) {
      const step = parts.gruBackwardRecurrent ?? steps.gruBackwardRecurrent;
      for (let t = T - 1; t >= 0; t--) step(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, t, B, H);
    },
  };
  return steps;
}
