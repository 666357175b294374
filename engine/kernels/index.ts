// The one door to the matrix kernels. Layers call `kernels.matmulABt(...)` and never know which
// implementation runs: the reference TypeScript loops by default, a faster backend once installed
// with `useKernels`. A backend must give the reference's results within float32 rounding.
import * as reference from './reference';

export type { MatmulDims } from './reference';

export interface Kernels {
  name: string;
  matmulABt: typeof reference.matmulABt;
  matmulAB: typeof reference.matmulAB;
  matmulAtB: typeof reference.matmulAtB;
  sumRows: typeof reference.sumRows;
}

export const referenceKernels: Kernels = { name: 'reference', ...reference };

export const kernels: Kernels = { ...referenceKernels };

/** Installs a backend (only the functions it provides; the rest stay reference). Returns the previous set. */
export function useKernels(backend: Partial<Kernels>): Kernels {
  const previous = { ...kernels };
  Object.assign(kernels, backend);
  return previous;
}
