import type { FrameLocator } from 'playwright-core';

// A figure for the report, measured in the real webview and not asserted: how long the panel's frames
// take when a run of 100,000 batches gets more points. Two runs of 100,000 points are posted to the
// page as a snapshot would bring them, then 100 points are appended to one every 100 ms for 5 s (the
// host sends a few appends a second); the panel measures each frame (`seqlab:frame` performance
// measures: store → smoothing → decimation → chart update and draw).

/** What the page code below uses of the browser (test code is typed for Node, without the DOM). */
declare const window: { postMessage(message: unknown, targetOrigin: string): void };

export interface FrameFigures {
  readonly snapshotOf200kPointsMs: number;
  readonly appendFrames: number;
  readonly appendFrameMedianMs: number;
  readonly appendFrameP95Ms: number;
  readonly appendFrameMaxMs: number;
  /** Points stored and points drawn by the loss chart at the end (min-max decimation at the plot's width). */
  readonly storedPoints: number;
  readonly drawnPoints: number;
}

export function measureAppendFrames(webview: FrameLocator): Promise<FrameFigures> {
  return webview.locator('body').evaluate(async (body) => {
    const N = 100_000;
    const perEpoch = 1000;
    const series = (from: number, to: number) => {
      const n = to - from;
      const step = new Float64Array(n);
      const epoch = new Float64Array(n);
      const loss = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const s = from + i + 1;
        step[i] = s;
        epoch[i] = Math.ceil(s / perEpoch);
        loss[i] = 2 * Math.exp(-s / 20_000) + 0.2 + 0.1 * Math.sin(s * 12.9898) ** 2;
      }
      const epochs = [];
      for (let e = Math.floor(from / perEpoch) + 1; e * perEpoch <= to; e++) {
        const base = 2 * Math.exp((-e * perEpoch) / 20_000);
        epochs.push({ type: 'epoch', epoch: e, step: e * perEpoch, trainLoss: base + 0.25, valLoss: base + 0.3, lr: 0.001, best: true, seconds: 1,
          val: { mae: base, rmse: base, smape: 1, mase: 1, perStep: { mae: [base], rmse: [base], smape: [1], mase: [1] } } });
      }
      return { batches: { step, epoch, loss }, epochs, samples: [] };
    };
    const meta = (index: number) => ({ id: `perf-${index}`, index, label: index === 0 ? 'first run' : 'model.hiddenSize 64→128', created: '',
      state: 'running', task: 'forecast', parameters: 1000, epochs: 200, bestEpoch: null, seconds: 1, baselines: {}, summary: null, message: null });
    const until = (ready: () => boolean) => new Promise<void>((resolve) => {
      const check = () => (ready() ? resolve() : setTimeout(check, 5));
      check();
    });
    const started = performance.now();
    window.postMessage({ type: 'snapshot', config: { id: 'perf', name: 'perf', displayPath: 'perf', dataFile: 'perf.csv', task: 'forecast' },
      runs: [{ meta: meta(0), series: series(0, N) }, { meta: meta(1), series: series(0, N) }] }, '*');
    await until(() => body.dataset.points === String(2 * N));
    const snapshotOf200kPointsMs = performance.now() - started;
    performance.clearMeasures('seqlab:frame');
    for (let at = N; at < N + 5_000; at += 100) {
      window.postMessage({ type: 'append', id: 'perf-1', series: series(at, at + 100) }, '*');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const frames = performance.getEntriesByName('seqlab:frame').map((entry) => entry.duration).sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      snapshotOf200kPointsMs: round(snapshotOf200kPointsMs),
      appendFrames: frames.length,
      appendFrameMedianMs: round(frames[frames.length >> 1]),
      appendFrameP95Ms: round(frames[Math.floor(frames.length * 0.95)]),
      appendFrameMaxMs: round(frames[frames.length - 1]),
      storedPoints: Number(body.dataset.points),
      drawnPoints: Number(body.dataset.drawnPoints),
    };
  });
}

/**
 * Posts `count` more batch points of run `id` to the page, continuing its steps, as the host's `append`
 * would (the page reads it exactly like a host message).
 */
export function appendPoints(webview: FrameLocator, id: string, count: number): Promise<void> {
  return webview.locator('body').evaluate((_body, [runId, n]) => {
    const last = 1e6; // past any step of the run
    const step = Float64Array.from({ length: n }, (_, i) => last + i);
    window.postMessage({ type: 'append', id: runId, series: { batches: { step, epoch: step.map(() => 1e6), loss: step.map(() => 0.001) }, epochs: [], samples: [] } }, '*');
  }, [id, count] as const);
}
