// How a run looks in the terminal: a progress bar (cli-progress) with epoch, loss and ETA on a TTY,
// one plain line per epoch otherwise, or every event as a JSON line with --json.
import { SingleBar } from 'cli-progress';
import type { TaskMetrics } from '../eval/metrics';
import type { TrainingEvent } from '../train/events';
import type { CommandContext } from './command';

export type ProgressMode = 'bar' | 'lines' | 'json';

export interface ProgressView {
  onEvent(event: TrainingEvent): void;
  close(): void;
}

export function progressView(mode: ProgressMode, context: CommandContext): ProgressView {
  if (mode === 'json') return { onEvent: (event) => context.out(JSON.stringify(event)), close() {} };
  if (mode === 'lines') return linesView(context);
  return barView(context);
}

function linesView(context: CommandContext): ProgressView {
  let epochs = 0;
  return {
    onEvent(event) {
      if (event.type === 'start') {
        epochs = event.epochs;
        const where = event.resumedAt ? ` (resuming after epoch ${event.resumedAt.epoch}, batch ${event.resumedAt.batch})` : '';
        context.err(`training ${event.parameters.toLocaleString('en-US')} parameters for up to ${event.epochs} epochs, ${event.batchesPerEpoch} batches each, ${kernelText(event.kernels)}${where}`);
      } else if (event.type === 'epoch') {
        context.err(`epoch ${event.epoch}/${epochs}  train ${fmt(event.trainLoss)}  val ${fmt(event.valLoss)}  ${headline(event.val)}  lr ${fmt(event.lr)}  ${event.seconds.toFixed(1)}s${event.best ? '  *best' : ''}`);
      } else if (event.type === 'error') {
        context.err(`error: ${event.message}`);
      } else if (event.type === 'warning') {
        context.err(`warning: ${event.message}`);
      }
    },
    close() {},
  };
}

function barView(context: CommandContext): ProgressView {
  const bar = new SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| {value}/{total} batches | loss {loss} | val {val} | ETA {eta_formatted}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
    etaBuffer: 50,
  });
  let epochs = 0;
  let started = false;
  let lastVal = '–';
  return {
    onEvent(event) {
      if (event.type === 'start') {
        epochs = event.epochs;
        context.err(`training ${event.parameters.toLocaleString('en-US')} parameters for up to ${event.epochs} epochs, ${kernelText(event.kernels)}`);
      } else if (event.type === 'batch') {
        if (!started || event.batch === 1) {
          if (started) bar.stop();
          bar.start(event.batches, 0, { epoch: event.epoch, epochs, loss: fmt(event.loss), val: lastVal });
          started = true;
        }
        bar.update(event.batch, { loss: fmt(event.loss) });
      } else if (event.type === 'epoch') {
        lastVal = `${fmt(event.valLoss)} ${headline(event.val)}${event.best ? ' *' : ''}`;
        bar.update({ val: lastVal });
      } else if (event.type === 'error' || event.type === 'done' || event.type === 'warning') {
        if (started) bar.stop(); // a warning's line goes below the bar; the next batch draws a new one
        started = false;
        if (event.type !== 'done') context.err(`${event.type}: ${event.message}`);
      }
    },
    close() {
      if (started) bar.stop();
    },
  };
}

function kernelText({ name, threads }: { name: string; threads: number }): string {
  const label = name === 'simd-relaxed' ? 'WebAssembly SIMD with FMA' : name === 'simd' ? 'WebAssembly SIMD' : 'reference kernels';
  return `${label}${threads > 1 ? `, ${threads} threads` : ''}`;
}

/** The one validation metric worth a glance per task. */
function headline(metrics: TaskMetrics): string {
  if ('mae' in metrics) return `MAE ${fmt(metrics.mae)}`;
  if ('bitsPerChar' in metrics) return `${metrics.bitsPerChar.toFixed(3)} bits/char`;
  if ('macroF1' in metrics) return `acc ${(100 * metrics.accuracy).toFixed(1)}%`;
  return `perplexity ${fmt(metrics.perplexity)}, acc ${(100 * metrics.accuracy).toFixed(1)}%`;
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  return size !== 0 && (size < 1e-3 || size >= 1e5) ? value.toExponential(3) : Number(value.toPrecision(4)).toString();
}
