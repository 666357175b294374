// The engine's version, written into checkpoints and ONNX metadata. Bump with package.json.
export const ENGINE_VERSION = '0.1.0';
