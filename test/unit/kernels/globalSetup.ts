// Vitest global setup: builds the WebAssembly SIMD kernels (assembly/build.mjs) before any test
// imports them, so `npx vitest run` works on a fresh checkout without `npm run build` first.
// The build skips itself when engine/kernels/simd/binary.generated.js is newer than its sources.
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { buildSimdKernels } = await import('../../../assembly/build.mjs');
  await buildSimdKernels({ quiet: true });
}
