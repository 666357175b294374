// A writer killed (SIGKILL) at random moments while saving leaves the old file or the new one, never a
// torn one; the temp files it leaves behind are swept.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { atomicWriteFileSync, removeTempFilesOf, sweepStaleTempFiles } from '../../../engine/io/atomicWrite';
import { tempDir } from '../helpers/tinyRuns';

const SIZE = 4 * 1024 * 1024;

/** A child that saves 4 MiB files, each filled with one byte value, as fast as it can. */
function buildWriter(dir: string): string {
  const out = path.join(dir, 'writer.js');
  buildSync({
    stdin: {
      contents: `import { atomicWriteFileSync } from ${JSON.stringify(path.resolve('engine/io/atomicWrite.ts'))};
        const file = process.argv[2];
        for (let value = 1; ; value = (value % 250) + 1) atomicWriteFileSync(file, new Uint8Array(${SIZE}).fill(value));`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    outfile: out,
    logLevel: 'silent',
  });
  return out;
}

function isWhole(file: string): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.length === SIZE && bytes.every((b) => b === bytes[0]);
}

describe('atomic writes', () => {
  it('survive SIGKILL mid-save: 20 kills, every file old or new, temp files swept', async () => {
    const dir = tempDir();
    const writer = buildWriter(dir);
    const target = path.join(dir, 'model.bin');
    atomicWriteFileSync(target, new Uint8Array(SIZE).fill(0));
    for (let trial = 0; trial < 20; trial++) {
      const child = spawn(process.execPath, [writer, target], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 60 + ((trial * 37) % 120)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(isWhole(target)).toBe(true);
    }
    sweepStaleTempFiles(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.bin', 'writer.js']);
  }, 60_000);

  it("removeTempFilesOf clears one writer's temp files for one file (a cancelled predict --out child)", () => {
    const dir = tempDir();
    // Temp names as atomicWriteFileSync makes them: .seqlab-tmp-<name>.<pid>.<random>
    const mine = ['.seqlab-tmp-out.csv.4242.0a0b0c0d', '.seqlab-tmp-out.csv.4242.deadbeef'];
    const others = ['.seqlab-tmp-out.csv.42420.0a0b0c0d', '.seqlab-tmp-other.csv.4242.0a0b0c0d', 'out.csv'];
    for (const name of [...mine, ...others]) fs.writeFileSync(path.join(dir, name), '');
    expect(removeTempFilesOf(path.join(dir, 'out.csv'), 4242)).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual([...others].sort());
    expect(removeTempFilesOf(path.join(dir, 'missing', 'out.csv'), 4242)).toBe(0);
  });

  it('temp files are named .seqlab-tmp-<name>.<pid>.<random> (what removeTempFilesOf relies on)', () => {
    const dir = tempDir();
    const target = path.join(dir, 'out.csv');
    const seen: string[] = [];
    const watcher = fs.watch(dir, (_event, name) => name && seen.push(String(name)));
    atomicWriteFileSync(target, 'a,b\n');
    return new Promise<void>((resolve) => setTimeout(resolve, 100)).then(() => {
      watcher.close();
      expect(seen.some((name) => name.startsWith(`.seqlab-tmp-out.csv.${process.pid}.`)), seen.join(', ')).toBe(true);
    });
  });

  it('a save that cannot complete throws, keeps what was there and leaves no temp file', () => {
    const dir = tempDir();
    const target = path.join(dir, 'run');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true }); // rename cannot replace a non-empty folder
    expect(() => atomicWriteFileSync(target, 'new')).toThrow();
    expect(fs.readdirSync(target)).toEqual(['inside']);
    expect(fs.readdirSync(dir)).toEqual(['run']);
  });
});
