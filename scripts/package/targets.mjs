// The platforms a SeqLab VSIX can be built for, and which of onnxruntime-node's files each one ships.
// onnxruntime-node 1.30 carries CPU binaries for these five inside its npm package (bin/napi-v6/<os>/<cpu>/);
// GPU providers (CUDA, TensorRT) are never in the package (.npmrc skips its installer that would fetch
// them), and the Windows DirectML files are left out: SeqLab runs the CPU provider only, and
// onnxruntime.dll does not import DirectML.dll (the DirectML provider loads it only when asked for).

/** VS Code target → [process.platform, process.arch, the native files beside the binding]. */
export const TARGETS = {
  'linux-x64': ['linux', 'x64', ['libonnxruntime.so.1']],
  'linux-arm64': ['linux', 'arm64', ['libonnxruntime.so.1']],
  'darwin-arm64': ['darwin', 'arm64', ['libonnxruntime.1.dylib']],
  'win32-x64': ['win32', 'x64', ['onnxruntime.dll']],
  'win32-arm64': ['win32', 'arm64', ['onnxruntime.dll']],
};

/**
 * The files of onnxruntime-node and onnxruntime-common that run on `target`, relative to node_modules:
 * the two packages' manifests and CommonJS code, the N-API binding and the onnxruntime library it links.
 */
export function onnxruntimeFiles(target, listDir) {
  const entry = TARGETS[target];
  if (!entry) throw new Error(`unknown target ${target}; one of: ${Object.keys(TARGETS).join(', ')}`);
  const [os, cpu, libraries] = entry;
  const js = (dir) => listDir(dir).filter((name) => name.endsWith('.js')).map((name) => `${dir}/${name}`);
  const native = `onnxruntime-node/bin/napi-v6/${os}/${cpu}`;
  return [
    'onnxruntime-node/package.json',
    ...js('onnxruntime-node/dist'),
    `${native}/onnxruntime_binding.node`,
    ...libraries.map((name) => `${native}/${name}`),
    'onnxruntime-common/package.json',
    'onnxruntime-common/dist/cjs/package.json',
    ...js('onnxruntime-common/dist/cjs'),
  ];
}
