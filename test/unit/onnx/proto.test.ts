// The vendored schema and the protobuf layer: the embedded text is the vendored file, the constants
// SeqLab uses agree with the schema's enums, and encode → decode gives back what was written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type * as protobuf from 'protobufjs';
import { ONNX_PROTO_TEXT } from '../../../engine/onnx/proto/onnxProtoText.generated';
import { AttributeType, DataType, decodeModelProto, encodeModelProto, lookupOnnx, modelProtoType, toSafeInt } from '../../../engine/onnx/proto';

const protoDir = join(__dirname, '../../../engine/onnx/proto');

describe('vendored onnx.proto', () => {
  test('the generated module holds exactly the vendored file (regenerate: node engine/onnx/proto/generate.mjs)', () => {
    expect(ONNX_PROTO_TEXT).toBe(readFileSync(join(protoDir, 'onnx.proto'), 'utf8'));
  });

  test('is the ONNX v1.12.0 schema named in its README (sha256, IR_VERSION 8, Apache-2.0)', () => {
    const sha = createHash('sha256').update(readFileSync(join(protoDir, 'onnx.proto'))).digest('hex');
    expect(readFileSync(join(protoDir, 'README.md'), 'utf8')).toContain(sha);
    expect(ONNX_PROTO_TEXT).toContain('IR_VERSION = 0x0000000000000008;');
    expect(ONNX_PROTO_TEXT).toContain('SPDX-License-Identifier: Apache-2.0');
    expect(readFileSync(join(protoDir, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  test('DataType and AttributeType constants match the schema enums', () => {
    const dataType = (lookupOnnx('onnx.TensorProto.DataType') as protobuf.Enum).values;
    for (const [name, value] of Object.entries(DataType)) expect([name, dataType[name]]).toEqual([name, value]);
    const attributeType = (lookupOnnx('onnx.AttributeProto.AttributeType') as protobuf.Enum).values;
    for (const [name, value] of Object.entries(AttributeType)) expect([name, attributeType[name]]).toEqual([name, value]);
  });

  test('ModelProto field numbers are the ones the research notes and other tools use', () => {
    const fields = modelProtoType().fields;
    expect([fields.ir_version.id, fields.graph.id, fields.opset_import.id, fields.metadata_props.id]).toEqual([1, 7, 8, 14]);
  });
});

describe('encode → decode', () => {
  test('round-trips a small model, int64 as decimal strings, raw_data bytes intact', () => {
    const raw = Uint8Array.from([0, 0, 128, 63, 0, 0, 0, 64]); // float32 1, 2
    const bytes = encodeModelProto({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        node: [{ op_type: 'Identity', input: ['w'], output: ['y'], name: 'n' }],
        initializer: [{ name: 'w', dims: [2], data_type: DataType.FLOAT, raw_data: raw }],
        output: [{ name: 'y', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_value: 2 }] } } } }],
      },
      metadata_props: [{ key: 'k', value: 'v' }],
    });
    const model = decodeModelProto(bytes);
    expect(model.ir_version).toBe('8');
    expect(model.opset_import?.[0].version).toBe('17');
    expect(model.graph?.node?.[0]).toMatchObject({ op_type: 'Identity', input: ['w'], output: ['y'] });
    expect(Array.from(model.graph!.initializer![0].raw_data!)).toEqual(Array.from(raw));
    expect(model.metadata_props).toEqual([{ key: 'k', value: 'v' }]);
  });

  test('toSafeInt refuses int64 values a double cannot hold exactly', () => {
    expect(toSafeInt('9007199254740991')).toBe(9007199254740991);
    expect(toSafeInt('9223372036854775807')).toBeUndefined();
    expect(toSafeInt('-1')).toBe(-1);
    expect(toSafeInt(undefined)).toBeUndefined();
  });
});
