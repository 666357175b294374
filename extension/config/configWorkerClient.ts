import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ConfigAnswer, ConfigRequest } from './configWorkerProtocol';

// The host's handle on the config worker: started on first use, kept for later requests, ended on
// dispose. A request whose worker dies is answered with a failure rather than left pending.

type Pending = (answer: ConfigAnswer) => void;
type Request = ConfigRequest extends infer R ? R extends ConfigRequest ? Omit<R, 'id'> : never : never;

export class ConfigWorkerClient implements vscode.Disposable {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: string) {}

  request(request: Request): Promise<ConfigAnswer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ensureWorker().postMessage({ ...request, id } as ConfigRequest);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    worker.on('message', (answer: ConfigAnswer) => {
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
    const fail = (message: string): void => {
      if (this.worker === worker) this.worker = null;
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, message, userError: false });
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`the config worker failed: ${error.message}`));
    worker.on('exit', (code) => fail(`the config worker stopped (exit code ${code})`));
    worker.unref(); // an idle config worker never keeps the extension host alive
    this.worker = worker;
    return worker;
  }
}
