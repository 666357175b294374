// The config types follow from the schema: the committed engine/config/schema.generated.ts must be exactly
// what the generator makes from schemas/seqlab.schema.json today.
// `npm run generate:config-types` (UPDATE_CONFIG_TYPES=1) rewrites it instead of comparing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_PATH, renderConfigTypes, withDefaultsRequired } from '../../../engine/config/generateTypes';

const root = path.resolve(__dirname, '../../..');

describe('generated config types', () => {
  it('are up to date with schemas/seqlab.schema.json', async () => {
    const fresh = await renderConfigTypes();
    const file = path.join(root, GENERATED_TYPES_PATH);
    if (process.env.UPDATE_CONFIG_TYPES === '1') fs.writeFileSync(file, fresh);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    expect(committed, 'run `npm run generate:config-types` and commit the result').toBe(fresh);
  });

  it('mark exactly the defaulted properties required', () => {
    const resolved = withDefaultsRequired({
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string' }, window: { type: 'integer', default: 3 }, note: { type: 'string' } },
    }) as { required: string[] };
    expect(resolved.required).toEqual(['file', 'window']);
  });
});
