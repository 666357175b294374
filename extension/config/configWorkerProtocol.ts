import type { ConfigProblem, SeqLabConfig } from '../../engine/index';

// Requests from the extension host to the config worker (dist/configWorker.js) and its answers:
// types only. Proposing a config reads and prepares the whole data file, and diagnosing one reads its
// data file's head and counts its rows, so both run off the host's thread. Each request carries an id;
// the answer repeats it.

export type ConfigRequest =
  /** Propose a config for `dataFile` (as `seqlab init` does) and write it atomically to `configFile`. */
  | { readonly id: number; readonly kind: 'propose'; readonly dataFile: string; readonly configFile: string }
  /** Every problem of a config's text (the engine's diagnoseConfig), each with its JSON pointer and text range. */
  | { readonly id: number; readonly kind: 'diagnose'; readonly text: string; readonly configFile: string };

export type ConfigAnswer =
  | { readonly id: number; readonly ok: true; readonly kind: 'propose'; readonly summary: string }
  | {
    readonly id: number; readonly ok: true; readonly kind: 'diagnose'; readonly problems: readonly ConfigProblem[];
    /** The config with every default applied, when it has no errors (for the next run's change label). */
    readonly config: SeqLabConfig | null;
  }
  /** The user's input is at fault (`userError`), or SeqLab is. */
  | { readonly id: number; readonly ok: false; readonly message: string; readonly userError: boolean };
