// Runs the real CLI entry (engine/cli/main.ts) with a captured context.
import { main } from '../../../engine/cli/main';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    interrupted: new AbortController().signal,
    isTTY: false,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
