// `seqlab inspect` on several files (how the editor's model picker reads a workspace's models in one
// child process): every file is reported in order, a file that cannot be read is an {file, error}
// entry with the same message a single inspect prints, and the exit code says something failed.
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { seqlab } from './cli';

const EXPORTS = path.join(__dirname, '../../fixtures/onnx/exports');
const HOSTILE = path.join(__dirname, '../../fixtures/onnx/hostile');
const forecast = path.join(EXPORTS, 'forecast-lstm-relative-2l.onnx');
const text = path.join(EXPORTS, 'text-gru-1l.onnx');
const truncated = path.join(HOSTILE, '07-truncated-last-byte.onnx');

test('--json on several files: an array in argument order, with the reason for each unreadable file', async () => {
  const { code, out, err } = await seqlab(['inspect', forecast, truncated, text, '--json']);
  expect(code).toBe(EXIT.badInput);
  const results = JSON.parse(out) as { file: string; metadata?: { task: string }; error?: string }[];
  expect(results.map((result) => result.file)).toEqual([forecast, truncated, text]);
  expect(results[0].metadata?.task).toBe('forecast');
  expect(results[2].metadata?.task).toBe('text');
  const single = await seqlab(['inspect', truncated]);
  expect(single.code).toBe(EXIT.badInput);
  expect(`seqlab inspect: ${results[1].error}`).toBe(single.err);
  expect(err).toBe(single.err);
});

test('several readable files: exit 0, and the single-file JSON for each', async () => {
  const { code, out } = await seqlab(['inspect', forecast, text, '--json']);
  expect(code).toBe(EXIT.ok);
  const [first] = JSON.parse(out) as unknown[];
  expect(first).toEqual(JSON.parse((await seqlab(['inspect', forecast, '--json'])).out));
});

test('without --json: the descriptions, one after the other', async () => {
  const { code, out } = await seqlab(['inspect', forecast, text]);
  expect(code).toBe(EXIT.ok);
  expect(out).toMatch(/SeqLab forecast model[\s\S]*\n\n.*SeqLab text model/);
});

test('--require-seqlab refuses an ONNX file without SeqLab metadata with the message predict gives', async () => {
  const foreign = path.join(HOSTILE, '39-no-seqlab-metadata.onnx');
  expect((await seqlab(['inspect', foreign])).code).toBe(EXIT.ok);
  const refused = await seqlab(['inspect', foreign, '--require-seqlab']);
  expect(refused.code).toBe(EXIT.badInput);
  expect(refused.err).toMatch(/no SeqLab metadata/);
  const predicted = await seqlab(['predict', foreign, path.join(__dirname, '../../fixtures/onnx/interop/input.csv')]);
  expect(refused.err.replace('seqlab inspect:', '')).toBe(predicted.err.replace('seqlab predict:', ''));
  const [listed] = JSON.parse((await seqlab(['inspect', foreign, forecast, '--json', '--require-seqlab'])).out) as { error?: string }[];
  expect(listed.error).toMatch(/no SeqLab metadata/);
});

test('no file at all is a usage error', async () => {
  expect(await seqlab(['inspect'])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/expected at least 1 argument/) });
});
