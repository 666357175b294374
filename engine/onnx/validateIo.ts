// Checks that SeqLab metadata describes the graph it travels with: the named inputs and outputs exist
// with the element types and ranks the runtime will feed and read, fixed sizes agree with the number
// of features, targets, classes and tokens, and the graph needs no input the runtime would not give.
import { DataType } from './proto';
import type { SeqLabModelMetadata } from './metadataTypes';
import type { GraphSummary } from './validate';
import { elementTypeName } from './limits';
import type { Reject, TensorType } from './validateTensor';

export function checkIoAgainstGraph(meta: SeqLabModelMetadata, graph: GraphSummary, reject: Reject): void {
  const io = meta.io;
  const find = (list: TensorType[], name: string | undefined, what: string): TensorType => {
    const found = list.find((value) => value.name === name);
    if (!found) reject(`metadata seqlab.io names ${what} "${name}", which the graph does not have`);
    return found;
  };
  const expect = (value: TensorType, types: number[], ranks: number[], fixed: [axis: number, size: number][] = []): void => {
    if (!types.includes(value.elemType)) {
      reject(`graph value ${value.name} holds ${elementTypeName(value.elemType)}; expected ${types.map(elementTypeName).join(' or ')}`);
    }
    if (!ranks.includes(value.dims.length)) reject(`graph value ${value.name} has rank ${value.dims.length}; expected ${ranks.join(' or ')}`);
    for (const [axis, size] of fixed) {
      const dim = value.dims[axis < 0 ? value.dims.length + axis : axis];
      if (typeof dim === 'number' && dim !== size) reject(`graph value ${value.name} has size ${dim} on axis ${axis}; the metadata implies ${size}`);
    }
  };
  const spec = meta.model;
  const fed = new Set<string>();
  const input = find(graph.inputs, io.input, 'input');
  fed.add(input.name);
  const output = find(graph.outputs, io.output, 'output');
  if (meta.task === 'text') {
    expect(input, [DataType.INT64, DataType.INT32], [2]);
    expect(output, [DataType.FLOAT], [3], [[-1, spec.outputSize]]);
    const state = (name: string | undefined, list: TensorType[], what: string) => {
      const value = find(list, name, what);
      expect(value, [DataType.FLOAT], [3], [[0, spec.layers], [2, spec.hiddenSize]]);
      return value;
    };
    fed.add(state(io.h0, graph.inputs, 'h0').name);
    state(io.hN, graph.outputs, 'hN');
    if (spec.cell === 'lstm') {
      fed.add(state(io.c0, graph.inputs, 'c0').name);
      state(io.cN, graph.outputs, 'cN');
    }
  } else {
    expect(input, [DataType.FLOAT], [3], [[2, meta.normalization!.features.names.length]]);
    if (io.lengths !== undefined) {
      const lengths = find(graph.inputs, io.lengths, 'lengths');
      expect(lengths, [DataType.INT32], [1]);
      fed.add(lengths.name);
    }
    if (meta.task === 'forecast') {
      // [batch, horizon, targets], or flat [batch, horizon·targets] (step-major) from other exporters.
      const targets = meta.normalization!.targets.names.length;
      expect(output, [DataType.FLOAT], [2, 3], output.dims.length === 3 ? [[1, meta.horizon!], [2, targets]] : [[1, meta.horizon! * targets]]);
    } else {
      expect(output, [DataType.FLOAT], [2], [[1, meta.classes!.length]]);
    }
  }
  const unfed = graph.inputs.find((value) => !fed.has(value.name));
  if (unfed) reject(`the graph needs input ${unfed.name}, which metadata seqlab.io does not describe`);
}
