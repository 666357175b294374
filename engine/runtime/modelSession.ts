// A SeqLab model ready to run: the bytes are validated by SeqLab's own reader first (allow-listed
// operators, bounded sizes, no external data, SeqLab metadata consistent with the graph), and only then
// handed to onnxruntime, from memory (never from a path, so nothing next to the file is ever read).
//
// Where it runs: in the calling process. The CLI is already a process of its own; the extension should
// call the CLI (or this module in a child process) for models from untrusted workspaces, because
// onnxruntime is native code and the validator narrows, but cannot close, what a crafted file can do.
import * as os from 'node:os';
import { SeqLabError } from '../errors';
import { readOnnx, type OnnxModelInfo } from '../onnx/reader';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import { loadOrt, type Ort } from './ortLoader';

type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
type OrtTensor = InstanceType<Ort['Tensor']>;

export type FeedValue = Float32Array | Int32Array | BigInt64Array;

export interface Feed {
  data: FeedValue;
  dims: number[];
}

export class SeqLabModel {
  private released = false;

  private constructor(
    readonly info: OnnxModelInfo,
    readonly metadata: SeqLabModelMetadata,
    private readonly ort: Ort,
    private readonly session: Session,
    readonly file: string | undefined,
  ) {}

  /**
   * Validates `bytes`, then creates an onnxruntime session. `threads` (default: up to two, as training
   * uses) is onnxruntime's intra-op pool: a second thread halves a long `predict --rolling`'s forward
   * (npm run bench). Its threads do not spin while waiting for work, so a busy machine loses nothing.
   */
  static async load(bytes: Uint8Array, file?: string, threads = defaultThreads()): Promise<SeqLabModel> {
    const info = readOnnx(bytes, { file, requireSeqLab: true });
    const ort = await loadOrt();
    let session: Session;
    try {
      session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3,
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    } catch (error) {
      throw new SeqLabError('BAD_MODEL', `onnxruntime cannot load the model: ${message(error)}`, file === undefined ? {} : { file });
    }
    return new SeqLabModel(info, info.metadata!, ort, session, file);
  }

  /** Runs the graph on named inputs and returns the named outputs as typed arrays with their dims. */
  async run(feeds: Record<string, Feed>, outputs: string[]): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    if (this.released) throw new Error('this model was released');
    const tensors: Record<string, OrtTensor> = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new this.ort.Tensor(feed.data, feed.dims);
    let results: Record<string, OrtTensor>;
    try {
      results = (await this.session.run(tensors, outputs)) as Record<string, OrtTensor>;
    } catch (error) {
      // Shapes the graph cannot take (a wrong feature count from a foreign model, a token id outside the
      // vocabulary) surface here; the model is still usable for other inputs.
      throw new SeqLabError('BAD_MODEL', `onnxruntime could not run the model: ${message(error)}`, this.file === undefined ? {} : { file: this.file });
    }
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const name of outputs) {
      const tensor = results[name];
      if (!(tensor.data instanceof Float32Array)) throw new SeqLabError('BAD_MODEL', `output ${name} is not float32`);
      out[name] = { data: tensor.data, dims: [...tensor.dims] };
      tensor.dispose?.();
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}

function defaultThreads(): number {
  return Math.min(2, os.availableParallelism());
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}
