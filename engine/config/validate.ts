// Validation of a config against schemas/seqlab.schema.json (ajv), with the schema's defaults applied,
// and messages a user can act on: each names the JSON path and what was expected.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/seqlab.schema.json';
import { SeqLabError } from '../errors';
import type { SeqLabConfig } from './schema.generated';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process: ajv turns the schema into a function, which takes a few milliseconds.
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true }).compile(schema);
  return compiled;
}

/** The schema itself, e.g. for an editor's jsonValidation or for documentation. */
export const configSchema: Readonly<Record<string, unknown>> = schema;

/**
 * Checks `value` against the schema and returns a copy with every default filled in.
 * Throws SeqLabError BAD_CONFIG naming `file` and the JSON path of the first problem (others follow in
 * the message). The input is not modified.
 */
export function applySchema(value: unknown, file: string): SeqLabConfig {
  const checked = checkSchema(value);
  if (checked.config) return checked.config;
  const [first, ...rest] = checked.problems;
  const more = rest.length ? `\n  also: ${rest.slice(0, 4).map((p) => `${p.path}: ${p.message}`).join('\n  also: ')}` : '';
  throw new SeqLabError('BAD_CONFIG', first.message + more, { file, path: first.path });
}

/** Every schema problem of `value` (one per place), or its copy with the defaults filled in. */
export function checkSchema(value: unknown): { config: SeqLabConfig; problems: [] } | { config: null; problems: SchemaProblem[] } {
  const copy: unknown = value === undefined ? undefined : structuredClone(value);
  const validate = validator();
  if (validate(copy)) return { config: copy as SeqLabConfig, problems: [] };
  return { config: null, problems: describeErrors(validate.errors ?? [], copy) };
}

export interface SchemaProblem {
  /** JSON pointer of the value (or of the key that is missing or unknown). */
  path: string;
  message: string;
}

/** One problem per place: an anyOf that failed is reported once, not once per alternative. */
export function describeErrors(errors: ErrorObject[], root: unknown): SchemaProblem[] {
  // An anyOf whose value has the type of one (non-const) alternative reports that alternative's own
  // problems ("items 0 and 1 are the same"); otherwise one line naming all alternatives.
  const hidden: string[] = [];
  const dropped = new Set<ErrorObject>();
  for (const error of errors.filter((e) => e.keyword === 'anyOf')) {
    const data = valueAt(root, error.instancePath);
    const index = (error.schema as Record<string, unknown>[]).findIndex((alt) => !('const' in alt) && sameType(alt.type, data));
    if (index >= 0) {
      dropped.add(error);
      const own = `${error.schemaPath}/${index}/`;
      hidden.push(...(error.schema as unknown[]).map((_, i) => `${error.schemaPath}/${i}/`).filter((prefix) => prefix !== own));
    } else hidden.push(error.schemaPath + '/');
  }
  const kept = errors.filter((e) => !dropped.has(e) && !hidden.some((prefix) => e.schemaPath.startsWith(prefix)));
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const problem = describeError(error, root);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.length ? problems : [{ path: '/', message: 'does not match the SeqLab config schema' }];
}

function describeError(error: ErrorObject, root: unknown): SchemaProblem {
  const at = error.instancePath || '';
  const data = valueAt(root, at);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const key = String(params.additionalProperty);
      return { path: `${at}/${escapePointer(key)}`, message: `unknown key ${JSON.stringify(key)}; expected one of: ${known.join(', ')}` };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const description = describeProperty(error.parentSchema, key);
      return { path: `${at}/${escapePointer(key)}`, message: `missing required key ${JSON.stringify(key)}${description ? ` (${description})` : ''}` };
    }
    case 'type':
      return { path: at || '/', message: `expected ${article(String(params.type))}, got ${describeValue(data)}` };
    case 'enum':
      return { path: at || '/', message: `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(data)}` };
    case 'const':
      return { path: at || '/', message: `expected ${JSON.stringify(params.allowedValue)}, got ${describeValue(data)}` };
    case 'anyOf':
      return { path: at || '/', message: `expected ${(error.schema as Record<string, unknown>[]).map(describeAlternative).join(' or ')}; got ${describeValue(data)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: at || '/', message: `expected a number ${String(params.comparison)} ${String(params.limit)}, got ${describeValue(data)}` };
    case 'minLength':
      return { path: at || '/', message: 'expected a non-empty string' };
    case 'minItems':
    case 'maxItems':
      return { path: at || '/', message: `expected ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} item(s), got ${Array.isArray(data) ? data.length : describeValue(data)}` };
    case 'uniqueItems':
    {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path: at || '/', message: `items ${first} and ${second} are the same (${describeValue(Array.isArray(data) ? data[first] : undefined)}); each may appear once` };
    }
    default:
      return { path: at || '/', message: error.message ?? 'is not valid' };
  }
}

function sameType(type: unknown, value: unknown): boolean {
  if (type === 'array') return Array.isArray(value);
  if (type === 'integer' || type === 'number') return typeof value === 'number';
  if (type === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return typeof value === type;
}

function describeProperty(parentSchema: unknown, key: string): string | undefined {
  const properties = (parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties;
  return properties?.[key]?.description;
}

function describeAlternative(alternative: Record<string, unknown>): string {
  if ('const' in alternative) return JSON.stringify(alternative.const);
  if (alternative.type === 'array') {
    const items = alternative.items as Record<string, unknown> | undefined;
    const min = alternative.minItems as number | undefined;
    return `a list of ${items ? String(items.type) : 'value'}s${min ? ` (at least ${min})` : ''}`;
  }
  if (alternative.type === 'integer' && typeof alternative.minimum === 'number') return `an integer >= ${alternative.minimum}`;
  return article(String(alternative.type));
}

function article(type: string): string {
  return type.split(',').map((t) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)}`;
  return `${typeof value === 'number' && Number.isInteger(value) ? 'the integer' : typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root: unknown, pointer: string): unknown {
  if (!pointer) return root;
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of a config with its keys in the schema's order (for files people read and edit). */
export function inSchemaOrder<T>(value: T, node: Record<string, unknown> = schema as Record<string, unknown>): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) if (key in source) out[key] = inSchemaOrder(source[key], properties[key]);
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out as T;
}
