// Entry point of SeqLab's WebAssembly SIMD kernels (built by assembly/build.mjs into
// engine/kernels/simd/binary.generated.js). The JS side is engine/kernels/simd/backend.ts.
export { MR, NR, KC, MC, NC, SCRATCH_BYTES, gemm, gemmPacked, packWhole, packedBytes, sumRows, weightGradients, weightGradientsFit } from './gemm';
export {
  lstmForwardStep, lstmBackwardStep, gruForwardStep, gruBackwardStep, lstmForwardRows, lstmBackwardRows, gruForwardRows, gruBackwardRows,
  lstmForwardSequenceRows, lstmBackwardSequenceRows, gruForwardSequenceRows, gruBackwardSequenceRows,
} from './cells';
export { sexp, ssigmoid, stanh } from './vmath';

/** End of the module's static data (the constant table); the JS arena allocates only above it. */
export function staticDataEnd(): usize {
  return __heap_base;
}
