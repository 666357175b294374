// The shape of one `seqlab <command>`: its flags (node:util parseArgs options), help text and action.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Lines for the user (stdout). */
  out: (text: string) => void;
  /** Diagnostics and progress (stderr). */
  err: (text: string) => void;
  /** Fires once when the user presses Ctrl-C; commands that run long stop cleanly on it. */
  interrupted: AbortSignal;
  /**
   * Fires once when the process is asked to end (SIGTERM: a shutdown, a supervisor), if a command listens
   * for it ('abort'); otherwise SIGTERM ends the process at once. A run being trained listens: it stops at
   * its next batch and stays interrupted (checkpoint kept, no summary) for `seqlab resume`.
   */
  shutdown?: AbortSignal;
  isTTY: boolean;
  /**
   * Set only in the CLI's own process (main.ts): a command that streams a long file calls it once its
   * worker threads have started, and the process's young generation stays at its first size from then on.
   */
  keepYoungGenerationSmall?: () => void;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

/** A command's arguments and action; its name and summary are listed in commands.ts. */
export interface Command {
  /** Usage line(s) after `seqlab `, e.g. `train <config> [--epochs N]`. */
  usage: string;
  /** Option descriptions for `seqlab <command> --help`, in display order. */
  help: string[];
  options: OptionSpec;
  /** How many positionals the command takes: [min, max]. */
  positionals: [number, number];
  /** Returns the process exit code. */
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}

/** Exit codes of the seqlab CLI (README documents them). */
export const EXIT = {
  ok: 0,
  badInput: 1,
  internal: 2,
  diverged: 3,
  interrupted: 130,
} as const;
