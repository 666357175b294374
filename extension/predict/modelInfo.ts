import type { SeqLabModelMetadata } from '../../engine/index';

// What `seqlab inspect --json` reports about .onnx files (read in a child process, never in the host),
// checked before the host uses it, and the words the model picker shows for each model. No `vscode`
// import here, so vitest can test it.

export type InspectedModel =
  | { readonly file: string; readonly metadata: SeqLabModelMetadata }
  | { readonly file: string; readonly error: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const TASKS: readonly string[] = ['forecast', 'classify', 'text'];

/**
 * Parses `seqlab inspect --json --require-seqlab` output for `files`: one object for one file, an array
 * for several. A file missing from the output, or an entry of the wrong shape, becomes an error entry.
 */
export function parseInspectOutput(stdout: string, files: readonly string[]): InspectedModel[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return files.map((file) => ({ file, error: 'seqlab inspect printed no JSON' }));
  }
  const entries = files.length === 1 && isObject(parsed) ? [parsed] : Array.isArray(parsed) ? parsed : [];
  return files.map((file, i) => {
    const entry: unknown = entries[i];
    if (!isObject(entry) || entry.file !== file) return { file, error: 'seqlab inspect did not report this file' };
    if (typeof entry.error === 'string') return { file, error: entry.error };
    const metadata = entry.metadata;
    if (!isObject(metadata) || !TASKS.includes(metadata.task as string)) return { file, error: 'not a SeqLab model' };
    return { file, metadata: metadata as unknown as SeqLabModelMetadata };
  });
}

/** What the model does, in a few words: "forecast co2 (3 steps)", "classify weather: rain, sun", "text (65 characters)". */
export function describeTask(meta: SeqLabModelMetadata): string {
  if (meta.task === 'text') return `text (${meta.vocabulary?.tokens.length ?? 0} characters)`;
  if (meta.task === 'classify') {
    const classes = meta.classes ?? [];
    const shown = classes.slice(0, 5).join(', ') + (classes.length > 5 ? `, +${classes.length - 5}` : '');
    return `classify ${meta.label ?? ''}: ${shown}`;
  }
  const steps = meta.horizon ?? 1;
  return `forecast ${(meta.normalization?.targets.names ?? []).join(', ')}${steps > 1 ? ` (${steps} steps)` : ''}`;
}

/** The task's headline validation metric as recorded at export: "val MAE 0.319", "val accuracy 65.1 %", "val 2.75 bits/char". */
export function headlineMetric(meta: SeqLabModelMetadata): string | undefined {
  const val = meta.metrics?.val;
  const value = (name: string): number | undefined => (typeof val?.[name] === 'number' && Number.isFinite(val[name]) ? val[name] : undefined);
  const round = (x: number) => Number(x.toPrecision(3));
  if (meta.task === 'forecast') {
    const mae = value('mae');
    return mae === undefined ? undefined : `val MAE ${round(mae)}`;
  }
  if (meta.task === 'classify') {
    const accuracy = value('accuracy');
    return accuracy === undefined ? undefined : `val accuracy ${(accuracy * 100).toFixed(1)} %`;
  }
  const bits = value('bitsPerChar');
  return bits === undefined ? undefined : `val ${round(bits)} bits/char`;
}
