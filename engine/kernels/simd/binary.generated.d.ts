// Types of the module assembly/build.mjs generates (binary.generated.js, not committed).
/** The SIMD kernels' WebAssembly binary, base64: baseline SIMD (mul + add). */
export declare const simdWasmBase64: string;
/** The same kernels built with relaxed SIMD (fused multiply-add in the matrix products). */
export declare const simdRelaxedWasmBase64: string;
