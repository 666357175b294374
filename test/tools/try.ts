import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer';
import { repoRoot } from './paths';

// `npm run try [-- --port N]`: SeqLab as a user gets it, in a browser on this machine. code-server
// (the real VS Code of the test bed) starts with a fresh profile, the packaged VSIX installed the way
// Extensions: Install from VSIX… installs it (no development path), and a copy of the samples open as
// the workspace. Prints the URL; Ctrl+C stops the server. The copy of the samples stays, with whatever
// was trained in it, and its path is printed.

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, vsix: { type: 'string' } } });
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.resolve(values.vsix ?? path.join(repoRoot, 'vsix', `seqlab-linux-x64-${version}.vsix`));
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-try-')), 'samples');
  fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });

  const server = await startCodeServer({ vsix, bindAddress: `127.0.0.1:${values.port}`, developmentPayload: false });
  const url = `${server.origin}/?${new URLSearchParams({ folder: workspace })}`;
  console.log(`SeqLab (${path.basename(vsix)}) in VS Code: ${url}`);
  console.log(`Workspace: ${workspace} (a copy of samples/; kept after you stop)`);
  console.log('Press Ctrl+C to stop.');
  // codeServer.ts stops the server and removes its profile on Ctrl+C or SIGTERM.
  await new Promise<never>(() => undefined);
}

main().catch((error: unknown) => {
  console.error(`try: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
