import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../engine/index';
import { EventBatcher } from '../../../extension/training/eventBatcher';

const batch = (step: number): TrainingEvent => ({ type: 'batch', epoch: 1, batch: step, batches: 100, step, loss: 1 / step, gradNorm: 1, lr: 0.001 });

describe('EventBatcher', () => {
  it('sends the first batch at once, holds the next ones for the interval, and drops none', () => {
    let now = 0;
    const sent: TrainingEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events), 100, () => now);
    for (let step = 1; step <= 50; step++) {
      now = step * 3; // a batch every 3 ms
      batcher.push(batch(step));
    }
    batcher.flush();
    expect(sent.length).toBeLessThanOrEqual(3); // 150 ms of batches: at most ~10 messages a second
    expect(sent.flat().map((event) => (event as { step: number }).step)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('sends an epoch event at once, after the batches it follows', () => {
    let now = 0;
    const sent: TrainingEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events), 100, () => now);
    batcher.push(batch(1));
    now = 5;
    batcher.push(batch(2));
    batcher.push({ type: 'done', status: 'completed', epochs: 1, bestEpoch: 1, message: '' });
    expect(sent.map((events) => events.map((event) => event.type))).toEqual([['batch'], ['batch', 'done']]);
  });
});
