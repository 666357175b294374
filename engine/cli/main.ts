// Entry point of the `seqlab` CLI: dispatch, help, exit codes and error reporting.
// Bad input, or a file the system cannot read or write → exit 1 with a message naming file/row/column/
// path (OS errors are mapped in one place, engine/io/osError.ts); a bug → exit 2; no stack trace unless
// --debug.
import { getEventListeners } from 'node:events';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { commands, type CommandEntry } from './commands';
import { EXIT, type Command, type CommandContext } from './command';
import { userErrorOf } from '../io/osError';
import { ENGINE_VERSION } from '../version';

function usage(): string {
  const width = Math.max(...commands.map((entry) => entry.name.length));
  return [
    'Usage: seqlab <command> [options]',
    '',
    'Commands:',
    ...commands.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.summary}`),
    '',
    'Options: --help, --version, --debug (show stack traces)',
    "Run 'seqlab <command> --help' for a command's options.",
  ].join('\n');
}

function commandHelp(entry: CommandEntry, command: Command): string {
  return [`Usage: seqlab ${command.usage}`, '', entry.summary, '', ...command.help.map((line) => `  ${line}`)].join('\n');
}

export async function main(argv: string[], context: CommandContext): Promise<number> {
  const debug = argv.includes('--debug');
  const rest = argv.filter((arg) => arg !== '--debug');
  const [name, ...args] = rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.err : context.out)(usage());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    context.out(ENGINE_VERSION);
    return EXIT.ok;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    context.err(`seqlab: unknown command '${name}'\n\n${usage()}`);
    return EXIT.badInput;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    context.out(commandHelp(entry, command));
    return EXIT.ok;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    context.err(`seqlab ${entry.name}: ${(error as Error).message}\n\n${commandHelp(entry, command)}`);
    return EXIT.badInput;
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    context.err(`seqlab ${entry.name}: expected ${expected} argument(s), got ${parsed.positionals.length}\n\n${commandHelp(entry, command)}`);
    return EXIT.badInput;
  }
  try {
    return await command.run(parsed, context);
  } catch (thrown) {
    const error = userErrorOf(thrown);
    if (error) {
      context.err(`seqlab ${entry.name}: ${error.describe()}`);
      if (debug) context.err((thrown as Error).stack ?? '');
      if (error.code === 'DIVERGED') return EXIT.diverged;
      if (error.code === 'STOPPED') return EXIT.interrupted;
      if (error.code === 'UNAVAILABLE') return EXIT.internal;
      return EXIT.badInput;
    }
    context.err(`seqlab ${entry.name}: internal error: ${(thrown as Error)?.message ?? String(thrown)}`);
    context.err(debug ? ((thrown as Error)?.stack ?? '') : 'Run again with --debug for the stack trace, and please report it.');
    return EXIT.internal;
  }
}

/**
 * What `predict` asks of the CLI's own process once its session worker runs (CommandContext). It streams:
 * at any moment it holds a few batches of windows and rows, yet V8 doubles the young generation each time
 * enough has survived since the last doubling, up to 16 MB semi-spaces (28 MB resident), and 250,000 rows
 * get there. A growth factor of 1 keeps the semi-spaces at 1–2 MB: peak memory 156 → 130 MB on the
 * bench's 250,000 rows, 1% slower. V8 reads the factor when new space would grow, so it can be set now
 * (the size flags are read only at startup), but it resets it to 2 whenever an isolate starts (a worker
 * thread), hence after the worker. Not in tests, which run main() in their own process.
 */
function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** Runs the CLI on process.argv; called by bin/seqlab.js. */
export function runFromProcess(): void {
  // `seqlab inspect model.onnx | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
  const interrupted = new AbortController();
  process.on('SIGINT', () => {
    if (interrupted.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait
    interrupted.abort();
  });
  // SIGTERM ends the process as by default, unless a command listens for it (a run being trained, which
  // then ends interrupted at its next batch); a second SIGTERM does not wait.
  const shutdown = new AbortController();
  process.on('SIGTERM', () => {
    if (shutdown.signal.aborted || getEventListeners(shutdown.signal, 'abort').length === 0) {
      process.removeAllListeners('SIGTERM');
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    shutdown.abort();
  });
  const context: CommandContext = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    interrupted: interrupted.signal,
    shutdown: shutdown.signal,
    isTTY: Boolean(process.stderr.isTTY),
    keepYoungGenerationSmall,
  };
  main(process.argv.slice(2), context).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`seqlab: internal error: ${String(error)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

