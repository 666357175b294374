// `npm run package [-- --target linux-x64] [-- --out FILE]`: builds the platform-specific VSIX users
// install (Extensions: Install from VSIX…).
//   1. the production bundles (node esbuild.js --production), with a metafile of what went into them;
//   2. a staging folder out/package/<target>/ holding what ships: the manifest, README, LICENSE.txt
//      (SeqLab's licence and every third-party notice), dist/, schemas/, samples/, media/, the
//      terminal's `seqlab` (bin/), and onnxruntime-node with that target's CPU binary only, under
//      dist/node_modules/ (where dist/cli.js resolves it);
//   3. @vscode/vsce packages the staging folder (no npm dependency walk: everything it needs is in
//      dist/), filtered by the whitelist .vscodeignore;
//   4. prints the native files it ships and the compressed and installed sizes.
// Default target: linux-x64 (this machine). vsce 3.9 runs on Node 20 (vsce 4 needs Node 22).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PackageManager, createVSIX, listFiles } from '@vscode/vsce';
import { licenceWithNotices } from './package/notices.mjs';
import { TARGETS, onnxruntimeFiles } from './package/targets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What ships besides dist/ and the onnxruntime files; .vscodeignore is the final word on each file. */
const SHIPPED = ['README.md', '.vscodeignore', 'schemas', 'samples', 'media', 'bin/seqlab', 'bin/seqlab.cmd', 'bin/seqlab.js'];

export async function packageVsix({ target = 'linux-x64', out, build = true, log = console.log } = {}) {
  if (!TARGETS[target]) throw new Error(`unknown target ${target}; one of: ${Object.keys(TARGETS).join(', ')}`);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.resolve(out ?? path.join(root, 'vsix', `seqlab-${target}-${version}.vsix`));
  const work = path.join(root, 'out', 'package');
  const staging = path.join(work, target);
  const metafile = path.join(work, 'meta.json');
  fs.mkdirSync(work, { recursive: true });
  const started = Date.now();
  if (build || !fs.existsSync(metafile)) {
    execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production', `--metafile=${metafile}`], { cwd: root, stdio: 'inherit' });
  }

  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const copy = (from, to = from) => fs.cpSync(path.join(root, from), path.join(staging, to), { recursive: true, preserveTimestamps: true });
  for (const entry of SHIPPED) if (fs.existsSync(path.join(root, entry))) copy(entry);
  // The manifest without what only a development checkout uses: npm scripts and dependency lists
  // (everything the extension runs is bundled into dist/; VS Code installs no npm dependencies).
  const { scripts: _scripts, devDependencies: _dev, dependencies: _bundled, ...manifest } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const name of fs.readdirSync(path.join(root, 'dist'))) if (name !== 'node_modules') copy(path.join('dist', name));
  const nodeModules = path.join(root, 'node_modules');
  const ortFiles = onnxruntimeFiles(target, (dir) => fs.readdirSync(path.join(nodeModules, dir)));
  for (const file of ortFiles) copy(path.join('node_modules', file), path.join('dist', 'node_modules', file));
  fs.writeFileSync(path.join(staging, 'LICENSE.txt'), licenceWithNotices(root, JSON.parse(fs.readFileSync(metafile, 'utf8'))));

  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  const options = { cwd: staging, target, dependencies: false, packageManager: PackageManager.None, allowMissingRepository: true, rewriteRelativeLinks: false };
  const files = await listFiles(options);
  await createVSIX({ ...options, packagePath: vsix });

  const installed = files.reduce((sum, file) => sum + fs.statSync(path.join(staging, file)).size, 0);
  const compressed = fs.statSync(vsix).size;
  const native = files.filter((file) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(file));
  log(`${path.relative(process.cwd(), vsix)}: ${files.length} files`);
  log(`  native files: ${native.map((file) => `${file} (${mb(fs.statSync(path.join(staging, file)).size)})`).join(', ')}`);
  log(`  compressed ${mb(compressed)}, installed ${mb(installed)}; built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { vsix, files, native, compressed, installed };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' }, 'no-build': { type: 'boolean' } } });
  packageVsix({ target: values.target, out: values.out, build: !values['no-build'] }).catch((error) => {
    console.error(`package: ${error.message}`);
    process.exit(1);
  });
}
