// Checks that SeqLab metadata is well typed and self-consistent (array lengths agree with the number
// of features, targets, classes and tokens; scales are finite and positive). The same check runs when
// metadata is written (a bug in the caller) and when it is read (a damaged or foreign file), so a model
// that loads can be run without further guessing.
import type { SeqLabModelMetadata } from './metadataTypes';

export interface Issue {
  field: string;
  message: string;
}

const TASKS = ['forecast', 'classify', 'text'];
const ROLES = ['time', 'feature', 'target', 'label', 'id', 'ignored'];

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
  if (spec.input.kind !== 'tokens' || spec.input.vocab !== size || spec.outputSize !== size) fail('model', `a text model takes and predicts ${size} tokens`);
  if (spec.headOn !== 'every') fail('model', 'a text model predicts at every step (headOn every)');
  if (!io.h0 || !io.hN || (spec.cell === 'lstm' && (!io.c0 || !io.cN))) fail('io', 'a text model names its state inputs and outputs (h0, hN; c0, cN for LSTM)');
}

function checkTabular(meta: Record_, spec: SeqLabModelMetadata['model'], fail: Fail): void {
  const columns = meta.columns;
  if (!Array.isArray(columns) || !columns.every((column) => isObject(column) && isString(column.name)
    && Array.isArray(column.roles) && column.roles.every((role) => ROLES.includes(role as string)))) {
    fail('columns', `expected [{name, roles}] with roles among ${ROLES.join(', ')}`);
  }
  const features = meta.features;
  if (!Array.isArray(features) || features.length === 0
    || !features.every((feature) => isObject(feature) && isString(feature.column) && (feature.level === undefined || isString(feature.level)))) {
    return fail('features', 'expected a non-empty [{column, level?}]');
  }
  const targets = meta.targets;
  if (!isStringArray(targets) || targets.length === 0) return fail('targets', 'expected a non-empty array of column names');
  if (spec.input.kind !== 'features' || spec.input.size !== features.length) fail('model', `the model must take ${features.length} features`);
  if (spec.headOn !== 'last') fail('model', `a ${String(meta.task)} model reads the last step (headOn last)`);
  const norm = meta.normalization;
  if (!isObject(norm)) return fail('normalization', 'expected an object');
  if (!(norm.formulation === 'relative' || norm.formulation === 'absolute')) fail('normalization', 'formulation must be relative or absolute');
  if (!isFiniteArray(norm.featureMean, features.length)) fail('normalization', `featureMean must hold ${features.length} finite numbers`);
  if (!isFiniteArray(norm.featureStd, features.length) || norm.featureStd.some((std) => std <= 0)) {
    fail('normalization', `featureStd must hold ${features.length} positive numbers`);
  }
  if (meta.task === 'forecast') {
    if (!isInt(meta.horizon, 1)) return fail('horizon', 'expected an integer ≥ 1');
    if (spec.outputSize !== meta.horizon * targets.length) fail('model', `outputSize must be horizon × targets = ${meta.horizon * targets.length}`);
    const count = targets.length;
    if (!isFiniteArray(norm.targetMean, count)) fail('normalization', `targetMean must hold ${count} finite numbers`);
    if (!isFiniteArray(norm.targetStd, count) || norm.targetStd.some((std) => std <= 0)) fail('normalization', `targetStd must hold ${count} positive numbers`);
    // Only the relative formulation needs each target's last value; absolute may predict non-features.
    const indices = norm.targetFeatureIndex;
    if ((norm.formulation === 'relative' || indices !== undefined) && !(Array.isArray(indices) && indices.length === count && indices.every((index) => isInt(index, 0) && index < features.length))) {
      fail('normalization', `targetFeatureIndex must give each of the ${count} targets a feature index below ${features.length}`);
    }
  } else {
    const classes = meta.classes;
    if (!isStringArray(classes) || classes.length < 2) return fail('classes', 'expected at least two class labels');
    if (spec.outputSize !== classes.length) fail('model', `outputSize must equal the ${classes.length} classes`);
    if (targets.length !== 1) fail('targets', 'a classifier has exactly one label column');
    if (meta.labelOffset !== undefined && !isInt(meta.labelOffset, 0)) fail('labelOffset', 'expected an integer ≥ 0');
  }
}
