// Every `seqlab` command, in the order `seqlab --help` lists them.
import type { Command } from './command';

export const commands: Command[] = [];
