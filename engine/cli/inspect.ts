// `seqlab inspect <model.onnx> [--json]`: what an ONNX file is, read by SeqLab's own validating reader
// (no onnxruntime needed): SeqLab metadata, graph inputs/outputs, operators. Works on any ONNX file
// SeqLab's checks accept, with or without SeqLab metadata.
import * as path from 'node:path';
import { describeSpacing } from '../data/time';
import { elementTypeName } from '../onnx/limits';
import { METADATA_KEYS, type SeqLabModelMetadata } from '../onnx/metadata';
import { readOnnx, type OnnxModelInfo } from '../onnx/reader';
import type { TensorType } from '../onnx/validateTensor';
import { readModelFile } from '../runtime/modelCache';
import { isSeqLabError } from '../errors';
import { EXIT, type Command } from './command';

const SEQLAB_KEYS = new Set<string>(Object.values(METADATA_KEYS));

export const inspectCommand: Command = {
  usage: 'inspect <model.onnx>... [--json] [--require-seqlab]',
  help: [
    '<model.onnx>  a model exported by SeqLab (or any ONNX file SeqLab accepts); several files are read one by one',
    '--json        print everything as JSON: one object, or for several files an array with {file, error} for',
    '              each file that cannot be read (the exit code is then 1)',
    '--require-seqlab  refuse a file without SeqLab metadata, as predict and sample do',
  ],
  options: { json: { type: 'boolean' }, 'require-seqlab': { type: 'boolean' } },
  positionals: [1, Infinity],
  async run(args, context) {
    const files = args.positionals;
    const read = (file: string) => readOnnx(readModelFile(path.resolve(file), file), { file, requireSeqLab: Boolean(args.values['require-seqlab']) });
    if (files.length === 1) {
      const [file] = files;
      const info = read(file);
      context.out(args.values.json ? JSON.stringify(jsonModel(file, info), null, 2) : describeModel(file, info).join('\n'));
      return EXIT.ok;
    }
    // Several files (the editor's model picker reads a workspace's models in one process): a file that
    // cannot be read is reported and the others still are.
    const results = files.map((file) => {
      try {
        return { file, info: read(file) };
      } catch (error) {
        if (!isSeqLabError(error)) throw error;
        context.err(`seqlab inspect: ${error.describe()}`);
        return { file, error: error.describe() };
      }
    });
    if (args.values.json) {
      context.out(JSON.stringify(results.map((result) => (result.info ? jsonModel(result.file, result.info) : { file: result.file, error: result.error }))));
    } else {
      context.out(results.filter((result) => result.info).map((result) => describeModel(result.file, result.info!).join('\n')).join('\n\n'));
    }
    return results.some((result) => result.error !== undefined) ? EXIT.badInput : EXIT.ok;
  },
};

function jsonModel(file: string, info: OnnxModelInfo) {
  const others = info.metadataProps.filter((prop) => !SEQLAB_KEYS.has(prop.key));
  const { metadataProps: _all, ...rest } = info;
  return { file, ...rest, inputs: info.inputs.map(jsonTensor), outputs: info.outputs.map(jsonTensor), otherMetadata: others };
}

function jsonTensor(value: TensorType) {
  return { name: value.name, type: elementTypeName(value.elemType), dims: value.dims };
}

export function describeModel(file: string, info: OnnxModelInfo): string[] {
  const meta = info.metadata;
  const lines = [`${file}: ${meta ? `SeqLab ${meta.task} model` : 'ONNX model without SeqLab metadata'} (IR ${info.irVersion}, opset ${info.opset}${info.producer ? `, ${info.producer}` : ''})`];
  if (meta) lines.push(...describeMetadata(meta));
  lines.push(`  parameters: ${info.parameterCount.toLocaleString('en-US')}`);
  const width = Math.max(...[...info.inputs, ...info.outputs].map((value) => value.name.length));
  const tensor = (value: TensorType) => `    ${value.name.padEnd(width)}  ${elementTypeName(value.elemType)} [${value.dims.join(', ')}]`;
  lines.push('  inputs:', ...info.inputs.map(tensor), '  outputs:', ...info.outputs.map(tensor));
  lines.push(`  operators: ${info.operators.map(({ op, count }) => (count > 1 ? `${op} ×${count}` : op)).join(', ')}`);
  const others = info.metadataProps.filter((prop) => !SEQLAB_KEYS.has(prop.key));
  if (others.length > 0) lines.push('  other metadata:', ...others.map(({ key, value }) => `    ${key}: ${value.length > 80 ? `${value.slice(0, 77)}...` : value}`));
  return lines;
}

function describeMetadata(meta: SeqLabModelMetadata): string[] {
  const spec = meta.model;
  const net = `${spec.input.kind === 'tokens' ? `embedding(${spec.input.vocab}→${spec.input.embed}) → ` : ''}${spec.layers}×${spec.cell.toUpperCase()}(${spec.hiddenSize}) → dense(${spec.outputSize}) on ${spec.headOn === 'last' ? 'the last step' : 'every step'}`;
  const lines = [`  network: ${net}`];
  const norm = meta.normalization;
  if (meta.task === 'text') {
    const { tokens, unknown, tokenizer } = meta.vocabulary!;
    const words = tokenizer?.type === 'word';
    const shown = tokens.filter((_, i) => i !== unknown).slice(0, words ? 30 : 60).map((t) => JSON.stringify(t).slice(1, -1)).join(words ? ' ' : '');
    const kind = `${words ? 'word' : 'character'} tokens${tokenizer?.lowercase ? ', lower-cased' : ''}`;
    lines.push(`  text: sequence length ${meta.window}; vocabulary ${tokens.length} ${kind}: ${shown}${tokens.length > (words ? 31 : 61) ? '…' : ''}`);
  } else {
    lines.push(meta.task === 'forecast'
      ? `  forecast: window ${meta.window} rows → next ${meta.horizon} step(s) of ${norm!.targets.names.join(', ')}`
      : `  classify: ${meta.sequenceId ? `sequences by ${meta.sequenceId} (up to ${meta.window} rows)` : `window ${meta.window} rows, label ${meta.labelOffset ?? 1} row(s) after`} → ${meta.label}: ${meta.classes!.join(', ')}`);
    lines.push(`  input columns: ${meta.inputColumns!.map((input) => (input.kind === 'numeric' ? input.column : `${input.column} (one-hot: ${input.levels.join('|')})`)).join(', ')}`);
    if (meta.time) lines.push(`  time column: ${(meta.time.columns ?? [meta.time.column]).join(' + ')} (${meta.time.format ? `${meta.time.format}, ` : ''}${describeSpacing(meta.time.spacing)}, ${meta.time.first} … ${meta.time.last})`);
    const relative = norm!.features.relative.some(Boolean) ? ' (each window relative to its last row)' : '';
    lines.push(`  scaling: ${norm!.scaling}, formulation ${norm!.formulation}${relative}; done inside the graph`);
    if (meta.columns) lines.push(`  columns: ${meta.columns.map((column) => `${column.name} [${column.role}]`).join('; ')}`);
  }
  if (meta.metrics) {
    for (const [split, values] of [['val', meta.metrics.val], ['test', meta.metrics.test]] as const) {
      if (values) lines.push(`  ${split} metrics: ${scalars(values)}`);
    }
    for (const [name, baseline] of Object.entries(meta.metrics.baselines ?? {})) {
      if (baseline.test) lines.push(`  baseline ${name} (test): ${scalars(baseline.test)}`);
    }
  }
  lines.push(`  engine ${meta.engineVersion}${meta.configHash ? `, config ${meta.configHash}` : ''}`);
  return lines;
}

function scalars(values: Record<string, unknown>): string {
  return Object.entries(values).filter(([, value]) => typeof value === 'number').map(([name, value]) => `${name} ${Number((value as number).toPrecision(4))}`).join(', ');
}
