// Generated files must match what their generators make today:
//  - engine/config/schema.generated.ts, the config types, from schemas/seqlab.schema.json;
//  - samples/*.seqlab.json, the bundled sample configs, from `seqlab init`'s proposal (so a change to the
//    cost model or the defaults shows up in the samples).
// `npm run generate` (UPDATE_GENERATED=1) rewrites them instead of comparing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_PATH, renderConfigTypes, withDefaultsRequired } from '../../../engine/config/generateTypes';
import { proposeConfig } from '../../../engine/config/propose';
import type { Task } from '../../../engine/data/types';

const root = path.resolve(__dirname, '../../..');
const update = process.env.UPDATE_GENERATED === '1';

function compare(file: string, fresh: string): void {
  if (update) fs.writeFileSync(file, fresh);
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  expect(committed, `${path.relative(root, file)} is out of date: run \`npm run generate\` and commit the result`).toBe(fresh);
}

describe('generated config types', () => {
  it('are up to date with schemas/seqlab.schema.json', async () => {
    compare(path.join(root, GENERATED_TYPES_PATH), await renderConfigTypes());
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

/** The sample configs the README's commands use: what `seqlab init` writes for each. */
export const SAMPLE_CONFIGS: { config: string; data: string; task?: Task; targets?: string[] }[] = [
  { config: 'co2-concentration.seqlab.json', data: 'co2-concentration.csv' },
  { config: 'seattle-weather.seqlab.json', data: 'seattle-weather.csv', task: 'classify', targets: ['weather'] },
  { config: 'seattle-temperature.seqlab.json', data: 'seattle-weather.csv', targets: ['temp_max'] },
  { config: 'moby-dick.seqlab.json', data: 'moby-dick.txt' },
];

describe('sample configs', () => {
  it.each(SAMPLE_CONFIGS.map((s) => [s.config, s] as const))('%s is what init proposes', async (_name, sample) => {
    const dir = path.join(root, 'samples');
    const { config } = await proposeConfig({ dataFile: path.join(dir, sample.data), configFile: path.join(dir, sample.config), task: sample.task, targets: sample.targets });
    compare(path.join(dir, sample.config), JSON.stringify(config, null, 2) + '\n');
  });
});
