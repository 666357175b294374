import * as vscode from 'vscode';
import type { TrainingEvent } from '../../engine/index';
import { showWarningWithLog } from '../notify';

// What the SeqLab log says of a run's events as they arrive: its start (parameters, epochs, kernels),
// every epoch's losses, how it ended, its errors; and its warnings (e.g. ARENA_FULL: it trains on,
// slower), shown once each as a notification too. Batch events are not logged: the panel draws them.

export function reportEvents(log: vscode.LogOutputChannel, runId: string, events: readonly TrainingEvent[], warned: Set<string>): void {
  for (const event of events) {
    switch (event.type) {
      case 'start':
        log.info(`${runId}: ${event.parameters} parameters, up to ${event.epochs} epochs, ${event.kernels.name} kernels on ${event.kernels.threads} thread(s)`);
        break;
      case 'epoch':
        log.info(`${runId}: epoch ${event.epoch}  train ${event.trainLoss.toPrecision(4)}  val ${event.valLoss.toPrecision(4)}`);
        break;
      case 'done':
        log.info(`${runId}: ${event.status} after ${event.epochs} epoch(s), best epoch ${event.bestEpoch}. ${event.message}`);
        break;
      case 'error':
        log.error(`${runId}: ${event.message}`);
        break;
      case 'warning':
        if (warned.has(event.code)) break;
        warned.add(event.code);
        showWarningWithLog(log, vscode.l10n.t('{0}: {1}', runId, event.message));
        break;
      case 'batch':
      case 'sample':
      case 'checkpoint':
        break;
      default:
        assertNever(event);
    }
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown training event: ${JSON.stringify(event)}`);
}
