// `seqlab data <config>`: loads the config, prepares the data exactly as training will, and prints the
// data report (or the report as JSON), with the memory training it would take.
import { loadConfig } from '../config/load';
import { shapeOfPrepared } from '../config/memory';
import { describeMemory, memoryReport } from '../config/memoryCheck';
import { formatDataReport, prepareData } from '../data/prepare';
import type { Command } from './command';

export const dataCommand: Command = {
  usage: 'data <config> [--json]',
  help: ['<config>   a .seqlab.json file', '--json     print the report as JSON'],
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    const { config, file } = loadConfig(args.positionals[0]);
    const prepared = await prepareData(config, file);
    const memory = memoryReport(config, shapeOfPrepared(prepared));
    context.out(args.values.json ? JSON.stringify({ ...prepared.report, memory }, null, 2) : `${formatDataReport(prepared.report)}\n\n${describeMemory(memory)}`);
    return 0;
  },
};
