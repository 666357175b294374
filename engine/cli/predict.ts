// `seqlab predict <model.onnx> <input.csv> [--out FILE] [--rolling]`: runs a forecast or classify model
// on a CSV with onnxruntime-node. The model is validated before anything runs; columns are matched by
// name from the model's metadata; the output is CSV (shapes in engine/runtime/predictTable.ts, the
// streaming and column paths in engine/runtime/predictFile.ts).
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { readModelFile } from '../runtime/modelCache';
import { SeqLabModel } from '../runtime/modelSession';
import { predictFile } from '../runtime/predictFile';
import { EXIT, type Command } from './command';

export const predictCommand: Command = {
  usage: 'predict <model.onnx> <input.csv> [--out FILE] [--rolling] [--json]',
  help: [
    '<model.onnx>  a model exported by SeqLab (<run-dir>/model.onnx)',
    '<input.csv>   rows with the columns the model was trained on (matched by name; extra columns are ignored)',
    '--out FILE    write the CSV here (atomically) instead of printing it',
    '--json        with --out: print {out, rows, preview} as JSON, the preview being the last 500 rows beside the',
    "              input's own values there (what the editor's panel shows)",
    '--rolling     a prediction for every row that has a full window before it:',
    '              row,<time>,<target>_pred[,<target>_pred_h2…] (forecast) or row,<time>,<label>_pred,p_<class>… (classify)',
    'Default: forecast → the next horizon steps after the last window (<time>,<target>_pred…, the time column',
    'continued when regular, else step); classify → class probabilities for the last window (or per sequence).',
  ],
  options: { out: { type: 'string' }, rolling: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [2, 2],
  async run(args, context) {
    const [modelFile, inputFile] = args.positionals;
    const rolling = Boolean(args.values.rolling);
    // --rolling runs a window per row: the session on a worker overlaps the forward with the CSV.
    const model = await SeqLabModel.load(readModelFile(path.resolve(modelFile), modelFile), modelFile, { worker: rolling });
    context.keepYoungGenerationSmall?.();
    try {
      if (model.metadata.task === 'text') {
        throw new SeqLabError('BAD_ARGUMENT', 'this is a text model; generate text with seqlab sample', { file: modelFile }, `seqlab sample ${modelFile} --prompt "..."`);
      }
      const out = args.values.out as string | undefined;
      const json = Boolean(args.values.json);
      if (json && out === undefined) throw new SeqLabError('BAD_ARGUMENT', '--json describes a file written with --out; give --out FILE');
      const { rows, preview } = await predictFile(model, inputFile, {
        rolling, out: out ?? null, preview: json, print: (text) => context.out(text), warn: (text) => context.err(`warning: ${text}`),
      });
      if (out !== undefined) {
        context.err(`wrote ${rows} prediction row(s) to ${out}`);
        if (json) context.out(JSON.stringify({ out, rows, preview }));
      }
      return EXIT.ok;
    } finally {
      await model.release();
    }
  },
};
