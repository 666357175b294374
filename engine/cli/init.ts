// `seqlab init <data>`: proposes a config for a data file and writes it atomically beside the data
// (`sunspots.csv` → `sunspots.seqlab.json`), or to --out. Never overwrites without --force. The data is
// fully prepared before anything is written, so a file that cannot be used leaves nothing behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfigPath, proposeConfig } from '../config/propose';
import { shapeOfPrepared } from '../config/memory';
import { describeMemory, memoryReport } from '../config/memoryCheck';
import { readCsvFile } from '../data/csv/readCsv';
import { detectWideTable, monthlyFileName, wideToMonthlyCsv } from '../data/wideTable';
import { ENGINE_FLOPS_PER_SECOND } from '../config/sizing';
import { SeqLabError } from '../errors';
import { atomicWriteFileSync } from '../io/atomicWrite';
import { statRegularFile } from '../io/files';
import type { Task } from '../data/types';
import type { Command } from './command';

const TASKS: Task[] = ['forecast', 'classify', 'text'];

export const initCommand: Command = {
  usage: 'init <data> [--task forecast|classify|text] [--target COL] [--sequence-id COL] [--as-monthly-series] [--out FILE] [--force]',
  help: [
    '<data>              a .csv file (forecast, or classify with --task) or a .txt file (text)',
    '--task TASK         forecast | classify | text (default: text for .txt, else forecast)',
    '--target COL        column to predict (repeat for several forecast targets; classify: the label)',
    '--sequence-id COL   classify: rows with the same value form one sequence with one label',
    '--as-monthly-series a years × 12 months table (Year, Jan … Dec): write it as one monthly series',
    '                    (<name>.monthly.csv: month, value) beside it and propose a config for that file',
    '--out FILE          write the config here instead of <data folder>/<name>.seqlab.json',
    '--force             overwrite an existing config',
  ],
  options: {
    task: { type: 'string' },
    target: { type: 'string', multiple: true },
    'sequence-id': { type: 'string' },
    'as-monthly-series': { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(args, context) {
    let dataFile = path.resolve(args.positionals[0]);
    const task = args.values.task as string | undefined;
    if (task !== undefined && !TASKS.includes(task as Task)) {
      throw new SeqLabError('BAD_ARGUMENT', `--task must be one of ${TASKS.join(', ')}, got ${JSON.stringify(task)}`);
    }
    statRegularFile(dataFile, { what: 'data file' });
    const wideTable = args.values['as-monthly-series'] ? dataFile : null;
    if (wideTable) dataFile = path.join(path.dirname(wideTable), monthlyFileName(wideTable));
    const out = path.resolve((args.values.out as string | undefined) ?? defaultConfigPath(dataFile));
    if (isFolder(out)) throw new SeqLabError('IO', 'is a folder, not a file', { file: out }, `give --out a file name, e.g. ${path.join(out, path.basename(defaultConfigPath(dataFile)))}`);
    if (!args.values.force && fs.existsSync(out)) {
      throw new SeqLabError('BAD_ARGUMENT', `${out} already exists`, {}, 'pass --force to overwrite it, or --out FILE to write another file');
    }
    if (!fs.existsSync(path.dirname(out))) throw new SeqLabError('IO', 'the folder for the config does not exist', { file: out });
    if (wideTable) await writeMonthlySeries(wideTable, dataFile, Boolean(args.values.force), context.out);
    const { config, prepared, sizing } = await proposeConfig({
      dataFile,
      configFile: out,
      task: task as Task | undefined,
      targets: args.values.target as string[] | undefined,
      sequenceId: args.values['sequence-id'] as string | undefined,
    });
    atomicWriteFileSync(out, JSON.stringify(config, null, 2) + '\n');

    const { data, model, training } = config;
    const what = prepared.task === 'forecast'
      ? `forecast ${prepared.targetNames.map((n) => JSON.stringify(n)).join(', ')} ${data.horizon} step(s) ahead from ${prepared.window} rows of ${prepared.input.size} input(s)`
      : prepared.task === 'classify'
        ? `classify ${JSON.stringify(prepared.labelColumn)} (${prepared.classNames.length} classes) from ${prepared.sequenceIdColumn ? `sequences of up to ${prepared.window} rows` : `${prepared.window} rows, ${data.labelOffset} row(s) ahead`}`
        : prepared.tokenizer.type === 'word'
          ? `next word from ${prepared.window} words and punctuation marks (lower-cased, vocabulary ${prepared.outputSize})`
          : `next character from ${prepared.window} characters (vocabulary ${prepared.outputSize})`;
    const perEpoch = training.maxWindowsPerEpoch ? `, ${training.maxWindowsPerEpoch} windows per epoch` : '';
    context.out(`Wrote ${path.relative(process.cwd(), out) || out}`);
    context.out(`  ${what}`);
    const time = prepared.task === 'text' ? null : prepared.report.time;
    if (time) context.out(`  time: ${time.columns.map((c) => JSON.stringify(c)).join(' + ')}${time.format ? ` (${time.format})` : ''}, ${time.spacing}, ${time.from} to ${time.to}`);
    context.out(`  windows: ${prepared.splits.train.windows} train / ${prepared.splits.validation.windows} validation / ${prepared.splits.test.windows} test`);
    context.out(`  model: ${model.cell.toUpperCase()} ${model.hiddenSize} × ${model.layers}; up to ${training.epochs} epochs${perEpoch}, about ${Math.max(1, Math.round(sizing.estimatedSeconds / 60))} min at ${ENGINE_FLOPS_PER_SECOND / 1e9} GFLOP/s`);
    context.out(`  ${describeMemory(memoryReport(config, shapeOfPrepared(prepared))).replace(/^Memory to train/, 'memory to train')}`);
    for (const note of prepared.report.notes) context.out(`  note: ${note}`);
    context.out(`Next: seqlab data ${path.relative(process.cwd(), out) || out}`);
    return 0;
  },
};

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** `--as-monthly-series`: the wide table rewritten as <name>.monthly.csv beside it. */
async function writeMonthlySeries(dataFile: string, monthly: string, force: boolean, say: (line: string) => void): Promise<void> {
  const wide = detectWideTable(await readCsvFile(dataFile));
  if (!wide) {
    throw new SeqLabError('BAD_ARGUMENT', `--as-monthly-series: ${path.basename(dataFile)} is not a years × months table (a year column and columns Jan … Dec)`);
  }
  if (!force && fs.existsSync(monthly)) throw new SeqLabError('BAD_ARGUMENT', `${monthly} already exists`, {}, 'pass --force to overwrite it');
  const { csv, rows } = wideToMonthlyCsv(wide, path.basename(dataFile, path.extname(dataFile)));
  atomicWriteFileSync(monthly, csv);
  say(`Wrote ${path.relative(process.cwd(), monthly) || monthly}: ${rows} months from ${wide.year.numbers.length} rows of ${JSON.stringify(wide.year.name)} × 12 month columns${wide.others.length ? ` (left out: ${wide.others.join(', ')})` : ''}`);
}
