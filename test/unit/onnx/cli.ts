// Runs `seqlab …` through the CLI entry in this process, capturing exit code, stdout and stderr.
import type { CommandContext } from '../../../engine/cli/command';
import { main } from '../../../engine/cli/main';

export async function seqlab(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const context: CommandContext = { out: (t) => out.push(t), err: (t) => err.push(t), interrupted: new AbortController().signal, isTTY: false };
  const code = await main(argv, context);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
