import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';

// Every suite works on a copy of its workspace in a temporary folder: training writes configs and run
// folders, and nothing may be written into the repository. The copy is removed when the suite ends.

/** Files to copy, by path relative to the repository, to a name in the workspace. */
export type WorkspaceFiles = Readonly<Record<string, string>>;

export interface WorkspaceCopy {
  readonly folder: string;
  remove(): void;
}

export function copyWorkspace(name: string, files: WorkspaceFiles): WorkspaceCopy {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-workspace-'));
  const folder = path.join(parent, name);
  fs.mkdirSync(folder);
  for (const [target, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, target)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, source), path.join(folder, target));
  }
  return { folder, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}
