import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { atomicWriteFileSync, diagnoseConfig, isSeqLabError, parseConfigText, proposeConfig, SeqLabError } from '../../engine/index';
import type { ConfigAnswer, ConfigRequest } from './configWorkerProtocol';

// The config worker (dist/configWorker.js): proposes configs for data files, and diagnoses and
// validates config text with the engine, off the extension host's thread (which then never compiles
// the config schema, nor reads a data file). Requests are answered one at a time.

const port = parentPort;
if (!port) throw new Error('configWorker.js runs as a worker thread');

async function answer(request: ConfigRequest): Promise<ConfigAnswer> {
  try {
    switch (request.kind) {
      case 'propose':
        return { id: request.id, ok: true, kind: 'propose', summary: await propose(request.dataFile, request.configFile) };
      case 'diagnose': {
        const problems = await diagnoseConfig(request.text, request.configFile);
        const config = problems.some((problem) => problem.severity === 'error') ? null : parseConfigText(request.text, request.configFile);
        return { id: request.id, ok: true, kind: 'diagnose', problems, config };
      }
    }
  } catch (error) {
    return isSeqLabError(error)
      ? { id: request.id, ok: false, message: error.describe(), userError: true }
      : { id: request.id, ok: false, message: error instanceof Error ? error.stack ?? error.message : String(error), userError: false };
  }
}

/** As `seqlab init`: the data is prepared in full before anything is written; never overwrites. */
async function propose(dataFile: string, configFile: string): Promise<string> {
  if (fs.existsSync(configFile)) throw new SeqLabError('BAD_ARGUMENT', 'a config of this name exists already', { file: configFile });
  const { config, prepared } = await proposeConfig({ dataFile, configFile });
  atomicWriteFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  const { model, training } = config;
  return `${prepared.task}: ${model.cell.toUpperCase()} ${model.hiddenSize} × ${model.layers}, up to ${training.epochs} epochs`;
}

let queue = Promise.resolve();
port.on('message', (request: ConfigRequest) => {
  queue = queue.then(async () => port.postMessage(await answer(request)));
});
