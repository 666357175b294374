// A SeqLab model ready to run: the bytes are validated by SeqLab's own reader first (allow-listed
// operators, bounded sizes, no external data, SeqLab metadata consistent with the graph), and only then
// handed to onnxruntime, from memory (never from a path, so nothing next to the file is ever read).
//
// Where it runs: in the calling process, on the calling thread or (LoadOptions.worker) on a worker
// thread. The CLI is already a process of its own; the extension should call the CLI (or this module
// in a child process) for models from untrusted workspaces, because onnxruntime is native code and
// the validator narrows, but cannot close, what a crafted file can do.
import * as os from 'node:os';
import { SeqLabError } from '../errors';
import { readOnnx, type OnnxModelInfo } from '../onnx/reader';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import { loadOrt, unavailable, type Ort } from './ortLoader';
import { SessionWorkerError, WorkerRunner } from './sessionWorker';

type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
type OrtTensor = InstanceType<Ort['Tensor']>;
type SessionOptions = NonNullable<Parameters<Ort['InferenceSession']['create']>[1]>;

export type FeedValue = Float32Array | Int32Array | BigInt64Array;

export interface Feed {
  data: FeedValue;
  dims: number[];
}

export type RunOutputs = Record<string, { data: unknown; dims: number[] }>;

/** Runs the session: on the calling thread (below) or on a worker of its own (sessionWorker.ts). */
export interface GraphRunner {
  run(feeds: Record<string, Feed>, outputs: string[]): Promise<RunOutputs>;
  release(): Promise<void>;
}

export interface LoadOptions {
  /** onnxruntime's intra-op threads; default up to two, as training uses. */
  threads?: number;
  /**
   * Run the session on a worker thread, so that the caller's own work (reading and writing a long CSV)
   * overlaps the forward; the messages cost about 0.1 ms a run, which only long batches repay.
   */
  worker?: boolean;
}

export class SeqLabModel {
  private released = false;

  private constructor(
    readonly info: OnnxModelInfo,
    readonly metadata: SeqLabModelMetadata,
    private readonly runner: GraphRunner,
    readonly file: string | undefined,
  ) {}

  /**
   * Validates `bytes`, then creates an onnxruntime session. A second intra-op thread halves a long
   * `predict --rolling`'s forward (npm run bench); its threads do not spin while waiting for work, so a
   * busy machine loses nothing.
   */
  static async load(bytes: Uint8Array, file?: string, { threads = defaultThreads(), worker = false }: LoadOptions = {}): Promise<SeqLabModel> {
    const info = readOnnx(bytes, { file, requireSeqLab: true });
    const options: SessionOptions = {
      intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    let runner: GraphRunner;
    try {
      runner = worker ? await WorkerRunner.start(bytes, options) : await ThreadRunner.create(bytes, options);
    } catch (error) {
      if (error instanceof SeqLabError) throw error; // onnxruntime-node itself is unavailable (loadOrt)
      if (error instanceof SessionWorkerError && error.stage === 'require') throw unavailable(error);
      throw new SeqLabError('BAD_MODEL', `onnxruntime cannot load the model: ${message(error)}`, file === undefined ? {} : { file });
    }
    return new SeqLabModel(info, info.metadata!, runner, file);
  }

  /** Runs the graph on named inputs and returns the named outputs as typed arrays with their dims. */
  async run(feeds: Record<string, Feed>, outputs: string[]): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    if (this.released) throw new Error('this model was released');
    let results: RunOutputs;
    try {
      results = await this.runner.run(feeds, outputs);
    } catch (error) {
      // Shapes the graph cannot take (a wrong feature count from a foreign model, a token id outside the
      // vocabulary) surface here; the model is still usable for other inputs.
      throw new SeqLabError('BAD_MODEL', `onnxruntime could not run the model: ${message(error)}`, this.file === undefined ? {} : { file: this.file });
    }
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const name of outputs) {
      const { data, dims } = results[name];
      if (!(data instanceof Float32Array)) throw new SeqLabError('BAD_MODEL', `output ${name} is not float32`);
      out[name] = { data, dims };
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.runner.release();
  }
}

/** The session on the calling thread: no messages, for the many short runs of text sampling. */
class ThreadRunner implements GraphRunner {
  private constructor(private readonly ort: Ort, private readonly session: Session) {}

  static async create(bytes: Uint8Array, options: SessionOptions): Promise<ThreadRunner> {
    const ort = await loadOrt();
    return new ThreadRunner(ort, await ort.InferenceSession.create(bytes, options));
  }

  async run(feeds: Record<string, Feed>, outputs: string[]): Promise<RunOutputs> {
    const tensors: Record<string, OrtTensor> = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new this.ort.Tensor(feed.data, feed.dims);
    const results = (await this.session.run(tensors, outputs)) as Record<string, OrtTensor>;
    const out: RunOutputs = {};
    for (const name of outputs) {
      out[name] = { data: results[name].data, dims: [...results[name].dims] };
      results[name].dispose?.();
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function defaultThreads(): number {
  return Math.min(2, os.availableParallelism());
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}
