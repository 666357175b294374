// Generates engine/config/schema.generated.ts from schemas/seqlab.schema.json, so the TypeScript types
// follow from the one schema and are never a second hand-written copy. Development only (it needs the
// json-schema-to-typescript devDependency); the runtime never imports this file.
//
// The generated `SeqLabConfig` is the config *after* defaults are applied: every property that has a
// default in the schema is marked required in the copy that is compiled, because the loader fills it in.
// Regenerate with `npm run generate`; test/unit/config/generated.test.ts fails when the
// committed file is out of date.
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import schema from '../../schemas/seqlab.schema.json';

export const GENERATED_TYPES_PATH = 'engine/config/schema.generated.ts';

const BANNER = `// GENERATED from schemas/seqlab.schema.json by engine/config/generateTypes.ts: do not edit.
// Run \`npm run generate\` after changing the schema.
// These are the types of a config after loadConfig() has applied the schema's defaults.`;

type SchemaNode = Record<string, unknown>;

/** A deep copy of the schema in which every property with a default is required. */
export function withDefaultsRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withDefaultsRequired);
  if (node === null || typeof node !== 'object') return node;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) copy[key] = withDefaultsRequired(value);
  const properties = copy.properties as Record<string, SchemaNode> | undefined;
  if (properties) {
    const required = new Set<string>((copy.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      if ('default' in property) required.add(name);
    }
    copy.required = Object.keys(properties).filter((name) => required.has(name));
  }
  return copy;
}

export async function renderConfigTypes(): Promise<string> {
  const resolved = withDefaultsRequired(schema) as JSONSchema;
  return compile(resolved, 'SeqLabConfig', {
    bannerComment: BANNER,
    additionalProperties: false,
    unknownAny: true,
    strictIndexSignatures: true,
    style: { singleQuote: true, printWidth: 120 },
  });
}
