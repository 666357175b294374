// What `npm run package` puts in a VSIX besides the bundles (scripts/package/): per target, only that
// platform's onnxruntime binding and CPU library; and a LICENSE.txt with the notice and licence text of
// every package esbuild bundled, onnxruntime and the vendored onnx.proto. (test/e2e/vsix packages a
// real VSIX, installs it and checks its native files.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { expect, test } from 'vitest';
import { bundledPackages, licenceWithNotices } from '../../../scripts/package/notices.mjs';
import { TARGETS, onnxruntimeFiles } from '../../../scripts/package/targets.mjs';

const ROOT = path.join(__dirname, '../../..');
const list = (dir: string) => fs.readdirSync(path.join(ROOT, 'node_modules', dir));

test('each target ships its own binding and CPU library, and nothing of another platform or a GPU provider', () => {
  const native = (target: string) => onnxruntimeFiles(target, list).filter((file) => file.includes('/bin/'));
  expect(native('linux-x64')).toEqual(['onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node', 'onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1']);
  expect(native('darwin-arm64')).toEqual(['onnxruntime-node/bin/napi-v6/darwin/arm64/onnxruntime_binding.node', 'onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib']);
  expect(native('win32-x64')).toEqual(['onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime_binding.node', 'onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll']);
  for (const target of Object.keys(TARGETS)) {
    for (const file of onnxruntimeFiles(target, list)) expect(fs.existsSync(path.join(ROOT, 'node_modules', file)), file).toBe(true);
  }
  expect(() => onnxruntimeFiles('darwin-x64', list)).toThrow(/unknown target darwin-x64; one of: linux-x64/);
});

test("LICENSE.txt carries every bundled package's licence, onnxruntime's and onnx.proto's", async () => {
  // The bundles' real inputs, as npm run package builds them.
  const inputs: Record<string, string[]> = {};
  for (const [name, entry] of [['cli', 'engine/cli/main.ts'], ['webview', 'webview/main.ts']] as const) {
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, entry)], bundle: true, write: false, metafile: true, platform: name === 'cli' ? 'node' : 'browser',
      external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'], loader: { '.css': 'empty' }, logLevel: 'silent', absWorkingDir: ROOT,
    });
    inputs[name] = Object.keys(result.metafile.inputs);
  }
  const packages = [...bundledPackages({ inputs }).keys()];
  for (const name of ['ajv', 'csv-parse', 'protobufjs', 'cli-progress', 'chart.js', 'long']) expect(packages).toContain(name);
  const text = licenceWithNotices(ROOT, { inputs });
  expect(text.startsWith(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8').trim())).toBe(true);
  for (const name of packages) expect(text, name).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\S+ \\(`, 'm'));
  expect(text).toContain('Copyright (c) 2018 - present Microsoft Corporation'); // onnxruntime
  expect(text).toContain('Apache License'); // onnx.proto (and long)
  expect(text).toContain('Chart.js Contributors');
});

test('a bundled package without a licence file stops the build', () => {
  const fake = path.join(ROOT, 'test/artifacts/package-notices/node_modules/unlicensed');
  fs.mkdirSync(fake, { recursive: true });
  fs.writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: 'unlicensed', version: '1.0.0', license: 'MIT' }));
  const inputs = { cli: ['test/artifacts/package-notices/node_modules/unlicensed/index.js'] };
  expect(() => licenceWithNotices(ROOT, { inputs })).toThrow(/unlicensed .* has no licence file/);
});
