// Types of the module assembly/build.mjs generates (binary.generated.js, not committed).
/** The SIMD kernels' WebAssembly binary, base64. */
export declare const simdWasmBase64: string;
