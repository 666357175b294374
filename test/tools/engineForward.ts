import { classifyProbabilities } from '../../engine/eval/evaluate';
import { modelForward } from '../../engine/model';
import { installRunKernels } from '../../engine/runs/kernels';
import { RunFolder } from '../../engine/runs/runFolder';
import { openRunData } from '../../engine/runs/runData';
import { kernelsOf, readTrainingCheckpoint, restoreTrainingState } from '../../engine/train/state';

// `node out/test/tools/engineForward.js <run-dir> [windows]`: what the engine's own forward pass says
// on a run's best weights (from checkpoint.bin, not model.onnx) for the first test windows of the run's
// data, as JSON on stdout. The tests compare Predict's output (onnxruntime, in a seqlab child) with it:
//   forecast  [{ seriesRow, values }]  seriesRow: the 0-based row predicted (the row after the window)
//                                in the prepared series, where a regular time column's gaps are rows
//                                too (so the caller maps it to a time, not to a line of the file);
//                                values: each horizon step and target in original units, step-major
//   classify  [{ probabilities }] one per window (the data layer does not expose a window's rows)
// Bundled by test/tools/build-tests.mjs (the engine is TypeScript), run by the suites' Node.

async function main(): Promise<void> {
  const [runDir, count = '5'] = process.argv.slice(2);
  const run = RunFolder.open(runDir);
  const { data } = await openRunData(run);
  const checkpoint = readTrainingCheckpoint(run.readCheckpoint(), run.file('checkpoint'));
  const kernels = installRunKernels(kernelsOf(checkpoint));
  try {
    const { state } = restoreTrainingState(checkpoint, kernels.allocator);
    const model = state.model;
    model.params.set(state.best.params);
    const windows = Int32Array.from({ length: Math.min(Number(count), data.splits.test.windows) }, (_, w) => w);
    if (data.task === 'forecast') {
      const T = data.window;
      const x = model.allocator.floats(model.dtype, windows.length * T * data.input.size);
      const y = model.allocator.floats(model.dtype, windows.length * data.outputSize);
      data.fillBatch('test', windows, x, y);
      const out = modelForward(model, { B: windows.length, T, x }, { training: false });
      const values = new Float64Array(windows.length * data.outputSize);
      data.toOriginal('test', windows, out, values);
      const O = data.outputSize;
      console.log(JSON.stringify(Array.from(windows, (w) => ({ seriesRow: data.lastRow('test', w) + 1, values: Array.from(values.subarray(w * O, (w + 1) * O)) }))));
    } else if (data.task === 'classify') {
      const C = data.classNames.length;
      const p = classifyProbabilities(model, data, 'test', windows);
      console.log(JSON.stringify(Array.from(windows, (w) => ({ probabilities: Array.from(p.subarray(w * C, (w + 1) * C)) }))));
    } else {
      throw new Error('text models are checked against seqlab sample, not here');
    }
  } finally {
    kernels.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
