import type { PredictionPreview } from '../../engine/index';

// What `seqlab predict --out FILE --json` prints on stdout, checked before the host uses it or posts it
// to a panel (a child's output is data, not trusted code). No `vscode` import here, so vitest tests it.

export interface PredictOutput {
  readonly rows: number;
  readonly preview: PredictionPreview;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed output, or undefined when it is not what the CLI prints (the predictions file still stands). */
export function parsePredictOutput(stdout: string): PredictOutput | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !Number.isSafeInteger(parsed.rows) || !isObject(parsed.preview)) return undefined;
  const preview = parsed.preview;
  const shown = preview.shown;
  if (!isObject(shown) || !isStrings(shown.key) || !Array.isArray(shown.actual) || !Array.isArray(shown.predicted)) return undefined;
  const n = shown.key.length;
  if (shown.actual.length !== n || shown.predicted.length !== n || !(shown.time === null || (isStrings(shown.time) && shown.time.length === n))) return undefined;
  if (!(preview.timeColumn === null || typeof preview.timeColumn === 'string')) return undefined;
  const ok = preview.task === 'forecast'
    ? typeof preview.target === 'string' && shown.predicted.every((value) => typeof value === 'number') && shown.actual.every((value) => value === null || typeof value === 'number')
    : preview.task === 'classify' && typeof preview.label === 'string' && isStrings(preview.classes)
      && isStrings(shown.predicted) && shown.actual.every((value) => value === null || typeof value === 'string');
  return ok ? { rows: parsed.rows as number, preview: preview as unknown as PredictionPreview } : undefined;
}
