// train.py reaches export folders through trainScript.generated.ts (the bundled CLI has no train.py file
// beside it): the generated file must hold today's train.py. `npm run generate` rewrites it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = path.resolve(__dirname, '../../../engine/pytorch');

describe('trainScript.generated.ts', () => {
  it('holds engine/pytorch/train.py as it is', async () => {
    // @ts-expect-error: a plain .mjs script without type declarations
    const { renderTrainScript } = (await import('../../../engine/pytorch/generate.mjs')) as { renderTrainScript: () => string };
    const fresh = renderTrainScript();
    const file = path.join(here, 'trainScript.generated.ts');
    if (process.env.UPDATE_GENERATED === '1') fs.writeFileSync(file, fresh);
    expect(fs.readFileSync(file, 'utf8'), 'trainScript.generated.ts is out of date: run `npm run generate` and commit the result').toBe(fresh);
  });
});
