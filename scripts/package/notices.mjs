// LICENSE.txt of the VSIX: SeqLab's licence, then the notices of everything else it ships, each with
// its own licence text as the package has it:
//   - the npm packages esbuild bundled into dist/*.js (read from the build's metafile, so the list is
//     exactly what was bundled: chart.js, ajv, csv-parse, protobufjs, cli-progress and their dependencies);
//   - onnxruntime-node and onnxruntime-common, shipped as files (their npm packages carry no licence
//     file, so the text is onnxruntime's LICENSE, kept in scripts/package/onnxruntime-LICENSE.txt);
//   - the vendored onnx.proto (engine/onnx/proto/LICENSE), bundled into the CLI as text.
// A bundled package without a licence file stops the build: nothing ships without its notice.
import * as fs from 'node:fs';
import * as path from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying)(-mit)?(\.(md|txt))?$/i;

/** The npm packages whose code is in the bundles: name → folder under node_modules. */
export function bundledPackages(metafile) {
  const packages = new Map();
  for (const inputs of Object.values(metafile.inputs)) {
    for (const input of inputs) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const parts = input.slice(at + 'node_modules/'.length).split('/');
      const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      packages.set(name, input.slice(0, at + 'node_modules/'.length) + name);
    }
  }
  return new Map([...packages].sort(([a], [b]) => a.localeCompare(b)));
}

function licenceText(folder, name) {
  const file = fs.readdirSync(folder).find((entry) => LICENCE_FILE.test(entry));
  if (!file) throw new Error(`${name} (${folder}) has no licence file: add its licence text to scripts/package/notices.mjs before shipping it`);
  return fs.readFileSync(path.join(folder, file), 'utf8').trim();
}

function section(title, text) {
  return `${'-'.repeat(78)}\n${title}\n\n${text.trim()}\n`;
}

export function licenceWithNotices(root, metafile) {
  const manifest = (folder) => JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const sections = [];
  for (const [name, relative] of bundledPackages(metafile)) {
    const folder = path.join(root, relative);
    const { version, license } = manifest(folder);
    sections.push(section(`${name} ${version} (${license}), bundled into dist/`, licenceText(folder, name)));
  }
  const ort = manifest(path.join(root, 'node_modules/onnxruntime-node'));
  sections.push(section(
    `onnxruntime-node and onnxruntime-common ${ort.version} (${ort.license}), shipped in dist/node_modules/`,
    `${fs.readFileSync(path.join(root, 'scripts/package/onnxruntime-LICENSE.txt'), 'utf8')}\n`
      + 'The onnxruntime library (libonnxruntime / onnxruntime.dll) includes third-party components whose\n'
      + `notices are in onnxruntime's ThirdPartyNotices.txt (github.com/microsoft/onnxruntime, release ${ort.version}).`,
  ));
  sections.push(section('onnx.proto from ONNX 1.12.0 (Apache-2.0), bundled into dist/cli.js as text',
    fs.readFileSync(path.join(root, 'engine/onnx/proto/LICENSE'), 'utf8')));
  const own = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8').trim();
  return [
    own,
    '',
    '='.repeat(78),
    'THIRD-PARTY NOTICES',
    '',
    'SeqLab ships the following software by others, each under its own licence, reproduced below.',
    'The sample datasets in samples/ have their sources and licences in samples/NOTICE.md.',
    '',
    ...sections,
  ].join('\n');
}
