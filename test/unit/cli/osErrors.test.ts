// Every failure of the user's input or of the disk is exit 1 with the path and what to do, through the
// real CLI: a run folder that is a file or under one (EEXIST, ENOTDIR), a folder where a file goes
// (EISDIR), files that are not regular (a FIFO, /dev/zero) or lines without end, a config nested too
// deep; and, in a child process, folders the user cannot write (EACCES: run as `nobody` when the tests
// run as root, since root ignores permissions) and a full disk (ENOSPC: a tiny tmpfs where it can be
// mounted, else a preload that makes writes under one folder fail as a full disk would). As root, when
// `nobody` cannot run this checkout, EACCES is injected at the fs seam the same way (permissionMode and
// FAULTS_PRELOAD in test/unit/helpers/cliSync.ts; here, as root, the tests run as nobody on a tmpfs).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { runCli } from '../config/cli';
import { buildCli, FAULTS_PRELOAD, permissionMode, type ProcessResult } from '../helpers/cliSync';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

const ARTIFACTS = path.join(__dirname, '../../artifacts/os-errors');
let dir: string;
let config: string;
let runDir: string;
let model: string;
let csv: string;
let cli: Awaited<ReturnType<typeof buildCli>>;
/** The fault-injection preload (test/unit/helpers/cliSync.ts). */
let preload: string;

beforeAll(async () => {
  dir = tempDir('seqlab-os-');
  csv = path.join(dir, writeForecastData(dir, 120));
  config = writeConfig(dir, 'series', { file: 'series.csv', task: 'forecast', window: 6 }, { model: { hiddenSize: 48 }, training: { epochs: 1 } });
  runDir = path.join(dir, 'run');
  const trained = await runCli(['train', config, '--run-dir', runDir]);
  expect(trained.code, trained.err).toBe(EXIT.ok);
  model = path.join(runDir, 'model.onnx');
  cli = await buildCli(ARTIFACTS); // inside the checkout, where the bundle finds onnxruntime-node
  preload = path.join(ARTIFACTS, 'faults.js');
  fs.writeFileSync(preload, FAULTS_PRELOAD);
  execFileSync('chmod', ['-R', 'a+rX', dir, ARTIFACTS]); // so `nobody` can read the inputs and the CLI
}, 120_000);

/** Exit 1, the message names `file` and says `says`, no internal error and no stack trace. */
function expectRefused(result: { code: number | null; err: string }, command: string, file: string, says: RegExp): void {
  expect(result.code, result.err).toBe(EXIT.badInput);
  expect(result.err).toContain(`seqlab ${command}: ${file}`);
  expect(result.err).toMatch(says);
  expect(result.err).not.toMatch(/internal error|\n\s+at /);
}

describe('paths that are files, folders or not regular files', () => {
  it('EEXIST: train --run-dir naming a file', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    expectRefused(await runCli(['train', config, '--run-dir', file]), 'train', file, /exists and is a file, not a folder[\s\S]*hint: choose another folder/);
  });

  it('ENOTDIR: train --run-dir under a file', async () => {
    const file = path.join(dir, 'b-file');
    fs.writeFileSync(file, 'x');
    expectRefused(await runCli(['train', config, '--run-dir', path.join(file, 'run')]), 'train', path.join(file, 'run'), /a part of this path is a file, not a folder/);
  });

  it('ENOTDIR: the default run folder when .seqlab beside the config is a file', async () => {
    const sub = tempDir('seqlab-os-dot-');
    writeForecastData(sub, 120);
    const local = writeConfig(sub, 'series', { file: 'series.csv', window: 6 }, { training: { epochs: 1 } });
    fs.writeFileSync(path.join(sub, '.seqlab'), 'not a folder');
    const result = await runCli(['train', local]);
    expect(result.code, result.err).toBe(EXIT.badInput);
    expect(result.err).toMatch(/\.seqlab[^:]*: a part of this path is a file, not a folder/);
  });

  it('EISDIR: data.file, the config, init --out, export --out, predict --out and predict\'s input are folders', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'folder-'));
    const onFolder = writeConfig(dir, 'on-folder', { file: path.basename(folder), window: 6 });
    expectRefused(await runCli(['data', onFolder]), 'data', folder, /data file is a folder, not a file/);
    expectRefused(await runCli(['train', folder]), 'train', folder, /config file is a folder, not a file/);
    expectRefused(await runCli(['init', csv, '--out', folder, '--force']), 'init', folder, /is a folder, not a file[\s\S]*hint: give --out a file name/);
    expectRefused(await runCli(['export', runDir, '--out', folder]), 'export', folder, /is a folder, not a file/);
    expectRefused(await runCli(['predict', model, csv, '--out', folder]), 'predict', folder, /is a folder, not a file/);
    expectRefused(await runCli(['predict', model, folder]), 'predict', folder, /data file is a folder/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('a symbolic-link loop, a name too long, a folder that does not exist', async () => {
    fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    const looped = writeConfig(dir, 'looped', { file: 'loop-a', window: 6 });
    expectRefused(await runCli(['data', looped]), 'data', path.join(dir, 'loop-a'), /the path has a loop of symbolic links/);
    const long = path.join(dir, 'r'.repeat(300));
    expectRefused(await runCli(['train', config, '--run-dir', long]), 'train', long, /the path is too long for this file system\n {2}hint: choose a shorter path/);
    const nowhere = path.join(dir, 'no-such-folder', 'model.onnx');
    expectRefused(await runCli(['export', runDir, '--out', nowhere]), 'export', nowhere, /the folder does not exist; nothing was written\n {2}hint: create the folder first/);
  });

  it('a FIFO is refused at once (reading it would wait for a writer forever)', async () => {
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const onFifo = writeConfig(dir, 'on-fifo', { file: 'pipe.csv', window: 6 });
    expectRefused(await runCli(['data', onFifo]), 'data', fifo, /data file is a FIFO \(named pipe\), not a regular file/);
    expectRefused(await runCli(['init', fifo]), 'init', fifo, /a FIFO/);
    expectRefused(await runCli(['predict', model, fifo]), 'predict', fifo, /a FIFO/);
    expect((await runCli(['inspect', fifo])).err).toMatch(/not a regular file/);
  });

  it('/dev/zero is refused instead of read forever', async () => {
    const onZero = writeConfig(dir, 'on-zero', { file: '/dev/zero', window: 6 });
    expectRefused(await runCli(['data', onZero]), 'data', '/dev/zero', /data file is a device, not a regular file/);
    expectRefused(await runCli(['predict', model, '/dev/zero']), 'predict', '/dev/zero', /a device/);
    const text = writeConfig(dir, 'text-zero', { file: '/dev/zero', task: 'text' });
    expectRefused(await runCli(['data', text]), 'data', '/dev/zero', /text file is a device/);
  });

  it('a line without end (5 MB, no line break; or a quote never closed) is bounded', async () => {
    const long = path.join(dir, 'long.csv');
    fs.writeFileSync(long, 'date,value\n2020-01-01,' + '9'.repeat(5 << 20));
    const unclosed = path.join(dir, 'unclosed.csv');
    fs.writeFileSync(unclosed, 'date,value\n2020-01-01,1\n2020-01-02,"2\n' + '3\n'.repeat(3 << 20));
    for (const file of [long, unclosed]) {
      const result = await runCli(['init', file, '--out', path.join(dir, 'never.seqlab.json')]);
      expectRefused(result, 'init', file, /a line or field is longer than 4,194,304 characters/);
    }
    expect(fs.existsSync(path.join(dir, 'never.seqlab.json'))).toBe(false);
  });

  it('a header of 200,000 columns is refused before its columns take gigabytes', async () => {
    const wide = path.join(dir, 'wide.csv');
    const names = Array.from({ length: 200_000 }, (_, i) => `c${i}`);
    fs.writeFileSync(wide, `${names.join(',')}\n${names.map(() => '1').join(',')}\n`);
    expectRefused(await runCli(['init', wide]), 'init', wide, /header: 200,000 columns; SeqLab reads at most 10,000\n {2}hint: a table with one column per time step/);
  });

  it('a config nested 100,000 levels deep, or of 2 MB, is refused without a stack overflow', async () => {
    const deep = path.join(dir, 'deep.seqlab.json');
    fs.writeFileSync(deep, `{"data":{"file":"series.csv"},"model":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectRefused(await runCli(['data', deep]), 'data', deep, /row 1, column 102: nested more than 64 levels deep/);
    const huge = path.join(dir, 'huge.seqlab.json');
    fs.writeFileSync(huge, JSON.stringify({ data: { file: 'series.csv' }, pad: 'x'.repeat(2 << 20) }));
    expectRefused(await runCli(['train', huge]), 'train', huge, /config file has 2,097,\d+ bytes; SeqLab reads at most 1,048,576/);
  });
});

describe('folders the user cannot write or read (EACCES)', () => {
  let mode: ReturnType<typeof permissionMode>;
  /** A read-only folder: owned by root when the CLI runs as nobody, else chmod 0555 on our own. */
  let readOnly: string;
  beforeAll(() => {
    mode = permissionMode((user) => cli(['predict', model, csv], { cwd: dir, ...user }).code === EXIT.ok);
    readOnly = fs.mkdtempSync(path.join(dir, 'read-only-'));
    fs.chmodSync(readOnly, 0o555);
  });
  afterAll(() => fs.chmodSync(readOnly, 0o755));
  const run = (args: string[], unreadable?: string): ProcessResult => mode.kind === 'inject'
    ? cli(args, { cwd: dir, preload, env: { SEQLAB_TEST_READONLY: readOnly, ...(unreadable ? { SEQLAB_TEST_UNREADABLE: unreadable } : {}) } })
    : cli(args, { cwd: dir, ...(mode.kind === 'nobody' ? { uid: mode.uid, gid: mode.gid } : {}) });

  it('train --run-dir, init --out, export --out and predict --out in a read-only folder (as nobody, or chmod, or injected)', () => {
    const cases: [string, string[], string][] = [
      ['train', ['train', config, '--run-dir', path.join(readOnly, 'run')], path.join(readOnly, 'run')],
      ['init', ['init', csv, '--out', path.join(readOnly, 'x.seqlab.json')], path.join(readOnly, 'x.seqlab.json')],
      ['export', ['export', runDir, '--out', path.join(readOnly, 'model.onnx')], path.join(readOnly, 'model.onnx')],
      ['predict', ['predict', model, csv, '--out', path.join(readOnly, 'predictions.csv')], path.join(readOnly, 'predictions.csv')],
    ];
    for (const [command, args, file] of cases) {
      expectRefused(run(args), command, file, /permission denied: cannot write here(; nothing was written)?\n {2}hint: choose a folder you can write to/);
    }
    expect(fs.readdirSync(readOnly)).toEqual([]);
  });

  it('a data file the user cannot read', () => {
    const secret = path.join(dir, 'secret.csv');
    fs.copyFileSync(csv, secret);
    fs.chmodSync(secret, 0o000);
    const result = run(['init', secret, '--out', path.join(dir, 'secret.seqlab.json')], secret);
    fs.chmodSync(secret, 0o644);
    expectRefused(result, 'init', secret, /permission denied: cannot read the data file\n {2}hint: check the file/);
  });
});

describe('a full disk (ENOSPC)', () => {
  // A tmpfs of `kib` KiB mounted on a fresh folder, or (where mounting is not allowed) a folder whose
  // writes a preload fails with ENOSPC once the files in it would pass `kib` KiB.
  const mounted: string[] = [];
  let tmpfsWorks: boolean | undefined;
  function disk(kib: number): { folder: string; run: (args: string[]) => ProcessResult; grow: () => void } {
    const folder = tempDir('seqlab-disk-');
    if (tmpfsWorks !== false) {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', folder], { stdio: 'ignore' });
        mounted.push(folder);
        tmpfsWorks = true;
      } catch {
        tmpfsWorks = false;
      }
    }
    if (tmpfsWorks) {
      return { folder, run: (args) => cli(args, { cwd: dir }), grow: () => execFileSync('mount', ['-o', 'remount,size=16m', folder]) };
    }
    let limit = kib * 1024;
    return { folder, run: (args) => cli(args, { cwd: dir, preload, env: { SEQLAB_TEST_DISK: folder, SEQLAB_TEST_DISK_BYTES: String(limit) } }), grow: () => (limit = 16 << 20) };
  }
  afterAll(() => {
    for (const folder of mounted) execFileSync('umount', [folder]);
  });

  it('training: the last good checkpoint is kept, says so, and resume continues from it once there is room', () => {
    // Room for one checkpoint (~170 KiB) but not for the next one beside it while it is written.
    const { folder, run, grow } = disk(256);
    const target = path.join(folder, 'run');
    const longer = writeConfig(dir, 'longer', { file: 'series.csv', window: 6 }, { model: { hiddenSize: 48 }, training: { epochs: 3 } });
    const result = run(['train', longer, '--run-dir', target]);
    expectRefused(result, 'train', path.join(target, 'checkpoint.bin'), /the disk is full \(no space left on the device\); the last good checkpoint is kept: once this is fixed, 'seqlab resume [^']+' continues from it/);
    grow();
    const resumed = run(['resume', target]);
    expect(resumed.code, resumed.err).toBe(EXIT.ok);
    expect(resumed.err).toMatch(/resuming after epoch 1, batch 0/);
    expect(JSON.parse(fs.readFileSync(path.join(target, 'summary.json'), 'utf8')).epochs).toBe(3);
  });

  it('training before any checkpoint, and init --out, export --out and predict --out on a full disk, say nothing was kept', () => {
    const { folder, run } = disk(64);
    const target = path.join(folder, 'run');
    expectRefused(run(['train', config, '--run-dir', target]), 'train', path.join(target, 'checkpoint.bin'), /the disk is full[^\n]*; no checkpoint was saved yet, so the run cannot be resumed/);
    fs.rmSync(target, { recursive: true, force: true });
    const filler = path.join(folder, 'filler');
    try {
      fs.writeFileSync(filler, Buffer.alloc(64 * 1024)); // fills the disk (a tmpfs stops it part way)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    const cases: [string, string[], string][] = [
      ['export', ['export', runDir, '--out', path.join(folder, 'model.onnx')], path.join(folder, 'model.onnx')],
      ['predict', ['predict', model, csv, '--rolling', '--out', path.join(folder, 'predictions.csv')], path.join(folder, 'predictions.csv')],
      ['init', ['init', csv, '--out', path.join(folder, 'x.seqlab.json')], path.join(folder, 'x.seqlab.json')],
    ];
    for (const [command, args, file] of cases) expectRefused(run(args), command, file, /the disk is full \(no space left on the device\); nothing was written[\s\S]*hint: free some space/);
    expect(fs.readdirSync(folder)).toEqual(['filler']);
  });
});
