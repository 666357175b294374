// `seqlab predict --rolling` streams, and its process keeps V8's young generation at its first size
// (engine/cli/main.ts, keepYoungGenerationSmall). Without that, V8 doubles the semi-spaces as survivors
// add up and a long file reaches the 16 MB maximum: 28 MB resident of the 150 MB predict may use. The
// real bundled CLI in a child process, as bin/seqlab.js runs it, on 36,000 monthly rows (without the
// setting its new space ends at 16 MiB; with it, at 4 MiB or less). A heap figure at exit, not a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { buildCli } from '../helpers/cliSync';

const ROOT = path.join(__dirname, '../../..');
const OUT = path.join(ROOT, 'test/artifacts/predict-young-generation');
const MODEL = path.join(ROOT, 'test/fixtures/onnx/exports/forecast-lstm-relative-2l.onnx'); // date (monthly) → temp, rain, co2
const NEW_SPACE_AT_EXIT = `process.on('exit', () => process.stderr.write('new_space=' + require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'));`;

let cli: Awaited<ReturnType<typeof buildCli>>;

beforeAll(async () => {
  cli = await buildCli(OUT);
  fs.writeFileSync(path.join(OUT, 'new-space.js'), NEW_SPACE_AT_EXIT);
  const rows = Array.from({ length: 36_000 }, (_, i) => {
    const month = `${1000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    return `${month},${(10 + 8 * Math.sin(i / 1.9)).toFixed(2)},${i % 3},${400 + (i % 50)}`;
  });
  fs.writeFileSync(path.join(OUT, 'long.csv'), ['date,temp,rain,co2', ...rows].join('\n') + '\n');
}, 120_000);

test('predict --rolling over 36,000 rows ends with its new space at 4 MiB or less', () => {
  const out = path.join(OUT, 'predictions.csv');
  const result = cli(['predict', MODEL, path.join(OUT, 'long.csv'), '--rolling', '--out', out], { preload: path.join(OUT, 'new-space.js') });
  expect(result.code, result.err).toBe(0);
  expect(fs.readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(1 + 36_000 - 8);
  const newSpace = Number(/new_space=(\d+)/.exec(result.err)?.[1]);
  expect(newSpace).toBeGreaterThan(0);
  expect(newSpace).toBeLessThanOrEqual(4 * 2 ** 20);
});
