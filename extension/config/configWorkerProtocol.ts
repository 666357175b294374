// Requests from the extension host to the config worker (dist/configWorker.js) and its answers:
// types only. Proposing a config reads and prepares the whole data file, and diagnosing one may
// too, so both run off the host's thread. Each request carries an id; the answer repeats it.

export type ConfigRequest =
  /** Propose a config for `dataFile` (as `seqlab init` does) and write it atomically to `configFile`. */
  | { readonly id: number; readonly kind: 'propose'; readonly dataFile: string; readonly configFile: string }
  /** The problems of a config's text that the schema cannot see (JSON pointers into the text). */
  | { readonly id: number; readonly kind: 'diagnose'; readonly text: string; readonly configFile: string };

export interface ConfigProblemMessage {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  readonly severity: string;
}

export type ConfigAnswer =
  | { readonly id: number; readonly ok: true; readonly kind: 'propose'; readonly summary: string }
  | { readonly id: number; readonly ok: true; readonly kind: 'diagnose'; readonly problems: readonly ConfigProblemMessage[] }
  /** The user's input is at fault (`userError`), or SeqLab is. */
  | { readonly id: number; readonly ok: false; readonly message: string; readonly userError: boolean };
