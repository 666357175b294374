// A whole recurrent time step (LSTM or GRU) as one kernel call: the product with the prepared recurrent weight and
// the fused cell update (forward), or the cell backward and the product (backward). Rows of a step are
// independent (batch entries), so a backend can split a step over threads by rows with one hand-off
// per step, and keep each row's gates in cache between the product and the cell update.
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
}

/** The composed steps, dispatching through `parts` (the live kernel set) at call time. */
export function recurrentSteps(parts: Parts): RecurrentSteps {
  return {
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
  };
}
