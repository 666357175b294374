// An onnxruntime session on a worker thread of its own. onnxruntime-node runs a session synchronously
// on the calling thread (its `run` only defers the call with setImmediate), so on the calling thread
// reading and writing a long CSV waits for every forward and every forward for the CSV. On a worker,
// `predict --rolling` builds the next batch and writes the last one while the model computes (npm run
// bench: the whole process 4.4 → 2.8 s on 250,000 rows; bench/README.md).
//
// The worker is a plain script (evaluated with `eval: true`, like the SIMD helper), so it needs no
// file of its own in the bundles; it requires onnxruntime-node by the path resolved here. Inputs go
// through shared memory, copied in by `run` (so the caller may reuse its buffers at once) and out by
// the worker into buffers it keeps: a cloned message would allocate every batch's inputs afresh on the
// worker's heap, which held about 45 MB more at the peak of a 250,000-row predict.
import { Worker } from 'node:worker_threads';
import type { Feed, GraphRunner, RunOutputs } from './modelSession';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const text = (error) => String(error && error.message ? error.message : error).split('\\n')[0].slice(0, 300);
let ort;
try {
  ort = require(workerData.ortPath);
} catch (error) {
  parentPort.postMessage({ kind: 'failed', stage: 'require', message: text(error) });
}
const ready = ort ? ort.InferenceSession.create(workerData.bytes, workerData.options) : null;
if (ready) ready.then(() => parentPort.postMessage({ kind: 'ready' }), (error) => parentPort.postMessage({ kind: 'failed', stage: 'create', message: text(error) }));
const inputs = new Map();
// One run at a time, in order: the next batch is copied into the buffers below only after the last run
// (which reads them when it starts, after a setImmediate) has returned.
let queue = ready ?? Promise.resolve();
parentPort.on('message', (request) => {
  queue = queue.then(() => handle(request), () => handle(request));
});
async function handle({ id, feeds, outputs }) {
  try {
    const session = await ready;
    const tensors = {};
    for (const name of Object.keys(feeds)) {
      const shared = feeds[name].data; // onnxruntime refuses views of shared memory
      let own = inputs.get(name);
      if (!own || own.length !== shared.length || own.constructor !== shared.constructor) inputs.set(name, own = new shared.constructor(shared.length));
      own.set(shared);
      tensors[name] = new ort.Tensor(own, feeds[name].dims);
    }
    const results = await session.run(tensors, outputs);
    const out = {};
    for (const name of outputs) {
      const tensor = results[name];
      out[name] = { data: tensor.data, dims: Array.from(tensor.dims) };
    }
    parentPort.postMessage({ kind: 'result', id, out });
  } catch (error) {
    parentPort.postMessage({ kind: 'result', id, error: text(error) });
  }
}
`;

type Reply =
  | { kind: 'ready' }
  | { kind: 'failed'; stage: 'require' | 'create'; message: string }
  | { kind: 'result'; id: number; out?: Record<string, { data: unknown; dims: number[] }>; error?: string };

/** Why a worker session failed: onnxruntime could not be loaded, the model not created, a run not done. */
export class SessionWorkerError extends Error {
  constructor(readonly stage: 'require' | 'create' | 'run' | 'exit', message: string) {
    super(message);
  }
}

interface Pending {
  resolve: (out: RunOutputs) => void;
  reject: (error: SessionWorkerError) => void;
  /** The shared buffers this run's inputs were copied into, free again once it settles. */
  lent: SharedArrayBuffer[];
}

type FeedArrayType = { new (buffer: ArrayBufferLike, offset: number, length: number): Feed['data'] };

export class WorkerRunner implements GraphRunner {
  private readonly pending = new Map<number, Pending>();
  private readonly free: SharedArrayBuffer[] = [];
  private nextId = 0;
  private failure: SessionWorkerError | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref(); // referenced only while a run is pending, so a forgotten release never holds the process
    worker.on('message', (reply: Reply) => {
      if (reply.kind === 'result') this.settle(reply);
    });
    worker.on('error', (error) => this.fail(new SessionWorkerError('exit', `onnxruntime's worker failed: ${error.message.split('\n')[0]}`)));
    worker.on('exit', (code) => this.fail(new SessionWorkerError('exit', `onnxruntime's worker stopped (exit code ${code})`)));
  }

  /** Starts a worker and creates the session there; rejects with a SessionWorkerError when it cannot. */
  static async start(bytes: Uint8Array, options: object): Promise<WorkerRunner> {
    let ortPath: string;
    try {
      ortPath = require.resolve('onnxruntime-node');
    } catch (error) {
      throw new SessionWorkerError('require', error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    const worker = new Worker(workerSource, { eval: true, workerData: { ortPath, bytes, options }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    const ready = await new Promise<Reply>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve({ kind: 'failed', stage: 'create', message: error.message }));
      worker.once('exit', (code) => resolve({ kind: 'failed', stage: 'create', message: `the worker stopped (exit code ${code})` }));
    });
    if (ready.kind !== 'ready') {
      await worker.terminate();
      throw new SessionWorkerError(ready.kind === 'failed' ? ready.stage : 'create', ready.kind === 'failed' ? ready.message : 'no session');
    }
    return new WorkerRunner(worker);
  }

  run(feeds: Record<string, Feed>, outputs: string[]): Promise<RunOutputs> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const lent: SharedArrayBuffer[] = [];
    const shared: Record<string, Feed> = {};
    for (const [name, feed] of Object.entries(feeds)) {
      const buffer = this.borrow(feed.data.byteLength);
      lent.push(buffer);
      const view = new (feed.data.constructor as FeedArrayType)(buffer, 0, feed.data.length);
      view.set(feed.data as never);
      shared[name] = { data: view, dims: feed.dims };
    }
    const done = new Promise<RunOutputs>((resolve, reject) => this.pending.set(id, { resolve, reject, lent }));
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ id, feeds: shared, outputs });
    return done;
  }

  async release(): Promise<void> {
    this.failure ??= new SessionWorkerError('exit', 'this model was released');
    await this.worker.terminate();
  }

  /** A shared buffer of at least `bytes` that no run in flight uses. */
  private borrow(bytes: number): SharedArrayBuffer {
    const index = this.free.findIndex((buffer) => buffer.byteLength >= bytes);
    return index >= 0 ? this.free.splice(index, 1)[0] : new SharedArrayBuffer(Math.max(bytes, 8));
  }

  private settle(reply: Extract<Reply, { kind: 'result' }>): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    this.free.push(...waiting.lent);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.error !== undefined) waiting.reject(new SessionWorkerError('run', reply.error));
    else waiting.resolve(reply.out as RunOutputs);
  }

  private fail(error: SessionWorkerError): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
