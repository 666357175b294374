// SeqLab's metadata inside an ONNX file: ModelProto.metadata_props, one key per field, each value a
// JSON text. It is the source of truth for running a model (onnxruntime-node cannot read
// metadata_props, so SeqLab decodes them itself; other runtimes show them as custom metadata).
// Keys are documented in engine/onnx/README.md; `seqlab.format` versions the whole set.
import type { SeqLabModelMetadata, TextSampling } from './metadataTypes';
import { validateMetadata, type Issue } from './metadataCheck';
import { SeqLabError } from '../errors';

export * from './metadataTypes';

export const METADATA_FORMAT = 1;

/** metadata_props key for each field; the order here is the order they are written in. */
export const METADATA_KEYS = {
  formatVersion: 'seqlab.format',
  task: 'seqlab.task',
  engineVersion: 'seqlab.engine_version',
  configHash: 'seqlab.config_hash',
  model: 'seqlab.model',
  io: 'seqlab.io',
  window: 'seqlab.window',
  horizon: 'seqlab.horizon',
  labelOffset: 'seqlab.label_offset',
  columns: 'seqlab.columns',
  inputColumns: 'seqlab.input_columns',
  normalization: 'seqlab.normalization',
  time: 'seqlab.time',
  label: 'seqlab.label',
  sequenceId: 'seqlab.sequence_id',
  classes: 'seqlab.classes',
  vocabulary: 'seqlab.vocabulary',
  sampling: 'seqlab.sampling',
  metrics: 'seqlab.metrics',
  config: 'seqlab.config',
} as const satisfies Record<keyof SeqLabModelMetadata, string>;

/** Text generation without a recorded or given setting: schemas/seqlab.schema.json export.sampling says the same. */
export const DEFAULT_SAMPLING: Readonly<TextSampling> = Object.freeze({ prompt: '\n', length: 200, temperature: 0.8 });

/** A text model's generation defaults: as recorded at export, else DEFAULT_SAMPLING (older models). */
export function samplingOf(metadata: SeqLabModelMetadata): TextSampling {
  return { ...DEFAULT_SAMPLING, ...metadata.sampling };
}

type Field = keyof typeof METADATA_KEYS;
const FIELDS = Object.keys(METADATA_KEYS) as Field[];

/** The metadata as metadata_props entries (fields that are undefined are left out). */
export function metadataToProps(metadata: SeqLabModelMetadata): { key: string; value: string }[] {
  const issues = validateMetadata(metadata);
  if (issues.length > 0) throw new Error(`SeqLab metadata is inconsistent: ${formatIssues(issues)}`);
  const props: { key: string; value: string }[] = [];
  for (const field of FIELDS) {
    const value = metadata[field];
    if (value !== undefined) props.push({ key: METADATA_KEYS[field], value: JSON.stringify(value) });
  }
  return props;
}

/** True when the props carry SeqLab metadata at all (a plain ONNX file has none). */
export function hasSeqLabMetadata(props: { key?: string }[]): boolean {
  return props.some((prop) => prop.key === METADATA_KEYS.formatVersion);
}

/**
 * Reads and checks SeqLab metadata; anything missing, unparsable or inconsistent is a
 * SeqLabError('BAD_MODEL') naming the key. Keys SeqLab does not know are ignored (other tools may add
 * their own metadata_props).
 */
export function metadataFromProps(props: { key?: string; value?: string }[], file?: string): SeqLabModelMetadata {
  const where = file === undefined ? {} : { file };
  const byKey = new Map<string, string>();
  for (const { key, value } of props) {
    if (key === undefined || !key.startsWith('seqlab.')) continue;
    if (byKey.has(key)) throw new SeqLabError('BAD_MODEL', `metadata_props has the key ${key} twice`, where);
    byKey.set(key, value ?? '');
  }
  if (!byKey.has(METADATA_KEYS.formatVersion)) {
    throw new SeqLabError('BAD_MODEL', 'this ONNX file has no SeqLab metadata (metadata_props key seqlab.format)', where,
      'SeqLab runs models it exported, or models given SeqLab metadata (see scripts/make_onnx_interop.py)');
  }
  const parsed: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const key = METADATA_KEYS[field];
    const text = byKey.get(key);
    if (text === undefined) continue;
    try {
      parsed[field] = JSON.parse(text);
    } catch {
      throw new SeqLabError('BAD_MODEL', `metadata_props ${key} is not valid JSON`, where);
    }
  }
  if (parsed.formatVersion !== METADATA_FORMAT) {
    throw new SeqLabError('BAD_MODEL', `metadata_props seqlab.format is ${JSON.stringify(parsed.formatVersion)}; this SeqLab reads format ${METADATA_FORMAT}`, where,
      'the model was written by a newer SeqLab; update SeqLab');
  }
  const issues = validateMetadata(parsed);
  if (issues.length > 0) throw new SeqLabError('BAD_MODEL', `SeqLab metadata is invalid: ${formatIssues(issues)}`, where);
  return parsed as unknown as SeqLabModelMetadata;
}

function formatIssues(issues: Issue[]): string {
  const shown = issues.slice(0, 3).map(({ field, message }) => `${METADATA_KEYS[field as Field] ?? field}: ${message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

