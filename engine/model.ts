// The public face of the model: build, forward, backward, zero-grad (llm.c's gpt2_* verbs).
export { allocateModel, buildModel, initParams, paramShapes, type BuildOptions, type Model } from './model/build';
export { modelForward, modelFinalState, type Batch, type ForwardOptions } from './model/forward';
export { modelBackward, modelZeroGrad } from './model/backward';
export { activationElements } from './model/acts';
export { allocCapture, type LayerCapture, type ModelCapture } from './model/capture';
