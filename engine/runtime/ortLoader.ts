// onnxruntime-node, loaded on first use. It is a native addon with binaries for some platforms only
// (1.30: linux x64/arm64, win32 x64/arm64, darwin arm64 — no darwin x64), so nothing imports it at
// module load: training, data, inspect and export keep working where it cannot load, and prediction
// says plainly why it is unavailable.
import { SeqLabError } from '../errors';

export type Ort = typeof import('onnxruntime-node');

let loading: Promise<Ort> | undefined;

export function loadOrt(): Promise<Ort> {
  // The dynamic import stays an import() in vitest and becomes a lazy require() in the esbuild bundle,
  // where onnxruntime-node is external.
  loading ??= import('onnxruntime-node').then(
    (module) => ((module as { default?: Ort }).default ?? module) as Ort,
    (error: unknown) => {
      loading = undefined; // a later call may succeed (e.g. after installing the package)
      throw unavailable(error);
    },
  );
  return loading;
}

export function unavailable(error: unknown): SeqLabError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new SeqLabError('UNAVAILABLE', `onnxruntime-node cannot be loaded on ${process.platform}-${process.arch}: ${detail}`, {},
    'prediction needs onnxruntime-node for this platform (npm install onnxruntime-node); training, data, inspect and export work without it');
}
