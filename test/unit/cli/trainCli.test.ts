// `seqlab train/resume/eval` through the real CLI entry: exit codes, messages a user can act on (file,
// flag or JSON path; no stack trace), Ctrl-C handling, and nothing written for bad input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, type CommandContext } from '../../../engine/cli/command';
import { main } from '../../../engine/cli/main';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function seqlab(argv: string[], onOut?: (line: string, abort: () => void) => void): Promise<Captured> {
  const controller = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  const context: CommandContext = {
    out: (text) => {
      out.push(text);
      onOut?.(text, () => controller.abort());
    },
    err: (text) => err.push(text),
    interrupted: controller.signal,
    isTTY: false,
  };
  const code = await main(argv, context);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function setup() {
  const dir = tempDir();
  const config = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
  return { dir, config };
}

describe('seqlab train, resume and eval', () => {
  it('train → eval: exit 0, a results table against the baselines and the run folder', async () => {
    const { dir, config } = setup();
    const runDir = path.join(dir, 'run');
    const trained = await seqlab(['train', config, '--run-dir', runDir, '--epochs', '2']);
    expect(trained.code).toBe(EXIT.ok);
    expect(trained.err).toMatch(/epoch 2\/2/);
    expect(trained.out).toMatch(/test\s+model\s+naive\s+seasonal-naive/);
    expect(trained.out).toContain(`run: ${runDir}`);
    const evaluated = await seqlab(['eval', runDir, '--json']);
    expect(evaluated.code).toBe(EXIT.ok);
    const summary = JSON.parse(evaluated.out);
    const saved = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary.metrics).toEqual(saved.metrics);
    expect(summary.baselines).toEqual(saved.baselines);
  });

  it('Ctrl-C stops within a batch: exit 130, the checkpoint is named, and resume finishes the run', async () => {
    const { dir, config } = setup();
    const runDir = path.join(dir, 'run');
    const stopped = await seqlab(['train', config, '--run-dir', runDir, '--json'], (line, abort) => {
      if (JSON.parse(line).type === 'batch') abort();
    });
    expect(stopped.code).toBe(EXIT.interrupted);
    const events = stopped.out.split('\n').map((line) => JSON.parse(line));
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    expect(events.at(-1).message).toContain(path.join(runDir, 'checkpoint.bin'));
    const resumed = await seqlab(['resume', runDir]);
    expect(resumed.code).toBe(EXIT.ok);
    expect(resumed.err).toMatch(/resuming after epoch 0, batch 1/);
    const again = await seqlab(['resume', runDir]);
    expect(again.code).toBe(EXIT.badInput);
    expect(again.err).toMatch(/already finished/);
  });

  const badInput: [string, (dir: string, config: string) => string[], RegExp][] = [
    ['a missing config', (dir) => ['train', path.join(dir, 'nope.seqlab.json')], /nope\.seqlab\.json: config file not found/],
    ['--epochs that is not a number', (_dir, config) => ['train', config, '--epochs', 'ten'], /--epochs expects a positive whole number, got 'ten'/],
    ['--epochs 0', (_dir, config) => ['train', config, '--epochs', '0'], /--epochs expects a positive whole number/],
    ['an unknown flag', (_dir, config) => ['train', config, '--fast'], /Unknown option '--fast'[\s\S]*Usage: seqlab train/],
    ['a missing argument', () => ['train'], /expected 1 argument\(s\), got 0/],
    ['an unknown command', () => ['fly'], /unknown command 'fly'/],
    ['resume of a folder that is not a run', (dir) => ['resume', dir], /not a SeqLab run folder/],
    ['eval of a folder that is not a run', (dir) => ['eval', path.join(dir, 'missing')], /not a SeqLab run folder/],
  ];
  for (const [name, argv, message] of badInput) {
    it(`bad input: ${name} → exit 1, a clear message, no stack trace, no run written`, async () => {
      const { dir, config } = setup();
      const before = fs.readdirSync(dir).sort();
      const result = await seqlab(argv(dir, config));
      expect(result.code).toBe(EXIT.badInput);
      expect(result.err).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(dir).sort()).toEqual(before);
    });
  }

  it('a config that breaks the schema names the JSON path and writes nothing', async () => {
    const { dir, config } = setup();
    const text = JSON.parse(fs.readFileSync(config, 'utf8'));
    text.training.batchSize = 'large';
    fs.writeFileSync(config, JSON.stringify(text));
    const result = await seqlab(['train', config]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/at \/training\/batchSize/);
    expect(fs.existsSync(path.join(dir, '.seqlab'))).toBe(false);
  });
});
