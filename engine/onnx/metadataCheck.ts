// Checks that SeqLab metadata is well typed and self-consistent (array lengths agree with the number
// of features, targets, classes and tokens; scales are finite and positive). The same check runs when
// metadata is written (a bug in the caller) and when it is read (a damaged or foreign file), so a model
// that loads can be run without further guessing.
import type { SeqLabModelMetadata } from './metadataTypes';
import { timeFormatNames } from '../data/csv/timeFormats';

const KNOWN_TIME_FORMATS = new Set(timeFormatNames().filter((name) => name !== 'auto' && name !== 'number'));

export interface Issue {
  field: string;
  message: string;
}

const TASKS = ['forecast', 'classify', 'text'];

type Record_ = Record<string, unknown>;

const isObject = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isFiniteArray = (value: unknown, length: number): value is number[] =>
  Array.isArray(value) && value.length === length && value.every((item) => typeof item === 'number' && Number.isFinite(item));

export function validateMetadata(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const fail = (field: string, message: string): void => void issues.push({ field, message });
  if (!isObject(value)) return [{ field: 'metadata', message: 'expected an object' }];
  const meta = value as Partial<Record<keyof SeqLabModelMetadata, unknown>>;

  if (!isInt(meta.formatVersion, 1)) fail('formatVersion', 'expected a positive integer');
  if (!TASKS.includes(meta.task as string)) fail('task', `expected one of ${TASKS.join(', ')}`);
  if (!isString(meta.engineVersion)) fail('engineVersion', 'expected a string');
  if (!isString(meta.configHash)) fail('configHash', 'expected a string');
  if (!isInt(meta.window, 1)) fail('window', 'expected an integer ≥ 1');
  checkSpec(meta.model, fail);
  checkIo(meta.io, fail);
  if (meta.metrics !== undefined && !isObject(meta.metrics)) fail('metrics', 'expected an object');
  if (issues.length > 0) return issues;

  const spec = meta.model as SeqLabModelMetadata['model'];
  const io = meta.io as SeqLabModelMetadata['io'];
  if (meta.task === 'text') {
    checkText(meta, spec, io, fail);
  } else {
    checkTabular(meta, spec, fail);
  }
  return issues;
}

type Fail = (field: string, message: string) => void;

function checkSpec(spec: unknown, fail: Fail): void {
  if (!isObject(spec)) return fail('model', 'expected an object');
  const input = spec.input;
  const inputOk = isObject(input)
    && ((input.kind === 'features' && isInt(input.size, 1)) || (input.kind === 'tokens' && isInt(input.vocab, 1) && isInt(input.embed, 1)));
  if (!(spec.cell === 'lstm' || spec.cell === 'gru')) fail('model', 'cell must be lstm or gru');
  if (!inputOk) fail('model', 'input must be {kind: features, size} or {kind: tokens, vocab, embed}');
  if (!isInt(spec.hiddenSize, 1) || !isInt(spec.layers, 1) || !isInt(spec.outputSize, 1)) fail('model', 'hiddenSize, layers and outputSize must be positive integers');
  if (!(spec.headOn === 'last' || spec.headOn === 'every')) fail('model', 'headOn must be last or every');
  if (typeof spec.dropout !== 'number' || typeof spec.forgetBias !== 'number') fail('model', 'dropout and forgetBias must be numbers');
}

function checkIo(io: unknown, fail: Fail): void {
  if (!isObject(io)) return fail('io', 'expected an object');
  if (!isString(io.input) || io.input === '' || !isString(io.output) || io.output === '') fail('io', 'input and output must name graph values');
  for (const key of ['lengths', 'normalized', 'logits', 'probabilities', 'h0', 'c0', 'hN', 'cN']) {
    if (io[key] !== undefined && (!isString(io[key]) || io[key] === '')) fail('io', `${key} must name a graph value`);
  }
}

function checkText(meta: Record_, spec: SeqLabModelMetadata['model'], io: SeqLabModelMetadata['io'], fail: Fail): void {
  const vocabulary = meta.vocabulary;
  if (!isObject(vocabulary) || !isStringArray(vocabulary.tokens) || vocabulary.tokens.length === 0) {
    return fail('vocabulary', 'expected {tokens: string[], unknown}');
  }
  const size = vocabulary.tokens.length;
  if (!isInt(vocabulary.unknown, 0) || vocabulary.unknown >= size) fail('vocabulary', `unknown must be a token index below ${size}`);
  const tokenizer = vocabulary.tokenizer;
  if (tokenizer !== undefined && !(isObject(tokenizer) && (tokenizer.type === 'char' || tokenizer.type === 'word') && typeof tokenizer.lowercase === 'boolean')) {
    fail('vocabulary', 'tokenizer must be {type: char | word, lowercase: boolean}');
  }
  if (spec.input.kind !== 'tokens' || spec.input.vocab !== size || spec.outputSize !== size) fail('model', `a text model takes and predicts ${size} tokens`);
  if (spec.headOn !== 'every') fail('model', 'a text model predicts at every step (headOn every)');
  const sampling = meta.sampling;
  if (sampling !== undefined && !(isObject(sampling) && isString(sampling.prompt) && sampling.prompt !== '' && isInt(sampling.length, 1) && sampling.length <= 100_000
    && typeof sampling.temperature === 'number' && sampling.temperature >= 0 && sampling.temperature <= 100)) {
    fail('sampling', 'expected {prompt: a non-empty string, length: 1 to 100000, temperature: 0 to 100}');
  }
  if (!io.h0 || !io.hN || (spec.cell === 'lstm' && (!io.c0 || !io.cN))) fail('io', 'a text model names its state inputs and outputs (h0, hN; c0, cN for LSTM)');
}

function checkTabular(meta: Record_, spec: SeqLabModelMetadata['model'], fail: Fail): void {
  const columns = meta.columns;
  if (columns !== undefined && !(Array.isArray(columns) && columns.every((column) => isObject(column) && isString(column.name) && isString(column.kind) && isString(column.role)))) {
    fail('columns', 'expected [{name, kind, role}]');
  }
  if (spec.input.kind !== 'features') return fail('model', `a ${String(meta.task)} model takes features`);
  const F = spec.input.size;
  if (spec.headOn !== 'last') fail('model', `a ${String(meta.task)} model reads the last step (headOn last)`);
  checkInputColumns(meta.inputColumns, F, fail);
  checkTime(meta.time, fail);
  const norm = meta.normalization;
  if (!isObject(norm) || !isObject(norm.features) || !isObject(norm.targets)) return fail('normalization', 'expected {formulation, scaling, features, targets}');
  if (!(norm.formulation === 'relative' || norm.formulation === 'absolute')) fail('normalization', 'formulation must be relative or absolute');
  if (!(norm.scaling === 'standard' || norm.scaling === 'none')) fail('normalization', 'scaling must be standard or none');
  const { features, targets } = norm;
  if (!isStringArray(features.names) || features.names.length !== F) fail('normalization', `features.names must name the model's ${F} features`);
  if (!isFiniteArray(features.mean, F)) fail('normalization', `features.mean must hold ${F} finite numbers`);
  if (!isFiniteArray(features.std, F) || features.std.some((std) => std <= 0)) fail('normalization', `features.std must hold ${F} positive numbers`);
  if (!(Array.isArray(features.relative) && features.relative.length === F && features.relative.every((flag) => typeof flag === 'boolean'))) {
    fail('normalization', `features.relative must hold ${F} booleans`);
  } else if (norm.formulation === 'absolute' && features.relative.some(Boolean)) {
    fail('normalization', 'an absolute formulation has no relative features');
  }
  const K = isStringArray(targets.names) ? targets.names.length : -1;
  if (K < 0) return fail('normalization', 'targets.names must be an array of column names');
  if (!isFiniteArray(targets.mean, K)) fail('normalization', `targets.mean must hold ${K} finite numbers`);
  if (!isFiniteArray(targets.std, K) || targets.std.some((std) => std <= 0)) fail('normalization', `targets.std must hold ${K} positive numbers`);
  const indices = targets.featureIndex;
  if (!(Array.isArray(indices) && indices.length === K && indices.every((index) => isInt(index, 0) && index < F))) {
    fail('normalization', `targets.featureIndex must give each of the ${K} targets a feature index below ${F}`);
  }
  if (meta.task === 'forecast') {
    if (K === 0) fail('normalization', 'a forecast has at least one target');
    if (!isInt(meta.horizon, 1)) return fail('horizon', 'expected an integer ≥ 1');
    if (spec.outputSize !== meta.horizon * K) fail('model', `outputSize must be horizon × targets = ${meta.horizon * K}`);
    return;
  }
  if (!isString(meta.label)) fail('label', 'expected the label column name');
  if (!(meta.sequenceId === undefined || meta.sequenceId === null || isString(meta.sequenceId))) fail('sequenceId', 'expected a column name or null');
  if (meta.labelOffset !== undefined && !isInt(meta.labelOffset, 0)) fail('labelOffset', 'expected an integer ≥ 0');
  const classes = meta.classes;
  if (!isStringArray(classes) || classes.length < 2) return fail('classes', 'expected at least two class labels');
  if (spec.outputSize !== classes.length) fail('model', `outputSize must equal the ${classes.length} classes`);
}

/** Numeric columns take one feature slot and one-hot columns one per level, in order, covering 0..F−1. */
function checkInputColumns(value: unknown, F: number, fail: Fail): void {
  let next = 0;
  const ok = Array.isArray(value) && value.every((input) => {
    if (!isObject(input) || !isString(input.column) || input.feature !== next) return false;
    if (input.kind === 'numeric') next += 1;
    else if (input.kind === 'onehot' && isStringArray(input.levels) && input.levels.length > 0) next += input.levels.length;
    else return false;
    return true;
  });
  if (!ok || next !== F) fail('inputColumns', `expected [{column, kind: numeric | onehot, levels?, feature}] covering the ${F} features in order`);
}

function checkTime(value: unknown, fail: Fail): void {
  if (value === undefined || value === null) return;
  const spacing = isObject(value) ? value.spacing : undefined;
  const ok = isObject(value) && isString(value.column) && (value.kind === 'date' || value.kind === 'number')
    && ['month', 'day', 'datetime'].includes(value.grain as string) && isString(value.first) && isString(value.last)
    && (spacing === null || (isObject(spacing) && ['month', 'ms', 'number'].includes(spacing.unit as string) && typeof spacing.step === 'number' && spacing.step > 0));
  if (!ok) return fail('time', 'expected null or {column, columns?, kind, grain, format?, spacing, first, last}');
  const { columns, format } = value;
  if (columns !== undefined && !(isStringArray(columns) && columns.length === 2 && columns[0] === value.column)) fail('time', 'columns must list the two time columns, the first being column');
  // Absent in models from before the format was recorded; one this SeqLab does not know is from a newer one.
  if (format !== undefined && !(isString(format) && KNOWN_TIME_FORMATS.has(format))) fail('time', `format ${JSON.stringify(format)} is not a time format this SeqLab knows (update SeqLab)`);
}
