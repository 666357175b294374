// Builds the SeqLab side of the bench: the SIMD kernels (assembly/build.mjs) and bench/seqlab.ts
// bundled by esbuild into dist/bench/seqlab.cjs (the engine is TypeScript). Shared by run.mjs and
// instructions.mjs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** Builds `bench/<name>.ts` into dist/bench/<name>.cjs; returns its path. */
export async function buildBenchScript(name) {
  const { buildSimdKernels } = await import('../assembly/build.mjs');
  await buildSimdKernels({ quiet: true });
  const esbuild = require('esbuild');
  const outfile = join(root, `dist/bench/${name}.cjs`);
  await esbuild.build({
    entryPoints: [join(root, `bench/${name}.ts`)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning',
    external: ['onnxruntime-node'],
  });
  return outfile;
}

export const buildSeqlab = () => buildBenchScript('seqlab');
