// The one door to the matrix kernels. Layers call `kernels.matmulABt(...)` and never know which
// implementation runs: the reference TypeScript loops by default, a faster backend once installed
// with `useKernels`. A backend must give the reference's results within float32 rounding.
import * as cells from './cells';
import * as prepared from './prepared';
import { recurrentSteps, type RecurrentSteps } from './recurrent';
import * as reference from './reference';

export type { MatmulDims, WeightGradientDims } from './reference';
export type { PreparedMatrix } from './prepared';

export interface Kernels {
  name: string;
  matmulABt: typeof reference.matmulABt;
  matmulAB: typeof reference.matmulAB;
  matmulAtB: typeof reference.matmulAtB;
  sumRows: typeof reference.sumRows;
  /** dW (+ dR) += dYᵀ·x (·h) and the bias sum, one pass over dY (reference.ts). */
  weightGradients: typeof reference.weightGradients;
  /** Recurrent weight packed once per pass, then used by every step's product (prepared.ts). */
  prepareMatrix: typeof prepared.prepareMatrix;
  matmulPrepared: typeof prepared.matmulPrepared;
  /** Fused gate nonlinearities + state update of one time step (cells.ts). */
  lstmForwardStep: typeof cells.lstmForwardStep;
  lstmBackwardStep: typeof cells.lstmBackwardStep;
  gruForwardStep: typeof cells.gruForwardStep;
  gruBackwardStep: typeof cells.gruBackwardStep;
  /** A whole LSTM or GRU time step (recurrent product + cell update) in one call (recurrent.ts). */
  lstmForwardRecurrent: RecurrentSteps['lstmForwardRecurrent'];
  lstmBackwardRecurrent: RecurrentSteps['lstmBackwardRecurrent'];
  gruForwardRecurrent: RecurrentSteps['gruForwardRecurrent'];
  gruBackwardRecurrent: RecurrentSteps['gruBackwardRecurrent'];
  /** All T steps of a layer in one call, so a backend can split them over threads by rows (recurrent.ts). */
  lstmForwardSequence: RecurrentSteps['lstmForwardSequence'];
  lstmBackwardSequence: RecurrentSteps['lstmBackwardSequence'];
  gruForwardSequence: RecurrentSteps['gruForwardSequence'];
  gruBackwardSequence: RecurrentSteps['gruBackwardSequence'];
}

const plainKernels = { name: 'reference', ...reference, ...prepared, ...cells };

export const referenceKernels: Kernels = { ...plainKernels, ...recurrentSteps(plainKernels) };

/** The live kernel set every layer calls; `useKernels` swaps implementations in place. */
export const kernels: Kernels = { ...referenceKernels };
// Its composed recurrent steps dispatch through the live set, so a backend that supplies only the
// products and cell steps is used by them too.
Object.assign(kernels, recurrentSteps(kernels));

/** Installs a backend (only the functions it provides; the rest stay reference). Returns the previous set. */
export function useKernels(backend: Partial<Kernels>): Kernels {
  const previous = { ...kernels };
  Object.assign(kernels, backend);
  return previous;
}
