// readRunEventsFrom: how the editor reads metrics.jsonl. It follows a log that grows (only the new
// complete lines, a torn last line left for later), starts over when a resume cut the log back, reads a
// long log a chunk per turn of the event loop, and says which line is broken.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readRunEvents, readRunEventsFrom, RUN_LOG_START } from '../../../engine/runs/readRun';
import type { BatchEvent } from '../../../engine/train/events';
import { tempDir } from '../helpers/tinyRuns';

function batch(n: number): BatchEvent {
  return { type: 'batch', epoch: 1 + Math.floor(n / 100), batch: n % 100, batches: 100, step: n, loss: 1 / (n + 1), gradNorm: 0.5 + n / 7, lr: 0.001 };
}

function lines(from: number, to: number): string {
  let text = '';
  for (let n = from; n < to; n++) text += `${JSON.stringify(batch(n))}\n`;
  return text;
}

describe('readRunEventsFrom', () => {
  it('reads what was appended since the last read, leaving a torn last line for the next', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    expect(await readRunEventsFrom(dir)).toEqual({ events: [], next: RUN_LOG_START, restarted: false });
    fs.writeFileSync(file, lines(0, 3));
    const first = await readRunEventsFrom(dir);
    expect(first.events).toEqual([batch(0), batch(1), batch(2)]);
    expect(first.next).toEqual({ byte: fs.statSync(file).size, line: 3 });
    const torn = JSON.stringify(batch(4));
    fs.appendFileSync(file, `${lines(3, 4)}${torn.slice(0, 20)}`);
    const second = await readRunEventsFrom(dir, first.next);
    expect(second.events).toEqual([batch(3)]);
    expect(second.restarted).toBe(false);
    fs.appendFileSync(file, `${torn.slice(20)}\n`);
    const third = await readRunEventsFrom(dir, second.next);
    expect(third.events).toEqual([batch(4)]);
    expect(third.next).toEqual({ byte: fs.statSync(file).size, line: 5 });
    expect(await readRunEventsFrom(dir, third.next)).toEqual({ events: [], next: third.next, restarted: false });
  });

  it('starts over when the log is shorter than where it got to (a resume cut it back to its checkpoint)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, lines(0, 10));
    const read = await readRunEventsFrom(dir);
    fs.writeFileSync(file, lines(0, 4) + lines(50, 51));
    const again = await readRunEventsFrom(dir, read.next);
    expect(again.restarted).toBe(true);
    expect(again.events).toEqual([...[0, 1, 2, 3].map(batch), batch(50)]);
  });

  it('reads a long log a chunk per turn of the event loop, with the same events as reading it at once', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'metrics.jsonl'), lines(0, 20_000)); // 3 MB, about 150 bytes a line
    // Count the lines parsed in each turn of the event loop (a setImmediate loop numbers the turns).
    let turn = 0;
    let reading = true;
    const tick = (): void => {
      turn++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const parsedIn = new Map<number, number>();
    const parse = JSON.parse;
    const spy = vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      parsedIn.set(turn, (parsedIn.get(turn) ?? 0) + 1);
      return parse(text, reviver) as unknown;
    });
    const read = await readRunEventsFrom(dir).finally(() => {
      reading = false;
      spy.mockRestore();
    });
    // 256 KiB a turn: under 2,000 of these lines, never the whole log at once.
    expect(Math.max(...parsedIn.values())).toBeLessThan(2_000);
    expect(parsedIn.size).toBeGreaterThanOrEqual(10);
    expect(read.events).toEqual(readRunEvents(dir));
    expect(read.next.line).toBe(20_000);
  });

  it('names the broken line, counted across chunks and reads', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, lines(0, 3000));
    const read = await readRunEventsFrom(dir);
    fs.appendFileSync(file, `${lines(3000, 3002)}{"type": oops}\n`);
    await expect(readRunEventsFrom(dir, read.next)).rejects.toMatchObject({ code: 'BAD_DATA', message: 'line 3003 of metrics.jsonl is not a JSON event', where: { row: 3003 } });
  });
});
